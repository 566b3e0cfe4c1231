using System.Globalization;
using System.Text.Json;
using Reduct.Client;

namespace Reduct.Client.Tests.Unit;

public class ReductTimestampTests
{
    [Fact]
    public void Iso_string_without_offset_is_utc()
    {
        ReductTimestamp timestamp = "2024-02-02T10:00:00";
        Assert.Equal(1706868000000000UL, timestamp.Microseconds);
    }

    [Theory]
    [InlineData("2024-02-02T10:00:00Z", 1706868000000000UL)]
    [InlineData("2024-02-02T12:00:00+02:00", 1706868000000000UL)]
    [InlineData("2024-02-02T10:00:00.000001Z", 1706868000000001UL)]
    [InlineData("2024-02-02T10:00:00.1234567Z", 1706868000123456UL)]
    [InlineData("1970-01-01T00:00:00Z", 0UL)]
    [InlineData(" 2024-02-02 10:00:00 ", 1706868000000000UL)]
    public void Iso_strings_parse_to_microseconds(string text, ulong expected)
    {
        Assert.Equal(expected, ReductTimestamp.Parse(text).Microseconds);
        Assert.True(ReductTimestamp.TryParse(text, out ReductTimestamp parsed));
        Assert.Equal(expected, parsed.Microseconds);
    }

    [Theory]
    [InlineData("")]
    [InlineData("yesterday")]
    [InlineData("2/3/2024")]
    [InlineData("2024-13-02T10:00:00")]
    public void Malformed_strings_are_rejected_with_the_argument_name(string text)
    {
        ArgumentException error = Assert.Throws<ArgumentException>(() => ReductTimestamp.Parse(text));
        Assert.Equal("value", error.ParamName);
        Assert.Contains("ISO 8601", error.Message, StringComparison.Ordinal);
        Assert.False(ReductTimestamp.TryParse(text, out _));
    }

