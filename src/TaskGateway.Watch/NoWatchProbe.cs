namespace TaskGateway.Watch;

/// <summary>The probe in production: nobody watches the engine's steps.</summary>
internal sealed class NoWatchProbe : IWatchProbe
{
    public static readonly NoWatchProbe Instance = new();

    private NoWatchProbe()
    {
    }

    public void PollStarted(PollerKey key)
    {
    }

    public void Waiting(PollerKey key)
    {
    }

    public void Published(PollerKey key, long version)
    {
    }

    public void Applied()
    {
    }

    public void Ticked()
    {
    }
}
