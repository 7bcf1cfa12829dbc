using System.Diagnostics;
using TaskGateway.Core.Telemetry;

namespace TaskGateway.Tests.Telemetry;

public class TraceParentPropagatorTests
{
    private static readonly Dictionary<string, string> Caller = new(StringComparer.OrdinalIgnoreCase)
    {
        ["traceparent"] = "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01",
        ["tracestate"] = "caller=secret",
        ["baggage"] = "user.id=alice",
    };

    private static void Get(object? carrier, string name, out string? value, out IEnumerable<string>? values)
    {
        values = null;
        value = ((Dictionary<string, string>)carrier!).GetValueOrDefault(name);
    }

    [Fact]
    public void ExtractTraceIdAndState_CallerHeaders_TraceparentOnly()
    {
        TraceParentPropagator.Instance.ExtractTraceIdAndState(Caller, Get, out var traceId, out var traceState);

        Assert.Equal(Caller["traceparent"], traceId);
        Assert.Null(traceState);
    }

    [Fact]
    public void ExtractBaggage_CallerBaggage_None() => Assert.Null(TraceParentPropagator.Instance.ExtractBaggage(Caller, Get));

    [Theory]
    [InlineData(ActivityTraceFlags.Recorded, "01")]
    [InlineData(ActivityTraceFlags.None, "00")]
    public void Inject_ActivityWithStateAndBaggage_WritesTraceparentOnlyWithItsSampledFlag(ActivityTraceFlags flags, string expected)
    {
        var parent = new ActivityContext(ActivityTraceId.CreateRandom(), ActivitySpanId.CreateRandom(), flags, "caller=secret", isRemote: true);
        using var activity = new Activity("call").SetParentId(parent.TraceId, parent.SpanId, parent.TraceFlags);
        activity.TraceStateString = "caller=secret";
        activity.SetIdFormat(ActivityIdFormat.W3C).AddBaggage("user.id", "alice").Start();
        var written = new Dictionary<string, string>();

        TraceParentPropagator.Instance.Inject(activity, written, (carrier, name, value) => ((Dictionary<string, string>)carrier!)[name] = value!);

        var (name, value) = Assert.Single(written);
        Assert.Equal("traceparent", name);
        Assert.Equal($"00-{parent.TraceId.ToHexString()}-{activity.SpanId.ToHexString()}-{expected}", value);
    }
}
