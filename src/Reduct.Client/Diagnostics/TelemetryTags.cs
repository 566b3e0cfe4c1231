namespace Reduct.Client.Diagnostics;

/// <summary>Tag names shared by the meter and the activity source, following OpenTelemetry's semantic conventions where one applies.</summary>
internal static class TelemetryTags
{
    public const string HttpMethod = "http.request.method";
    public const string HttpStatusCode = "http.response.status_code";
    public const string UrlPath = "url.path";
    public const string UrlTemplate = "url.template";
    public const string ServerAddress = "server.address";
    public const string ServerPort = "server.port";
    public const string ErrorType = "error.type";
    public const string Bucket = "reduct.bucket";
    public const string Entry = "reduct.entry";
    public const string EntryCount = "reduct.entry_count";
    public const string RecordCount = "reduct.record_count";
}
