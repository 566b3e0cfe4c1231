namespace Reduct.Client;

/// <summary>Optional metadata of a record written with <see cref="Bucket"/>.<c>WriteAsync</c>.</summary>
/// <remarks>
/// <code>
/// await bucket.WriteAsync("camera", frame, timestamp, new RecordWriteOptions
/// {
///     ContentType = "image/png",
///     Labels = new Labels { ["score"] = 0.9 },
/// });
/// </code>
/// </remarks>
public sealed class RecordWriteOptions
{
    /// <summary>MIME type of the body; null for <c>application/octet-stream</c>. Printable ASCII.</summary>
    public string? ContentType { get; init; }

    /// <summary>Labels of the record, or null for none.</summary>
    public Labels? Labels { get; init; }

    /// <summary>Receives the number of body bytes sent so far, for streamed writes of large records.</summary>
    public IProgress<long>? Progress { get; init; }
}
