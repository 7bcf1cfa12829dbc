using System.Diagnostics;

namespace TaskGateway.Core.Telemetry;

/// <summary>
/// W3C trace context reduced to its traceparent, both ways. A caller's traceparent joins the gateway's spans to
/// its trace; its tracestate and baggage are vendor and application data of the caller's side (tenant ids, user
/// ids, flags) that the gateway neither reads nor forwards: they never reach a backend, which sees the gateway's
/// traceparent (the caller's trace id, the gateway's client span, the gateway's sampling decision) and nothing else.
/// </summary>
public sealed class TraceParentPropagator : DistributedContextPropagator
{
    /// <summary>The header this propagator reads and writes.</summary>
    public const string TraceParent = "traceparent";

    private static readonly string[] Names = [TraceParent];

    /// <summary>The one instance.</summary>
    public static TraceParentPropagator Instance { get; } = new();

    /// <inheritdoc/>
    public override IReadOnlyCollection<string> Fields => Names;

    /// <inheritdoc/>
    public override void Inject(Activity? activity, object? carrier, PropagatorSetterCallback? setter)
    {
        if (activity is null || setter is null || activity.IdFormat != ActivityIdFormat.W3C)
        {
            return;
        }

        var sampled = (activity.ActivityTraceFlags & ActivityTraceFlags.Recorded) != 0 ? "01" : "00";
        setter(carrier, TraceParent, $"00-{activity.TraceId.ToHexString()}-{activity.SpanId.ToHexString()}-{sampled}");
    }

    /// <inheritdoc/>
    public override void ExtractTraceIdAndState(object? carrier, PropagatorGetterCallback? getter, out string? traceId, out string? traceState)
    {
        traceState = null;
        traceId = null;
        if (getter is null)
        {
            return;
        }

        getter(carrier, TraceParent, out var value, out _);
        traceId = value;
    }

    /// <inheritdoc/>
    public override IEnumerable<KeyValuePair<string, string?>>? ExtractBaggage(object? carrier, PropagatorGetterCallback? getter) => null;
}