    [Fact]
    public void Instants_before_the_epoch_are_rejected()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => ReductTimestamp.FromDateTimeOffset(new DateTimeOffset(1969, 12, 31, 23, 59, 59, TimeSpan.Zero)));
        Assert.Throws<ArgumentOutOfRangeException>(() => ReductTimestamp.Parse("1969-12-31T23:59:59Z"));
        Assert.False(ReductTimestamp.TryParse("1969-12-31T23:59:59Z", out _));
    }

    [Fact]
    public void DateTime_kinds_are_treated_as_documented()
    {
        var utc = new DateTime(2024, 2, 2, 10, 0, 0, DateTimeKind.Utc);
        var unspecified = new DateTime(2024, 2, 2, 10, 0, 0, DateTimeKind.Unspecified);
        DateTime local = utc.ToLocalTime();

        Assert.Equal(1706868000000000UL, ((ReductTimestamp)utc).Microseconds);
        Assert.Equal(1706868000000000UL, ((ReductTimestamp)unspecified).Microseconds);
        Assert.Equal(1706868000000000UL, ((ReductTimestamp)local).Microseconds);
    }

    [Fact]
    public void Sub_microsecond_ticks_are_truncated()
    {
        DateTimeOffset instant = DateTimeOffset.UnixEpoch.AddTicks(19);
        Assert.Equal(1UL, ReductTimestamp.FromDateTimeOffset(instant).Microseconds);
    }

    [Fact]
    public void Round_trips_through_DateTimeOffset()
    {
        var instant = new DateTimeOffset(2030, 5, 6, 7, 8, 9, TimeSpan.Zero).AddTicks(1230);
        ReductTimestamp timestamp = instant;
        Assert.Equal(instant, timestamp.ToDateTimeOffset());
        Assert.Throws<InvalidOperationException>(() => new ReductTimestamp(ulong.MaxValue).ToDateTimeOffset());
    }

    [Fact]
    public void Now_has_microsecond_resolution_and_follows_the_clock()
    {
        ulong before = (ulong)(DateTimeOffset.UtcNow - DateTimeOffset.UnixEpoch).Ticks / 10;
        ReductTimestamp now = ReductTimestamp.Now;
        ulong after = (ulong)(DateTimeOffset.UtcNow - DateTimeOffset.UnixEpoch).Ticks / 10;
        Assert.InRange(now.Microseconds, before, after);
    }

    [Fact]
    public void Raw_microseconds_and_comparisons()
    {
        ReductTimestamp a = 5UL;
        ReductTimestamp b = new(7);
        Assert.True(a < b);
        Assert.True(b >= a);
        Assert.NotEqual(a, b);
        Assert.Equal(a, new ReductTimestamp(5));
        Assert.Equal("5", a.ToString());
        Assert.Equal(5UL, (ulong)a);
        Assert.Equal(ulong.MaxValue, new ReductTimestamp(ulong.MaxValue).Microseconds);
    }

    [Fact]
    public void Every_integer_literal_type_converts_to_microseconds()
    {
        int fromInt = 20;
        uint fromUint = 21;
        long fromLong = 22;
        ulong fromUlong = 23;
        ReductTimestamp[] timestamps = [20, 21U, 22L, 23UL, fromInt, fromUint, fromLong, fromUlong, new(24L), new(25)];

        Assert.Equal([20UL, 21UL, 22UL, 23UL, 20UL, 21UL, 22UL, 23UL, 24UL, 25UL], timestamps.Select(t => t.Microseconds));
        Assert.Equal(ulong.MaxValue, ((ReductTimestamp)ulong.MaxValue).Microseconds);
        Assert.Equal((ulong)long.MaxValue, ((ReductTimestamp)long.MaxValue).Microseconds);
    }

    [Theory]
    [InlineData(-1L)]
    [InlineData(long.MinValue)]
    public void Negative_microseconds_are_refused(long microseconds)
    {
        ArgumentOutOfRangeException fromLong = Assert.Throws<ArgumentOutOfRangeException>(() => (ReductTimestamp)microseconds);
        ArgumentOutOfRangeException fromCtor = Assert.Throws<ArgumentOutOfRangeException>(() => new ReductTimestamp(microseconds));
        ArgumentOutOfRangeException fromInt = Assert.Throws<ArgumentOutOfRangeException>(() => (ReductTimestamp)(int)Math.Max(microseconds, int.MinValue));

        foreach (ArgumentOutOfRangeException error in new[] { fromLong, fromCtor, fromInt })
        {
            Assert.Equal("microseconds", error.ParamName);
            Assert.Contains("cannot be negative", error.Message, StringComparison.Ordinal);
        }

        Assert.Equal(microseconds, fromLong.ActualValue);
    }

    [Theory]
    [InlineData(1706868000000000UL, "2024-02-02T10:00:00.000000Z")]
    [InlineData(1706868000123456UL, "2024-02-02T10:00:00.123456Z")]
    [InlineData(1UL, "1970-01-01T00:00:00.000001Z")]
    [InlineData(0UL, "1970-01-01T00:00:00.000000Z")]
    [InlineData(ulong.MaxValue, "18446744073709551615 µs")]
    public void Format_O_is_iso_8601_utc_with_microseconds(ulong microseconds, string expected)
    {
        var timestamp = new ReductTimestamp(microseconds);

        Assert.Equal(expected, timestamp.ToString("O", CultureInfo.InvariantCulture));
        Assert.Equal(expected, $"{timestamp:O}");
        Assert.Equal(expected, string.Create(new CultureInfo("de-DE"), $"{timestamp:o}"));
        if (microseconds != ulong.MaxValue)
        {
            Assert.Equal(timestamp, ReductTimestamp.Parse(expected));
        }
    }

    [Fact]
    public void Plain_and_D_formats_are_the_microseconds_and_others_are_refused()
    {
        ReductTimestamp timestamp = 1706868000000001UL;

        Assert.Equal("1706868000000001", $"{timestamp}");
        Assert.Equal("1706868000000001", $"{timestamp:D}");
        Assert.Equal("1706868000000001", timestamp.ToString(null, CultureInfo.InvariantCulture));
        FormatException error = Assert.Throws<FormatException>(() => timestamp.ToString("yyyy", CultureInfo.InvariantCulture));
        Assert.Contains("\"O\"", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Json_holds_a_timestamp_as_its_microseconds()
    {
        Assert.Equal("18446744073709551615", JsonSerializer.Serialize(new ReductTimestamp(ulong.MaxValue)));
        Assert.Equal(new ReductTimestamp(1706868000000001UL), JsonSerializer.Deserialize<ReductTimestamp>("1706868000000001"));
        Assert.Throws<JsonException>(() => JsonSerializer.Deserialize<ReductTimestamp>("-1"));
        Assert.Throws<JsonException>(() => JsonSerializer.Deserialize<ReductTimestamp>("\"2024-02-02T10:00:00Z\""));
    }
}
