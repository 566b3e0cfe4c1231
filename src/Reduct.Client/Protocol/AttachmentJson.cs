using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using Reduct.Client.Http;

namespace Reduct.Client.Protocol;

/// <summary>
/// The bodies of attachment records: JSON text written with content type <c>application/json</c>; read back as
/// JSON when the content type says JSON, else as a base64 JSON string of the bytes (the official SDKs' convention).
/// </summary>
internal static class AttachmentJson
{
    public const string ContentType = "application/json";

    /// <summary>Writes a <see cref="JsonElement"/> as it is, without reflection.</summary>
    public static JsonTypeInfo<JsonElement> Element => ReductJsonContext.Default.JsonElement;

    /// <summary>The value of one attachment body.</summary>
    /// <exception cref="ReductException">A JSON body that does not parse.</exception>
    public static JsonElement ReadValue(string key, string contentType, byte[] body)
    {
        if (!IsJson(contentType))
        {
            using JsonDocument text = JsonDocument.Parse(JsonSerializer.SerializeToUtf8Bytes(Convert.ToBase64String(body), ReductJsonContext.Default.String));
            return text.RootElement.Clone();
        }

        try
        {
            using JsonDocument document = JsonDocument.Parse(body);
            return document.RootElement.Clone();
        }
        catch (JsonException ex)
        {
            throw new ReductException(200, $"Attachment '{key}' is not valid JSON: {ex.Message}", ex);
        }
    }

    /// <summary>A value read as <typeparamref name="T"/>.</summary>
    /// <exception cref="ReductException">The value does not read as <typeparamref name="T"/>.</exception>
    public static T? Deserialize<T>(string key, JsonElement value, JsonTypeInfo<T> typeInfo)
    {
        try
        {
            return value.Deserialize(typeInfo);
        }
        catch (JsonException ex)
        {
            throw new ReductException(200, $"Attachment '{key}' does not read as {typeof(T).Name}: {ex.Message}", ex);
        }
    }

    /// <summary><c>application/json</c>, <c>text/json</c> or <c>*+json</c>, parameters aside.</summary>
    private static bool IsJson(string contentType)
    {
        ReadOnlySpan<char> type = contentType.AsSpan();
        int semicolon = type.IndexOf(';');
        type = (semicolon >= 0 ? type[..semicolon] : type).Trim();
        return type.Equals("application/json", StringComparison.OrdinalIgnoreCase)
            || type.Equals("text/json", StringComparison.OrdinalIgnoreCase)
            || type.EndsWith("+json", StringComparison.OrdinalIgnoreCase);
    }
}
