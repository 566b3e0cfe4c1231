using Microsoft.Extensions.Logging;

namespace Reduct.Client.Diagnostics;

/// <summary>Source-generated log messages: no formatting cost when the level is off, and never the API token.</summary>
internal static partial class Log
{
    [LoggerMessage(EventId = 1, Level = LogLevel.Warning,
        Message = "ReductStore server API {ServerApiVersion} is older than this SDK supports well (API {SdkApiVersion}); newer features fall back or fail")]
    public static partial void OldServerVersion(ILogger logger, string serverApiVersion, string sdkApiVersion);

    [LoggerMessage(EventId = 2, Level = LogLevel.Debug, Message = "{Method} {Path} -> {Status} in {ElapsedMilliseconds} ms")]
    public static partial void RequestCompleted(ILogger logger, string method, string path, int status, long elapsedMilliseconds);

    [LoggerMessage(EventId = 3, Level = LogLevel.Debug, Message = "{Method} {Path} failed without a response: {Reason}")]
    public static partial void RequestFailed(ILogger logger, string method, string path, string reason);
}
