using System.Globalization;

namespace Reduct.Client.Tests.Interop;

/// <summary>A record as a query returned it, from Reduct.Client or from a reduct-js report (where the body is base64).</summary>
public sealed class QueriedRecord
{
    /// <summary>The entry the record came from.</summary>
    public required string Entry { get; init; }

    /// <summary>Its timestamp, as a decimal string.</summary>
    public required string Ts { get; init; }

    /// <summary>The body length the record's head announced.</summary>
    public required long Size { get; init; }

    /// <summary>Its content type.</summary>
    public required string ContentType { get; init; }

    /// <summary>Its labels.</summary>
    public required IReadOnlyDictionary<string, string> Labels { get; init; }

    /// <summary>The body bytes the SDK handed out.</summary>
    public required byte[] Body { get; init; }

    /// <summary>Whether Reduct.Client marked the record as metadata only; null from reduct-js, which has no such mark.</summary>
    public bool? IsMetadataOnly { get; init; }

    /// <summary>How mismatch messages name the record.</summary>
    public string Key => $"{Entry}@{Ts}";

    /// <summary>Takes a record a Reduct.Client query returned, reading its body (from its stream, when it is metadata only).</summary>
    public static async Task<QueriedRecord> ReadAsync(ReductRecord record) => new()
    {
        Entry = record.Entry,
        Ts = record.Timestamp.Microseconds.ToString(CultureInfo.InvariantCulture),
        Size = record.Length,
        ContentType = record.ContentType,
        Labels = new Dictionary<string, string>(record.Labels),
        Body = record.IsMetadataOnly ? await ReadStreamAsync(record.Content) : await record.ReadAllBytesAsync(),
        IsMetadataOnly = record.IsMetadataOnly,
    };

    private static async Task<byte[]> ReadStreamAsync(Stream content)
    {
        using var bytes = new MemoryStream();
        await content.CopyToAsync(bytes);
        return bytes.ToArray();
    }

    /// <inheritdoc/>
    public override string ToString() => Key;
}
