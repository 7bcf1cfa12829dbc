using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using TaskGateway.Events.Store;

namespace TaskGateway.Events.Webhooks;

/// <summary>
/// Posts signed CloudEvents over one connection pool. No proxy (it would connect to the sink itself, past the address
/// check), no redirects (a sink could send the gateway anywhere), no cookies, connections recycled after a few
/// minutes so a sink's DNS changes are seen; every connection goes through <see cref="SinkConnector"/>.
/// </summary>
internal sealed class WebhookSender : IWebhookSender, IDisposable
{
    /// <summary>How much of the sink's answer is read (and thrown away) so that the connection can be reused.</summary>
    public const int MaxDrainedBytes = 64 * 1024;

    private const string UserAgent = "TaskGateway-Webhooks/1";

    private readonly TimeSpan _timeout;
    private readonly TimeProvider _time;
    private readonly CloudEventWriter _writer;
    private readonly WebhookSigner _signer;
    private readonly SinkAddressPolicy _policy;
    private readonly ILogger _logger;
    private readonly HttpClient _client;

    public WebhookSender(IOptions<EventsOptions> options, TimeProvider time, CloudEventWriter writer, WebhookSigner signer, SinkAddressPolicy policy, IHostResolver resolver, ILoggerFactory loggers)
    {
        (_time, _writer, _signer, _policy) = (time, writer, signer, policy);

        // The options' validation should refuse a timeout that is not positive; here it would make every attempt throw.
        _timeout = options.Value.DeliveryTimeout > TimeSpan.Zero ? options.Value.DeliveryTimeout : new EventsOptions().DeliveryTimeout;
        _logger = loggers.CreateLogger<WebhookSender>();
        var handler = new SocketsHttpHandler
        {
            UseProxy = false,
            AllowAutoRedirect = false,
            UseCookies = false,
            AutomaticDecompression = System.Net.DecompressionMethods.None,
            PooledConnectionLifetime = TimeSpan.FromMinutes(2),
            // A sink that does not accept a connection within 5 s gives the delivery slot back early, not at the 15 s
            // attempt timeout: slots are shared by every subscription.
            ConnectTimeout = TimeSpan.FromSeconds(5),
            ConnectCallback = new SinkConnector(policy, resolver, _logger).ConnectAsync,
        };

        // The attempt's own token bounds it, on the injected clock; HttpClient's timer runs on real time.
        _client = new HttpClient(handler) { Timeout = Timeout.InfiniteTimeSpan };
    }

    public async Task<DeliveryResult> SendAsync(ClaimedEvent claimed, CancellationToken cancellationToken)
    {
        var result = await AttemptAsync(claimed, cancellationToken).ConfigureAwait(false);
        Log(claimed, result);
        return result;
    }

    public void Dispose() => _client.Dispose();

    private async Task<DeliveryResult> AttemptAsync(ClaimedEvent claimed, CancellationToken cancellationToken)
    {
        var subscription = claimed.Subscription;
        if (_policy.CheckUri(subscription.SinkUri) is { } problem)
        {
            return new DeliveryResult(DeliveryResultKind.Failed, 0, "the sink URI " + problem); // the allowlist may have changed since creation
        }

        if (!WebhookSecret.TryParse(subscription.Secret, out var key, out _))
        {
            return new DeliveryResult(DeliveryResultKind.Failed, 0, "the subscription's secret is not valid");
        }

        using var timeout = new CancellationTokenSource(_timeout, _time);
        using var attempt = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timeout.Token);
        try
        {
            return await PostAsync(claimed, key, attempt.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            throw;
        }
        catch (OperationCanceledException) when (timeout.IsCancellationRequested)
        {
            return DeliveryClassifier.TimedOut(_timeout);
        }
#pragma warning disable CA1031 // One attempt must never throw for what the sink or the network did; it is recorded and retried.
        catch (Exception e)
#pragma warning restore CA1031
        {
            if (e is not HttpRequestException)
            {
                WebhookLog.Unexpected(_logger, claimed.Event.EventId, subscription.Id, HostOf(subscription.SinkUri), e.GetType().Name);
            }

            return DeliveryClassifier.FromException(e);
        }
    }

    private async Task<DeliveryResult> PostAsync(ClaimedEvent claimed, byte[] key, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, claimed.Subscription.SinkUri) { Content = _writer.Write(claimed) };
        var body = await request.Content.ReadAsByteArrayAsync(cancellationToken).ConfigureAwait(false);
        request.Headers.UserAgent.ParseAdd(UserAgent);
        _signer.Sign(request, claimed.Event.EventId, key, body);
        using var response = await _client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken).ConfigureAwait(false);
        var result = DeliveryClassifier.FromResponse(response.StatusCode, response.Headers.RetryAfter, _time.GetUtcNow());
        await DrainAsync(response, cancellationToken).ConfigureAwait(false);
        return result;
    }

    // The status decides the outcome: the body is read only so that the connection can go back to the pool, only so
    // far, and a body that fails or never ends (until the timeout) changes nothing. A sink that said 2xx has the event.
    private static async Task DrainAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        try
        {
            var stream = await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
            await using (stream.ConfigureAwait(false))
            {
                var buffer = new byte[8192];
                var total = 0;
                int read;
                while (total < MaxDrainedBytes && (read = await stream.ReadAsync(buffer, cancellationToken).ConfigureAwait(false)) > 0)
                {
                    total += read;
                }
            }
        }
#pragma warning disable CA1031 // See above: nothing the body does changes the outcome.
        catch (Exception)
#pragma warning restore CA1031
        {
        }
    }

    private void Log(ClaimedEvent claimed, DeliveryResult result)
    {
        var (eventId, subscriptionId, host) = (claimed.Event.EventId, claimed.Subscription.Id, HostOf(claimed.Subscription.SinkUri));
        switch (result.Kind)
        {
            case DeliveryResultKind.Delivered:
                WebhookLog.Delivered(_logger, eventId, subscriptionId, host, result.HttpStatus);
                break;
            case DeliveryResultKind.Gone:
                WebhookLog.Gone(_logger, eventId, subscriptionId, host);
                break;
            default:
                WebhookLog.Failed(_logger, eventId, subscriptionId, host, result.HttpStatus, result.Error);
                break;
        }
    }

    // Host and port only: a sink's path and query may hold a token of their own.
    private static string HostOf(string uri) => Uri.TryCreate(uri, UriKind.Absolute, out var parsed) ? parsed.Authority : "(invalid URI)";
}
