namespace TaskGateway.Hosting;

/// <summary>Where the gateway listens: TaskGateway:Hosting.</summary>
internal sealed record HostingOptions
{
    public const string SectionName = "TaskGateway:Hosting";

    /// <summary>The IP address both endpoints bind to; loopback by default.</summary>
    public string Address { get; set; } = "127.0.0.1";

    /// <summary>The gRPC port (HTTP/2 cleartext, h2c); 0 picks a free port.</summary>
    public int GrpcPort { get; set; } = 5000;

    /// <summary>The REST/JSON port (HTTP/1.1); 0 picks a free port.</summary>
    public int RestPort { get; set; } = 5080;
}
