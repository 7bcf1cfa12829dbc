using TaskGateway.Events.Store;

namespace TaskGateway.Events.Webhooks;

/// <summary>Posts one claimed event to its subscription's sink, signed, once; never throws for what the sink or the network does.</summary>
internal interface IWebhookSender
{
    /// <summary>One attempt: the CloudEvent in the subscription's content mode, Standard Webhooks headers, the delivery timeout, no redirects, the sink's address checked at connection.</summary>
    Task<DeliveryResult> SendAsync(ClaimedEvent claimed, CancellationToken cancellationToken);
}
