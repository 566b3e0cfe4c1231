namespace Reduct.Client.Diagnostics;

/// <summary>
/// What a request carries for the telemetry of <see cref="RequestTelemetry"/>: the route and the records it
/// writes or reads. Callers that know these attach it to the request; requests without it are described from
/// their URL alone.
/// </summary>
/// <param name="Template">The route below <c>api/v1/</c> with placeholders, such as <c>io/{bucket}/write</c>.</param>
/// <param name="Bucket">The bucket.</param>
/// <param name="Entry">The entry when the request concerns exactly one, else null.</param>
/// <param name="EntryCount">How many entries the request writes.</param>
/// <param name="RecordCount">How many records the request writes or reads.</param>
/// <param name="IsWrite">True when the request writes records (counted in <c>reduct.client.request.records</c>).</param>
internal sealed record RequestTelemetryInfo(string Template, string Bucket, string? Entry, int EntryCount, int RecordCount, bool IsWrite)
{
    public const string SingleRecordTemplate = "b/{bucket}/{entry}";
    public const string BatchV1Template = "b/{bucket}/{entry}/batch";
    public const string BatchV2Template = "io/{bucket}/write";
    public const string BatchV2UpdateTemplate = "io/{bucket}/update";
    public const string BatchV2RemoveTemplate = "io/{bucket}/remove";

    private static readonly HttpRequestOptionsKey<RequestTelemetryInfo> Key = new("Reduct.Client.Telemetry");

    /// <summary>Attaches this description to a request.</summary>
    public void AttachTo(HttpRequestMessage request) => request.Options.Set(Key, this);

    /// <summary>The description attached to a request, or null.</summary>
    public static RequestTelemetryInfo? Of(HttpRequestMessage request) =>
        request.Options.TryGetValue(Key, out RequestTelemetryInfo? info) ? info : null;
}
