using Grpc.Core;
using TaskGateway.Client;
using TaskGateway.Contracts.V1;

namespace TaskGateway.Tests.Client;

/// <summary>CreateSubscriptionAsync and ListAllSubscriptionsAsync: the requests they make and what they return.</summary>
public sealed class SubscriptionClientExtensionsTests
{
    private const string TaskName = "sources/astra/accounts/6c4f8a2e-1d3b-4e5f-9a7c-2b4d6e8f0a1c/tasks/a1b2c3d4-0000-4000-8000-000000000001";

    [Fact]
    public async Task CreateSubscriptionAsync_TaskAndUntil_SendsThemAndReturnsTheSubscriptionWithItsSecret()
    {
        var invoker = new RecordingInvoker();
        invoker.Respond<CreateSubscriptionRequest>(r => new CreateSubscriptionResponse
        {
            Subscription = new Subscription { Name = "subscriptions/1", Target = r.Subscription.Target, Sink = new Sink { Uri = r.Subscription.Sink.Uri, Secret = "whsec_c2VjcmV0c2VjcmV0c2VjcmV0c2VjcmV0" } },
        });

        var created = await new TaskService.TaskServiceClient(invoker).CreateSubscriptionAsync(TaskName, new Uri("HTTPS://Hooks.Example.com:443/a%2Fb"), until: "state = RUNNING");

        var sent = Assert.IsType<CreateSubscriptionRequest>(Assert.Single(invoker.Requests)).Subscription;
        Assert.Equal(TaskName, sent.Target);
        Assert.Equal("state = RUNNING", sent.Until);
        Assert.Empty(sent.Filter);
        Assert.Equal("HTTPS://Hooks.Example.com:443/a%2Fb", sent.Sink.Uri);
        Assert.Empty(sent.Sink.Secret);
        Assert.Equal(Sink.Types.ContentMode.Unspecified, sent.Sink.ContentMode);
        Assert.Equal("subscriptions/1", created.Name);
        Assert.Equal("whsec_c2VjcmV0c2VjcmV0c2VjcmV0c2VjcmV0", created.Sink.Secret);
    }

    [Fact]
    public async Task CreateSubscriptionAsync_CollectionFilterSecretBinary_SentAsGiven()
    {
        var invoker = new RecordingInvoker();
        invoker.Respond<CreateSubscriptionRequest>(r => new CreateSubscriptionResponse { Subscription = r.Subscription });

        await new TaskService.TaskServiceClient(invoker).CreateSubscriptionAsync("sources/astra/accounts/x", new Uri("https://hooks.example.com/"),
            filter: "state = FAILED", secret: "whsec_abc", contentMode: Sink.Types.ContentMode.Binary);

        var sent = Assert.IsType<CreateSubscriptionRequest>(Assert.Single(invoker.Requests)).Subscription;
        Assert.Equal("sources/astra/accounts/x", sent.Target);
        Assert.Equal("state = FAILED", sent.Filter);
        Assert.Empty(sent.Until);
        Assert.Equal("whsec_abc", sent.Sink.Secret);
        Assert.Equal(Sink.Types.ContentMode.Binary, sent.Sink.ContentMode);
    }

    [Fact]
    public async Task ListAllSubscriptionsAsync_ThreePages_EverySubscriptionInOrderPassingEachToken()
    {
        var invoker = new RecordingInvoker();
        invoker.Respond<ListSubscriptionsRequest>(r => r.PageToken switch
        {
            "" => Page("b", "1", "2"),
            "b" => Page("c", "3"),
            "c" => Page(string.Empty, "4", "5"),
            _ => throw new RpcException(new Status(StatusCode.InvalidArgument, "bad page_token")),
        });

        var names = new List<string>();
        await foreach (var s in new TaskService.TaskServiceClient(invoker).ListAllSubscriptionsAsync(pageSize: 2))
        {
            names.Add(s.Name);
        }

        Assert.Equal(["subscriptions/1", "subscriptions/2", "subscriptions/3", "subscriptions/4", "subscriptions/5"], names);
        var requests = invoker.Requests.Cast<ListSubscriptionsRequest>().ToList();
        Assert.Equal(["", "b", "c"], requests.Select(r => r.PageToken));
        Assert.All(requests, r => Assert.Equal(2, r.PageSize));
    }

    [Fact]
    public async Task ListAllSubscriptionsAsync_StoppedEarly_FetchesNoFurtherPage()
    {
        var invoker = new RecordingInvoker();
        invoker.Respond<ListSubscriptionsRequest>(r => Page(r.PageToken.Length < 3 ? r.PageToken + "x" : string.Empty, r.PageToken + "1", r.PageToken + "2"));

        // Four pages in all; the caller stops within the first.
        var first = new List<Subscription>();
        await foreach (var s in new TaskService.TaskServiceClient(invoker).ListAllSubscriptionsAsync())
        {
            first.Add(s);
            if (first.Count == 2)
            {
                break;
            }
        }

        Assert.Single(invoker.Requests);
    }

    private static ListSubscriptionsResponse Page(string next, params string[] ids) => new()
    {
        NextPageToken = next,
        Subscriptions = { ids.Select(id => new Subscription { Name = "subscriptions/" + id }) },
    };

    /// <summary>Answers unary calls from a function per request type, recording every request.</summary>
    private sealed class RecordingInvoker : CallInvoker
    {
        private readonly Dictionary<Type, Func<object, object>> _responders = [];

        public List<object> Requests { get; } = [];

        public void Respond<TRequest>(Func<TRequest, object> responder) => _responders[typeof(TRequest)] = r => responder((TRequest)r);

        public override AsyncUnaryCall<TResponse> AsyncUnaryCall<TRequest, TResponse>(Method<TRequest, TResponse> method, string? host, CallOptions options, TRequest request)
        {
            Requests.Add(request);
            var response = Task.Run(() => (TResponse)_responders[typeof(TRequest)](request));
            return new AsyncUnaryCall<TResponse>(response, Task.FromResult(new Metadata()), () => Status.DefaultSuccess, () => [], () => { });
        }

        public override TResponse BlockingUnaryCall<TRequest, TResponse>(Method<TRequest, TResponse> method, string? host, CallOptions options, TRequest request) => throw new NotSupportedException();

        public override AsyncServerStreamingCall<TResponse> AsyncServerStreamingCall<TRequest, TResponse>(Method<TRequest, TResponse> method, string? host, CallOptions options, TRequest request) => throw new NotSupportedException();

        public override AsyncClientStreamingCall<TRequest, TResponse> AsyncClientStreamingCall<TRequest, TResponse>(Method<TRequest, TResponse> method, string? host, CallOptions options) => throw new NotSupportedException();

        public override AsyncDuplexStreamingCall<TRequest, TResponse> AsyncDuplexStreamingCall<TRequest, TResponse>(Method<TRequest, TResponse> method, string? host, CallOptions options) => throw new NotSupportedException();
    }
}
