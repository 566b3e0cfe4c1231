using System.Buffers;
using System.Globalization;
using System.Text.Json;

namespace Reduct.Client.Protocol;

/// <summary>
/// The body of <c>POST /links/{file_name}</c> (read reference §9.3):
/// <c>{"bucket","entry","query":QueryEntry,"expire_at":&lt;unix seconds&gt;,"base_url"?}</c> with the record named by
/// <c>record_entry</c> and <c>record_timestamp</c> from ReductStore 1.19.2, by its position in the result
/// (<c>index</c>) from 1.17 to 1.19.1.
/// </summary>
internal static class QueryLinkRequestJson
{
    /// <summary>
    /// True when a server of this full version (<c>GET /info</c>'s <c>version</c>) names a link's record by entry and
    /// timestamp: 1.19.2 and newer. The API header gives only major and minor, so within 1.19 only the full version
    /// tells. A version the client cannot read counts as new.
    /// </summary>
    public static bool NamesRecordByIdentity(string serverVersion) =>
        !TryParse(serverVersion, out int minor, out int patch) || minor > 19 || (minor == 19 && patch >= 2);

    /// <summary>True when a server of this full version takes <c>base_url</c>: 1.17.3 and newer.</summary>
    public static bool TakesBaseUrl(string serverVersion) =>
        !TryParse(serverVersion, out int minor, out int patch) || minor > 17 || (minor == 17 && patch >= 3);

    /// <summary>Writes the body.</summary>
    /// <param name="bucket">The bucket.</param>
    /// <param name="entry">The record's entry, which the query runs on.</param>
    /// <param name="timestamp">The record's timestamp.</param>
    /// <param name="options">The query and the link's form.</param>
    /// <param name="expireAt">When the link stops working.</param>
    /// <param name="byIdentity">
    /// True to name the record by entry and timestamp; false to name it by position, with the query narrowed to the
    /// record's timestamp so that the record is the first of the result.
    /// </param>
    public static byte[] Write(string bucket, string entry, ReductTimestamp timestamp, QueryLinkOptions options, DateTimeOffset expireAt, bool byIdentity)
    {
        ulong start = byIdentity ? options.Start?.Microseconds ?? timestamp.Microseconds : timestamp.Microseconds;
        ulong stop = byIdentity ? options.Stop?.Microseconds ?? timestamp.Microseconds + 1 : timestamp.Microseconds + 1;
        byte[] query = QueryRequestJson.Write(entries: null, start, stop, new QueryOptions { When = options.When, Strict = options.Strict });

        var buffer = new ArrayBufferWriter<byte>(256);
        using (var writer = new Utf8JsonWriter(buffer, JsonText.WriterOptions))
        {
            writer.WriteStartObject();
            writer.WriteString("bucket", bucket);
            writer.WriteString("entry", entry);
            if (byIdentity)
            {
                writer.WriteString("record_entry", entry);
                writer.WriteNumber("record_timestamp", timestamp.Microseconds);
            }
            else
            {
                writer.WriteNumber("index", 0);
            }

            writer.WritePropertyName("query");
            writer.WriteRawValue(query, skipInputValidation: true);
            writer.WriteNumber("expire_at", expireAt.ToUnixTimeSeconds());
            if (options.BaseUrl is { } baseUrl)
            {
                writer.WriteString("base_url", baseUrl.AbsoluteUri);
            }

            writer.WriteEndObject();
        }

        return buffer.WrittenSpan.ToArray();
    }

    /// <summary>The default file name: the entry's last segment, the timestamp, <c>.bin</c>.</summary>
    public static string DefaultFileName(string entry, ReductTimestamp timestamp) =>
        string.Create(CultureInfo.InvariantCulture, $"{entry[(entry.LastIndexOf('/') + 1)..].Replace('$', '_')}_{timestamp.Microseconds}.bin");

    /// <summary>Checks a file name for the link's path: not empty, not <c>.</c> or <c>..</c>, no <c>/</c>, <c>\</c> or control characters.</summary>
    public static void ValidateFileName(string fileName, string paramName)
    {
        if (fileName.Length == 0 || fileName is "." or ".." || fileName.AsSpan().IndexOfAny('/', '\\') >= 0 || fileName.Any(char.IsControl))
        {
            throw new ArgumentException(
                $"QueryLinkOptions.FileName '{fileName}' is not a file name: it must be non-empty, not '.' or '..', without '/', '\\' or control characters.", paramName);
        }
    }

    private static bool TryParse(string version, out int minor, out int patch)
    {
        minor = patch = 0;
        string[] parts = version.Split('.');
        return parts.Length >= 3 && parts[0] == "1"
            && int.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out minor)
            && int.TryParse(parts[2].Split('-', '+')[0], NumberStyles.None, CultureInfo.InvariantCulture, out patch);
    }
}
