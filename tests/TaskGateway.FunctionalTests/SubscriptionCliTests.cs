using System.Text.Json;
using Google.Protobuf.WellKnownTypes;
using Grpc.Core;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Spectre.Console.Testing;
using TaskGateway.Cli;
using TaskGateway.Contracts.V1;
using TaskGateway.Core.Errors;

namespace TaskGateway.FunctionalTests;

/// <summary>
/// The CLI's subscribe and subscriptions commands in-process, over a real h2c channel, against a stand-in
/// TaskService that keeps subscriptions in memory (the gateway's own implementation is tested on its own).
/// </summary>
public sealed class SubscriptionCliTests : IAsyncLifetime
{
    private const string TaskName = $"{Names.AstraParent}/tasks/a1b2c3d4-0000-4000-8000-000000000004";
    private const string SinkUri = "https://hooks.example.com/tasks";
    private readonly StandInSubscriptions _service = new();
    private WebApplication? _server;
    private string _address = string.Empty;

    public async Task InitializeAsync()
    {
        var builder = WebApplication.CreateBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(k => k.Listen(System.Net.IPAddress.Loopback, 0, o => o.Protocols = HttpProtocols.Http2));
        builder.Services.AddGrpc();
        builder.Services.AddSingleton(_service);
        _server = builder.Build();
        _server.MapGrpcService<StandInSubscriptions>();
        await _server.StartAsync();
        _address = _server.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
    }

    public async Task DisposeAsync()
    {
        await _server!.StopAsync();
        await _server.DisposeAsync();
    }

    private async Task<(int Exit, string Output)> RunAsync(params string[] args)
    {
        var console = new TestConsole { Profile = { Width = 200 } };
        var exit = await CliApp.RunAsync([.. args, "--address", _address], console);
        return (exit, console.Output);
    }

    private static int Occurrences(string text, string value) => text.Split(value).Length - 1;

