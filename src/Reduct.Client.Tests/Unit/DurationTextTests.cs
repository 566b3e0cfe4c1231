using Reduct.Client.Protocol;

namespace Reduct.Client.Tests.Unit;

/// <summary>The server's duration text: written in the largest exact unit, read in every form the server gives.</summary>
public sealed class DurationTextTests
{
    public static TheoryData<TimeSpan, string> Written => new()
    {
        { TimeSpan.FromDays(30), "30d" },
        { TimeSpan.FromSeconds(3600), "1h" },
        { TimeSpan.FromMinutes(90), "90m" },
        { TimeSpan.FromMilliseconds(1500), "1500ms" },
        { TimeSpan.FromTicks(10), "1us" },
        { TimeSpan.Zero, "0d" },
    };

    [Theory]
    [MemberData(nameof(Written))]
    public void A_duration_is_written_in_its_largest_exact_unit_and_reads_back(TimeSpan value, string text)
    {
        Assert.Equal(text, DurationText.Format(value, "value"));
        Assert.True(DurationText.TryParse(text, out TimeSpan back));
        Assert.Equal(value, back);
    }

    [Theory]
    [InlineData("3600s", 3600)]
    [InlineData("1d 12h", 129600)]
    [InlineData("1h -30m", 1800)]
    [InlineData("  15m ", 900)]
    public void The_servers_forms_are_read(string text, int seconds)
    {
        Assert.True(DurationText.TryParse(text, out TimeSpan value));
        Assert.Equal(TimeSpan.FromSeconds(seconds), value);
    }

    [Theory]
    [InlineData("")]
    [InlineData("abc")]
    [InlineData("5x")]
    [InlineData("2.5m")]
    [InlineData("P30D")]
    public void Text_that_is_not_a_duration_is_not_read(string text) => Assert.False(DurationText.TryParse(text, out _));
}
