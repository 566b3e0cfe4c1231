using System.Buffers;
using System.Text.Json;
using Reduct.Client.Testing.Http;
using Reduct.Client.Testing.Links;

namespace Reduct.Client.Testing.Protocol;

/// <summary>
/// The body of <c>POST /links/{file_name}</c>: <c>{"bucket","entry","query":QueryEntry,"expire_at":&lt;unix seconds&gt;}</c>
/// with <c>record_entry</c> and <c>record_timestamp</c> (1.19.2+) or <c>index</c> (before), and <c>base_url</c> (1.17.3+).
/// Read as serde reads it: unknown fields are ignored, a missing required field or a wrong type is 422
/// <c>Invalid JSON: ...</c>. The same JSON, written back, is the payload sealed into the link.
/// </summary>
internal static class QueryLinkJson
{
    /// <exception cref="ReductErrorException">422 <c>Invalid JSON: ...</c>.</exception>
    public static QueryLinkRequest Parse(ReadOnlySpan<byte> body, bool withRecordIdentity, bool withBaseUrl) =>
        Read(body, withRecordIdentity, withIndex: !withRecordIdentity, withBaseUrl);

    private static QueryLinkRequest Read(ReadOnlySpan<byte> body, bool withRecordIdentity, bool withIndex, bool withBaseUrl)
    {
        JsonElement root;
        try
        {
            using var document = JsonDocument.Parse(body.ToArray());
            root = document.RootElement.Clone();
        }
        catch (JsonException)
        {
            throw Invalid(body, body.IsEmpty ? "EOF while parsing a value" : "expected value");
        }

        if (root.ValueKind != JsonValueKind.Object)
        {
            throw Invalid(body, "invalid type: expected struct QueryLinkCreateRequest");
        }

        var query = Required(root, body, "query");
        if (query.ValueKind != JsonValueKind.Object)
        {
            throw Invalid(body, "invalid type for field `query`: expected struct QueryEntry");
        }

        return new QueryLinkRequest(
            String(Required(root, body, "bucket"), body, "bucket")!,
            String(Required(root, body, "entry"), body, "entry")!,
            withRecordIdentity ? String(Optional(root, "record_entry"), body, "record_entry") : null,
            withRecordIdentity ? UInt64(Optional(root, "record_timestamp"), body, "record_timestamp") : null,
            withIndex ? UInt64(Optional(root, "index"), body, "index") : null,
            ExpireAt(Required(root, body, "expire_at"), body),
            withBaseUrl ? String(Optional(root, "base_url"), body, "base_url") : null,
            System.Text.Encoding.UTF8.GetBytes(query.GetRawText()));
    }

    /// <summary>The payload sealed into a link: the request as read, <c>query</c> as its JSON text.</summary>
    public static byte[] WritePayload(QueryLinkRequest request)
    {
        var buffer = new ArrayBufferWriter<byte>(256);
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            writer.WriteString("bucket", request.Bucket);
            writer.WriteString("entry", request.Entry);
            if (request.RecordEntry is { } recordEntry)
            {
                writer.WriteString("record_entry", recordEntry);
            }

            if (request.RecordTimestamp is { } recordTimestamp)
            {
                writer.WriteNumber("record_timestamp", recordTimestamp);
            }

            if (request.Index is { } index)
            {
                writer.WriteNumber("index", index);
            }

            writer.WriteNumber("expire_at", request.ExpireAt);
            writer.WritePropertyName("query");
            writer.WriteRawValue(request.Query);
            writer.WriteEndObject();
        }

        return buffer.WrittenSpan.ToArray();
    }

    /// <summary>Reads a payload this server sealed.</summary>
    public static QueryLinkRequest ReadPayload(byte[] payload)
    {
        try
        {
            return Read(payload, withRecordIdentity: true, withIndex: true, withBaseUrl: false);
        }
        catch (ReductErrorException exception)
        {
            throw ReductErrorException.UnprocessableEntity("Failed to parse query: " + exception.Message);
        }
    }

    private static JsonElement Required(JsonElement root, ReadOnlySpan<byte> body, string name) =>
        root.TryGetProperty(name, out var value) && value.ValueKind != JsonValueKind.Null
            ? value
            : throw Invalid(body, $"missing field `{name}`");

    private static JsonElement? Optional(JsonElement root, string name) =>
        root.TryGetProperty(name, out var value) && value.ValueKind != JsonValueKind.Null ? value : null;

    private static string? String(JsonElement? value, ReadOnlySpan<byte> body, string name) => value switch
    {
        null => null,
        { ValueKind: JsonValueKind.String } text => text.GetString(),
        _ => throw Invalid(body, $"invalid type for field `{name}`: expected a string"),
    };

    private static ulong? UInt64(JsonElement? value, ReadOnlySpan<byte> body, string name) => value switch
    {
        null => null,
        { ValueKind: JsonValueKind.Number } number when number.TryGetUInt64(out var result) => result,
        _ => throw Invalid(body, $"invalid type for field `{name}`: expected u64"),
    };

    private static long ExpireAt(JsonElement value, ReadOnlySpan<byte> body) =>
        value.ValueKind == JsonValueKind.Number && value.TryGetInt64(out var seconds)
            ? seconds
            : throw Invalid(body, "invalid type for field `expire_at`: expected a unix timestamp in seconds");

    private static ReductErrorException Invalid(ReadOnlySpan<byte> body, string problem) =>
        ReductErrorException.UnprocessableEntity("Invalid JSON: " + SerdeErrorText.At(body, body.Length, problem));
}
