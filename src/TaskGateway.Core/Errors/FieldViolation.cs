namespace TaskGateway.Core.Errors;

/// <summary>One bad field of a request, as google.rpc.BadRequest reports it.</summary>
public sealed record FieldViolation(string Field, string Description);
