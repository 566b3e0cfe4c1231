using System.Globalization;

namespace Reduct.Client.Tests.Interop;

/// <summary>A record of a scenario: where it goes, its body and metadata.</summary>
public sealed class InteropRecord
{
    /// <summary>Entry name.</summary>
    public required string Entry { get; init; }

    /// <summary>Timestamp in microseconds, as a decimal string (JSON numbers lose precision in JavaScript).</summary>
    public required string Ts { get; init; }

    /// <summary>Content type; null means written without one, so the server's default is expected.</summary>
    public string? ContentType { get; init; }

    /// <summary>Labels; null means none.</summary>
    public IReadOnlyDictionary<string, string>? Labels { get; init; }

    /// <summary>The body.</summary>
    public required InteropBody Body { get; init; }

    /// <summary>The timestamp as the client takes it.</summary>
    public ReductTimestamp Timestamp => new(ulong.Parse(Ts, NumberStyles.None, CultureInfo.InvariantCulture));

    /// <summary>The content type a reader must see.</summary>
    public string ExpectedContentType => ContentType ?? Bucket.DefaultContentType;

    /// <summary>The labels a reader must see.</summary>
    public IReadOnlyDictionary<string, string> ExpectedLabels => Labels ?? new Dictionary<string, string>();

    /// <summary>The labels in the client's type, or null when there are none.</summary>
    public Labels? ToLabels() => Labels is null ? null : new Labels(Labels);

    /// <summary>How mismatch messages name the record.</summary>
    public override string ToString() => $"{Entry}@{Ts}";
}
