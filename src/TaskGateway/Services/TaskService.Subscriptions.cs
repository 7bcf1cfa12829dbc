using Grpc.Core;
using TaskGateway.Contracts.V1;

namespace TaskGateway.Services;

/// <summary>The subscription methods: each delegates to <see cref="SubscriptionRpcs"/> with the caller as owner.</summary>
internal sealed partial class TaskService
{
    public override Task<CreateSubscriptionResponse> CreateSubscription(CreateSubscriptionRequest request, ServerCallContext context) =>
        _subscriptions.CreateAsync(request, _subscriptions.OwnerOf(context.GetHttpContext()), name => _grants.Ensure(context, name), context.CancellationToken);

    public override Task<GetSubscriptionResponse> GetSubscription(GetSubscriptionRequest request, ServerCallContext context) =>
        _subscriptions.GetAsync(request, _subscriptions.OwnerOf(context.GetHttpContext()), context.CancellationToken);

    public override Task<ListSubscriptionsResponse> ListSubscriptions(ListSubscriptionsRequest request, ServerCallContext context) =>
        _subscriptions.ListAsync(request, _subscriptions.OwnerOf(context.GetHttpContext()), context.CancellationToken);

    public override Task<DeleteSubscriptionResponse> DeleteSubscription(DeleteSubscriptionRequest request, ServerCallContext context) =>
        _subscriptions.DeleteAsync(request, _subscriptions.OwnerOf(context.GetHttpContext()), context.CancellationToken);
}
