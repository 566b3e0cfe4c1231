using System.Globalization;
using System.Text.Json.Serialization;

namespace Reduct.Client;

/// <summary>
/// A record timestamp: microseconds since the Unix epoch (UTC), the unit ReductStore uses on the wire.
/// </summary>
/// <remarks>
/// <para>Build one from a <see cref="DateTimeOffset"/>, a <see cref="DateTime"/>, an ISO 8601 string or raw
/// microseconds (<see cref="int"/>, <see cref="uint"/>, <see cref="long"/> or <see cref="ulong"/>, the types an
/// integer literal can have); all of them convert implicitly, so any of those can be passed where a timestamp is
/// expected. Negative microseconds are refused. Sub-microsecond precision (the last digit of a .NET tick) is
/// truncated.</para>
/// <para><see cref="DateTime"/> kinds: <see cref="DateTimeKind.Utc"/> is taken as it is,
/// <see cref="DateTimeKind.Local"/> is converted to UTC with the machine's time zone, and
/// <see cref="DateTimeKind.Unspecified"/> is treated as UTC (never as local time, so the same value means the
/// same instant on every machine). ISO 8601 strings without an offset are treated as UTC for the same reason.</para>
/// <para><see cref="ToString()"/> gives the microseconds, the form used on the wire; <c>ToString("O")</c> (or
/// <c>$"{timestamp:O}"</c>) gives ISO 8601 in UTC, such as <c>2024-02-02T10:00:00.000001Z</c>.</para>
/// <para>In JSON (System.Text.Json) a timestamp is the number of its microseconds, as in ReductStore's responses.</para>
/// </remarks>
[JsonConverter(typeof(ReductTimestampJsonConverter))]
public readonly struct ReductTimestamp : IEquatable<ReductTimestamp>, IComparable<ReductTimestamp>, IFormattable
{
    private const long TicksPerMicrosecond = TimeSpan.TicksPerMillisecond / 1000;

    private static readonly ulong MaxDateTimeOffsetMicroseconds =
        (ulong)((DateTimeOffset.MaxValue.UtcTicks - DateTimeOffset.UnixEpoch.UtcTicks) / TicksPerMicrosecond);

    /// <summary>Creates a timestamp from microseconds since the Unix epoch.</summary>
    /// <param name="microseconds">Microseconds since 1970-01-01T00:00:00Z.</param>
    public ReductTimestamp(ulong microseconds) => Microseconds = microseconds;

    /// <summary>Creates a timestamp from microseconds since the Unix epoch, refusing negative values.</summary>
    /// <param name="microseconds">Microseconds since 1970-01-01T00:00:00Z.</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="microseconds"/> is negative.</exception>
    public ReductTimestamp(long microseconds)
    {
        if (microseconds < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(microseconds), microseconds,
                "A ReductStore timestamp is microseconds since the Unix epoch (1970-01-01T00:00:00Z) and cannot be negative.");
        }

        Microseconds = (ulong)microseconds;
    }

    /// <summary>Microseconds since the Unix epoch, as sent to the server.</summary>
    public ulong Microseconds { get; }

    /// <summary>The current UTC time with microsecond resolution.</summary>
    public static ReductTimestamp Now => FromDateTimeOffset(DateTimeOffset.UtcNow);

    /// <summary>The Unix epoch (0 µs).</summary>
    public static ReductTimestamp Epoch => default;

    /// <summary>Creates a timestamp from an instant. Instants before the Unix epoch are rejected.</summary>
    /// <exception cref="ArgumentOutOfRangeException">The instant is before 1970-01-01T00:00:00Z.</exception>
    public static ReductTimestamp FromDateTimeOffset(DateTimeOffset value)
    {
        long ticks = value.UtcTicks - DateTimeOffset.UnixEpoch.UtcTicks;
        if (ticks < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(value), value,
                "A ReductStore timestamp cannot be before the Unix epoch (1970-01-01T00:00:00Z).");
        }

        return new ReductTimestamp((ulong)(ticks / TicksPerMicrosecond));
    }

    /// <summary>
    /// Creates a timestamp from a <see cref="DateTime"/>: UTC as it is, local converted to UTC,
    /// unspecified treated as UTC.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">The instant is before 1970-01-01T00:00:00Z.</exception>
    public static ReductTimestamp FromDateTime(DateTime value)
    {
        DateTime utc = value.Kind switch
        {
            DateTimeKind.Local => value.ToUniversalTime(),
            DateTimeKind.Unspecified => DateTime.SpecifyKind(value, DateTimeKind.Utc),
            _ => value,
        };
        return FromDateTimeOffset(new DateTimeOffset(utc, TimeSpan.Zero));
    }

    /// <summary>
    /// Parses an ISO 8601 date and time such as <c>2024-02-02T10:00:00</c>, <c>2024-02-02T10:00:00.123456Z</c>
    /// or <c>2024-02-02T12:00:00+02:00</c>. A value without an offset is UTC.
    /// </summary>
    /// <exception cref="ArgumentNullException"><paramref name="value"/> is null.</exception>
    /// <exception cref="ArgumentException">The text is not an ISO 8601 date and time.</exception>
    /// <exception cref="ArgumentOutOfRangeException">The instant is before 1970-01-01T00:00:00Z.</exception>
    public static ReductTimestamp Parse(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        if (!TryParseIso(value, out DateTimeOffset parsed))
        {
            throw new ArgumentException(
                $"'{value}' is not an ISO 8601 date and time (expected for example 2024-02-02T10:00:00 or 2024-02-02T10:00:00.000001Z).",
                nameof(value));
        }

        return FromDateTimeOffset(parsed);
    }

    /// <summary>Tries to parse an ISO 8601 date and time; see <see cref="Parse(string)"/>.</summary>
    public static bool TryParse(string? value, out ReductTimestamp timestamp)
    {
        timestamp = default;
        if (value is null || !TryParseIso(value, out DateTimeOffset parsed) || parsed < DateTimeOffset.UnixEpoch)
        {
            return false;
        }

        timestamp = FromDateTimeOffset(parsed);
        return true;
    }

    private static bool TryParseIso(string value, out DateTimeOffset parsed)
    {
        string trimmed = value.Trim();

        // Insist on the ISO date shape: DateTimeOffset.TryParse alone also accepts "2/3/2024" or "Monday".
        if (trimmed.Length < 10 || trimmed[4] != '-' || trimmed[7] != '-')
        {
            parsed = default;
            return false;
        }

        // AssumeUniversal makes offset-less text UTC on every machine, whatever its time zone.
        const DateTimeStyles Styles = DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal;
        return DateTimeOffset.TryParse(trimmed, CultureInfo.InvariantCulture, Styles, out parsed);
    }

    /// <summary>The instant as a UTC <see cref="DateTimeOffset"/>.</summary>
    /// <exception cref="InvalidOperationException">The value is beyond <see cref="DateTimeOffset.MaxValue"/>.</exception>
    public DateTimeOffset ToDateTimeOffset()
    {
        if (Microseconds > MaxDateTimeOffsetMicroseconds)
        {
            throw new InvalidOperationException($"Timestamp {Microseconds} µs is beyond the range of DateTimeOffset.");
        }

        return DateTimeOffset.UnixEpoch.AddTicks((long)Microseconds * TicksPerMicrosecond);
    }

    /// <summary>Converts an instant; see <see cref="FromDateTimeOffset(DateTimeOffset)"/>.</summary>
    public static implicit operator ReductTimestamp(DateTimeOffset value) => FromDateTimeOffset(value);

    /// <summary>Converts a date and time; see <see cref="FromDateTime(DateTime)"/> for how kinds are treated.</summary>
    public static implicit operator ReductTimestamp(DateTime value) => FromDateTime(value);

    /// <summary>Converts microseconds since the Unix epoch.</summary>
    public static implicit operator ReductTimestamp(ulong microseconds) => new(microseconds);

    /// <summary>Converts microseconds since the Unix epoch; see <see cref="ReductTimestamp(long)"/>.</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="microseconds"/> is negative.</exception>
    public static implicit operator ReductTimestamp(long microseconds) => new(microseconds);

    /// <summary>Converts microseconds since the Unix epoch; see <see cref="ReductTimestamp(long)"/>.</summary>
    /// <remarks>
    /// Declared for <see cref="int"/> itself: with only the <see cref="long"/> and <see cref="ulong"/> conversions, a
    /// literal such as <c>20</c> would fit both and the compiler would refuse it as ambiguous.
    /// </remarks>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="microseconds"/> is negative.</exception>
    public static implicit operator ReductTimestamp(int microseconds) => new((long)microseconds);

    /// <summary>Converts microseconds since the Unix epoch.</summary>
    /// <remarks>Declared for <see cref="uint"/> itself, which the <see cref="long"/> and <see cref="ulong"/> conversions would both take.</remarks>
    public static implicit operator ReductTimestamp(uint microseconds) => new((ulong)microseconds);

    /// <summary>Parses an ISO 8601 string; see <see cref="Parse(string)"/>.</summary>
    public static implicit operator ReductTimestamp(string iso8601) => Parse(iso8601);

    /// <summary>The microseconds since the Unix epoch.</summary>
    public static explicit operator ulong(ReductTimestamp timestamp) => timestamp.Microseconds;

    /// <inheritdoc />
    public bool Equals(ReductTimestamp other) => Microseconds == other.Microseconds;

    /// <inheritdoc />
    public override bool Equals(object? obj) => obj is ReductTimestamp other && Equals(other);

    /// <inheritdoc />
    public override int GetHashCode() => Microseconds.GetHashCode();

    /// <inheritdoc />
    public int CompareTo(ReductTimestamp other) => Microseconds.CompareTo(other.Microseconds);

    /// <summary>The microseconds as a decimal string, the form used on the wire; <c>ToString("O")</c> gives ISO 8601.</summary>
    public override string ToString() => Microseconds.ToString(CultureInfo.InvariantCulture);

    /// <summary>Formats the timestamp.</summary>
    /// <param name="format">
    /// Null, empty or <c>D</c>: the microseconds as decimal digits (as <see cref="ToString()"/>). <c>O</c> or
    /// <c>o</c>: ISO 8601 in UTC with six fractional digits, such as <c>2024-02-02T10:00:00.000001Z</c>; a value
    /// beyond <see cref="DateTimeOffset.MaxValue"/> (only raw microseconds can be, such as the <see cref="ulong.MaxValue"/>
    /// some server fields use for "none") is given as its microseconds followed by <c> µs</c>.
    /// </param>
    /// <param name="formatProvider">Ignored: both forms are the same in every culture.</param>
    /// <exception cref="FormatException">The format is none of those.</exception>
    public string ToString(string? format, IFormatProvider? formatProvider)
    {
        switch (format)
        {
            case null or "" or "D":
                return ToString();
            case "O" or "o":
                return Microseconds > MaxDateTimeOffsetMicroseconds
                    ? ToString() + " µs"
                    : ToDateTimeOffset().ToString("yyyy-MM-dd'T'HH:mm:ss.ffffff'Z'", CultureInfo.InvariantCulture);
            default:
                throw new FormatException($"'{format}' is not a ReductTimestamp format: use \"O\" for ISO 8601 or \"D\" (or none) for microseconds.");
        }
    }

    /// <summary>Equality.</summary>
    public static bool operator ==(ReductTimestamp left, ReductTimestamp right) => left.Equals(right);

    /// <summary>Inequality.</summary>
    public static bool operator !=(ReductTimestamp left, ReductTimestamp right) => !left.Equals(right);

    /// <summary>Earlier than.</summary>
    public static bool operator <(ReductTimestamp left, ReductTimestamp right) => left.Microseconds < right.Microseconds;

    /// <summary>Later than.</summary>
    public static bool operator >(ReductTimestamp left, ReductTimestamp right) => left.Microseconds > right.Microseconds;

    /// <summary>Earlier than or equal.</summary>
    public static bool operator <=(ReductTimestamp left, ReductTimestamp right) => left.Microseconds <= right.Microseconds;

    /// <summary>Later than or equal.</summary>
    public static bool operator >=(ReductTimestamp left, ReductTimestamp right) => left.Microseconds >= right.Microseconds;
}