    [Fact]
    public async Task Subscribe_Task_PrintsTheSubscriptionAndItsSecretOnceWithAWarning()
    {
        var (exit, output) = await RunAsync("subscribe", TaskName, "--sink", SinkUri, "--until", "state = SUCCEEDED");

        Assert.Equal(0, exit);
        var stored = Assert.Single(_service.Stored);
        Assert.Equal(TaskName, stored.Target);
        Assert.Equal("state = SUCCEEDED", stored.Until);
        Assert.Equal(SinkUri, stored.Sink.Uri);
        Assert.Equal(Sink.Types.ContentMode.Unspecified, stored.Sink.ContentMode);
        Assert.Empty(_service.Requests.Single().Sink.Secret);
        Assert.Contains(stored.Name, output, StringComparison.Ordinal);
        Assert.Contains("ACTIVE", output, StringComparison.Ordinal);
        Assert.Contains($"{SinkUri} (structured)", output, StringComparison.Ordinal);
        Assert.Equal(1, Occurrences(output, stored.Sink.Secret));
        Assert.Contains("will not be shown again", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Subscribe_CollectionWithFilterSecretAndBinary_SentAsGiven()
    {
        const string Secret = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
        var (exit, output) = await RunAsync("subscribe", Names.AstraParent, "--sink", SinkUri, "--filter", "state = FAILED", "--secret", Secret, "--binary");

        Assert.Equal(0, exit);
        var request = Assert.Single(_service.Requests);
        Assert.Equal(Names.AstraParent, request.Target);
        Assert.Equal("state = FAILED", request.Filter);
        Assert.Empty(request.Until);
        Assert.Equal(Secret, request.Sink.Secret);
        Assert.Equal(Sink.Types.ContentMode.Binary, request.Sink.ContentMode);
        Assert.Contains($"{SinkUri} (binary)", output, StringComparison.Ordinal);
        Assert.Equal(1, Occurrences(output, Secret));
    }

    [Fact]
    public async Task Subscribe_OutputJson_TheResponseOnOneLineWithTheSecret()
    {
        var (exit, output) = await RunAsync("subscribe", TaskName, "--sink", SinkUri, "-o", "json");

        Assert.Equal(0, exit);
        var stored = Assert.Single(_service.Stored);
        using var json = JsonDocument.Parse(Assert.Single(output.Split('\n', StringSplitOptions.RemoveEmptyEntries)));
        Assert.Equal(stored.Name, json.RootElement.GetProperty("name").GetString());
        Assert.Equal("STATE_ACTIVE", json.RootElement.GetProperty("state").GetString());
        Assert.Equal(stored.Sink.Secret, json.RootElement.GetProperty("sink").GetProperty("secret").GetString());
    }

    [Theory]
    [InlineData("table")]
    [InlineData("json")]
    [InlineData("yaml")]
    public async Task GetAndList_AGatewayThatSendsTheSecret_NeverPrintIt(string format)
    {
        // The stand-in returns the secret on get and list, as the gateway must not: the CLI still never prints it.
        var (_, created) = await RunAsync("subscribe", TaskName, "--sink", SinkUri);
        var stored = Assert.Single(_service.Stored);

        var (getExit, got) = await RunAsync("subscriptions", "get", stored.Name, "-o", format);
        var (listExit, listed) = await RunAsync("subscriptions", "list", "-o", format);

        Assert.Equal(1, Occurrences(created, stored.Sink.Secret));
        Assert.Equal((0, 0), (getExit, listExit));
        Assert.Contains(stored.Name, got, StringComparison.Ordinal);
        Assert.Contains(stored.Name, listed, StringComparison.Ordinal);
        Assert.DoesNotContain(stored.Sink.Secret, got, StringComparison.Ordinal);
        Assert.DoesNotContain(stored.Sink.Secret, listed, StringComparison.Ordinal);
        Assert.DoesNotContain("whsec_", got + listed, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Get_FailedDelivery_ShowsStateOutcomeAndError()
    {
        await RunAsync("subscribe", TaskName, "--sink", SinkUri);
        var stored = Assert.Single(_service.Stored);
        stored.State = Subscription.Types.State.Disabled;
        stored.LastDelivery = new Delivery
        {
            EventId = "e-1", EventType = "taskgateway.task.matched", Outcome = Delivery.Types.Outcome.Failed, Attempts = 8, HttpStatus = 500,
            Error = "The sink answered 500.", Time = Timestamp.FromDateTimeOffset(new DateTimeOffset(2026, 12, 3, 8, 0, 0, TimeSpan.Zero)),
        };

        var (exit, output) = await RunAsync("subscriptions", "get", stored.Name);

        Assert.Equal(0, exit);
        Assert.Contains("DISABLED", output, StringComparison.Ordinal);
        Assert.Contains("FAILED taskgateway.task.matched 2026-12-03 08:00:00Z (8 attempts, HTTP 500)", output, StringComparison.Ordinal);
        Assert.Contains("The sink answered 500.", output, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("table")]
    [InlineData("json")]
    public async Task List_MorePagesThanOne_EverySubscriptionOnce(string format)
    {
        for (var i = 0; i < 5; i++)
        {
            Assert.Equal(0, (await RunAsync("subscribe", $"{TaskName[..^1]}{i}", "--sink", SinkUri)).Exit);
        }

        var (exit, output) = await RunAsync("subscriptions", "list", "--page-size", "2", "-o", format);

        Assert.Equal(0, exit);
        Assert.Equal(["", "2", "4"], _service.PageTokens);
        Assert.Equal(5, _service.Stored.Count);
        Assert.All(_service.Stored, s => Assert.Equal(1, Occurrences(output, s.Name)));
        if (format == "json")
        {
            Assert.Equal(5, output.Split('\n', StringSplitOptions.RemoveEmptyEntries).Length);
        }
    }

    [Fact]
    public async Task Delete_Existing_GoneThenGetExit3NotFoundWithAHint()
    {
        await RunAsync("subscribe", TaskName, "--sink", SinkUri);
        var name = Assert.Single(_service.Stored).Name;

        var (exit, output) = await RunAsync("subscriptions", "delete", name);
        var (getExit, got) = await RunAsync("subscriptions", "get", name);

        Assert.Equal(0, exit);
        Assert.Contains($"Deleted {name}.", output, StringComparison.Ordinal);
        Assert.Empty(_service.Stored);
        Assert.Equal(3, getExit);
        Assert.Contains("NotFound", got, StringComparison.Ordinal);
        Assert.Contains("subscriptions list shows", got, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Subscribe_GatewayRefusesTheSink_Exit3WithTheFieldViolationAndNothingStored()
    {
        var (exit, output) = await RunAsync("subscribe", TaskName, "--sink", "http://hooks.example.com/tasks");

        Assert.Equal(3, exit);
        Assert.Contains("InvalidArgument", output, StringComparison.Ordinal);
        Assert.Contains("subscription.sink.uri must be https", output, StringComparison.Ordinal);
        Assert.Empty(_service.Stored);
    }

    [Fact]
    public async Task Subscribe_SinkNotAnAbsoluteUrl_RefusedBeforeAnyCall()
    {
        var (exit, output) = await RunAsync("subscribe", TaskName, "--sink", "hooks/tasks");

        Assert.NotEqual(0, exit);
        Assert.Contains("--sink must be an absolute URL", output, StringComparison.Ordinal);
        Assert.Empty(_service.Requests);
    }

    [Fact]
    public async Task Subscribe_LimitReached_Exit3WithWhatToDo()
    {
        _service.Limit = 0;

        var (exit, output) = await RunAsync("subscribe", TaskName, "--sink", SinkUri);

        Assert.Equal(3, exit);
        Assert.Contains("ResourceExhausted", output, StringComparison.Ordinal);
        Assert.Contains("Delete one first", output, StringComparison.Ordinal);
    }

    /// <summary>The four subscription RPCs in memory, enough of the contract for the CLI: names, secrets, pages, field violations.</summary>
    internal sealed class StandInSubscriptions : TaskService.TaskServiceBase
    {
        private readonly Lock _gate = new();
        private readonly List<Subscription> _stored = [];
        private readonly List<Subscription> _requests = [];
        private readonly List<string> _pageTokens = [];
        private int _next;

        public int Limit { get; set; } = int.MaxValue;

        public IReadOnlyList<Subscription> Stored => Locked(() => _stored.ToList());

        public IReadOnlyList<Subscription> Requests => Locked(() => _requests.ToList());

        public IReadOnlyList<string> PageTokens => Locked(() => _pageTokens.ToList());

        public override Task<CreateSubscriptionResponse> CreateSubscription(CreateSubscriptionRequest request, ServerCallContext context) => Task.FromResult(Locked(() =>
        {
            _requests.Add(request.Subscription.Clone());
            if (!request.Subscription.Sink.Uri.StartsWith("https://", StringComparison.Ordinal))
            {
                throw ErrorMapper.Map(new RequestValidationException("subscription.sink.uri", "must be https unless its host is in TaskGateway:Events:AllowedSinkHosts"));
            }

            if (_stored.Count >= Limit)
            {
                throw ErrorMapper.Map(new GatewayException(StatusCode.ResourceExhausted, ErrorReason.SubscriptionLimitReached, "This caller has the most subscriptions allowed."));
            }

            var subscription = request.Subscription.Clone();
            subscription.Name = $"subscriptions/{++_next:x8}";
            subscription.State = Subscription.Types.State.Active;
            subscription.CreateTime = Timestamp.FromDateTimeOffset(new DateTimeOffset(2026, 12, 3, 7, 0, 0, TimeSpan.Zero));
            if (subscription.Sink.Secret.Length == 0)
            {
                subscription.Sink.Secret = "whsec_" + Convert.ToBase64String(System.Security.Cryptography.RandomNumberGenerator.GetBytes(32));
            }

            // Kept with its secret, which get and list then send back (the gateway never does): see GetAndList_*.
            _stored.Add(subscription);
            return new CreateSubscriptionResponse { Subscription = subscription.Clone() };
        }));

        public override Task<GetSubscriptionResponse> GetSubscription(GetSubscriptionRequest request, ServerCallContext context) =>
            Task.FromResult(Locked(() => new GetSubscriptionResponse { Subscription = Find(request.Name).Clone() }));

        public override Task<ListSubscriptionsResponse> ListSubscriptions(ListSubscriptionsRequest request, ServerCallContext context) => Task.FromResult(Locked(() =>
        {
            _pageTokens.Add(request.PageToken);
            var start = request.PageToken.Length == 0 ? 0 : int.Parse(request.PageToken, System.Globalization.CultureInfo.InvariantCulture);
            var size = request.PageSize == 0 ? 100 : request.PageSize;
            var response = new ListSubscriptionsResponse { Subscriptions = { _stored.Skip(start).Take(size).Select(s => s.Clone()) } };
            response.NextPageToken = start + size < _stored.Count ? (start + size).ToString(System.Globalization.CultureInfo.InvariantCulture) : string.Empty;
            return response;
        }));

        public override Task<DeleteSubscriptionResponse> DeleteSubscription(DeleteSubscriptionRequest request, ServerCallContext context) => Task.FromResult(Locked(() =>
        {
            _stored.Remove(Find(request.Name));
            return new DeleteSubscriptionResponse();
        }));

        private Subscription Find(string name) => _stored.Find(s => s.Name == name)
            ?? throw ErrorMapper.Map(new GatewayException(StatusCode.NotFound, ErrorReason.SubscriptionNotFound, $"No subscription {name}."));

        private T Locked<T>(Func<T> body)
        {
            lock (_gate)
            {
                return body();
            }
        }
    }
}
