using Reduct.Client.Protocol;

namespace Reduct.Client.Writing;

/// <summary>
/// The first request of a <see cref="BatchSender"/> call, built before the call by <see cref="BatchSender.Prepare"/>.
/// The call sends it when its own plan starts with the same records and protocol, and disposes it otherwise.
/// </summary>
/// <param name="UseV2">True for batch protocol v2.</param>
/// <param name="Group">The records of the request: a slice of the records given to <see cref="BatchSender.Prepare"/>.</param>
/// <param name="Encoded">The encoded headers and body order.</param>
/// <param name="Template">The request as the call would build it (method, URI, body, options).</param>
/// <param name="FirstAttempt">The message of the first attempt, headers added, its timeout not started.</param>
internal sealed record PreparedBatchRequest(
    bool UseV2,
    ArraySegment<PendingRecord> Group,
    EncodedBatchRequest Encoded,
    HttpRequestMessage Template,
    HttpRequestMessage FirstAttempt) : IDisposable
{
    /// <summary>True when this is the request a call would send for <paramref name="group"/>.</summary>
    public bool IsFor(bool useV2, ArraySegment<PendingRecord> group) =>
        useV2 == UseV2 && ReferenceEquals(group.Array, Group.Array) && group.Offset == Group.Offset && group.Count == Group.Count;

    public void Dispose()
    {
        FirstAttempt.Dispose();
        Template.Dispose();
    }
}
