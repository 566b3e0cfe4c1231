using System.Globalization;
using Reduct.Client;

namespace Reduct.Client.Tests.Unit;

/// <summary>
/// Each numeric type a label accepts is formatted as itself: the shortest invariant text that parses back into
/// the same value of that type, never the text of a wider type it was converted to.
/// </summary>
public class LabelValueFormattingTests
{
    [Theory]
    [InlineData(0.9f, "0.9")]
    [InlineData(0.1f, "0.1")]
    [InlineData(-2.5f, "-2.5")]
    [InlineData(1e-5f, "1E-05")]
    [InlineData(16777216f, "16777216")]
    [InlineData(float.MaxValue, "3.4028235E+38")]
    [InlineData(float.Epsilon, "1E-45")]
    public void Float_is_formatted_as_a_float(float value, string expected)
    {
        string text = ((LabelValue)value).Text;

        Assert.Equal(expected, text);
        Assert.Equal(value, float.Parse(text, NumberStyles.Float, CultureInfo.InvariantCulture));
    }

    [Theory]
    [InlineData(0.9, "0.9")]
    [InlineData(0.1 + 0.2, "0.30000000000000004")]
    [InlineData(-2.5, "-2.5")]
    [InlineData(1e-5, "1E-05")]
    [InlineData(double.MaxValue, "1.7976931348623157E+308")]
    [InlineData(double.Epsilon, "5E-324")]
    public void Double_is_formatted_as_a_double(double value, string expected)
    {
        string text = ((LabelValue)value).Text;

        Assert.Equal(expected, text);
        Assert.Equal(value, double.Parse(text, NumberStyles.Float, CultureInfo.InvariantCulture));
    }

    [Theory]
    [InlineData(0.1f, "0.1")]
    [InlineData(0.9f, "0.9")]
    [InlineData(-2.5f, "-2.5")]
    [InlineData(65504f, "65500")]
    [InlineData(6e-8f, "6E-08")]
    public void Half_is_formatted_as_a_half(float input, string expected)
    {
        var value = (Half)input;

        string text = ((LabelValue)value).Text;

        Assert.Equal(expected, text);
        Assert.Equal(value, Half.Parse(text, NumberStyles.Float, CultureInfo.InvariantCulture));
    }

    [Theory]
    [InlineData("1.5", "1.5")]
    [InlineData("1.50", "1.50")]
    [InlineData("-0.0001", "-0.0001")]
    [InlineData("0.1", "0.1")]
    [InlineData("79228162514264337593543950335", "79228162514264337593543950335")]
    public void Decimal_keeps_every_digit_and_its_scale(string input, string expected)
    {
        decimal value = decimal.Parse(input, CultureInfo.InvariantCulture);

        string text = ((LabelValue)value).Text;

        Assert.Equal(expected, text);
        decimal parsed = decimal.Parse(text, CultureInfo.InvariantCulture);
        Assert.Equal(value, parsed);
        Assert.Equal(decimal.GetBits(value), decimal.GetBits(parsed));
    }

    [Theory]
    [InlineData(true, "true")]
    [InlineData(false, "false")]
    public void Bool_is_lower_case(bool value, string expected)
    {
        string text = ((LabelValue)value).Text;

        Assert.Equal(expected, text);
        Assert.Equal(value, bool.Parse(text));
    }

    [Theory]
    [InlineData((byte)0, "0")]
    [InlineData(byte.MaxValue, "255")]
    public void Byte_is_decimal_digits(byte value, string expected) =>
        AssertInteger(value, expected, (LabelValue)value, byte.Parse);

    [Theory]
    [InlineData(sbyte.MinValue, "-128")]
    [InlineData(sbyte.MaxValue, "127")]
    public void Sbyte_is_decimal_digits(sbyte value, string expected) =>
        AssertInteger(value, expected, (LabelValue)value, sbyte.Parse);

    [Theory]
    [InlineData(short.MinValue, "-32768")]
    [InlineData(short.MaxValue, "32767")]
    public void Short_is_decimal_digits(short value, string expected) =>
        AssertInteger(value, expected, (LabelValue)value, short.Parse);

    [Theory]
    [InlineData(ushort.MinValue, "0")]
    [InlineData(ushort.MaxValue, "65535")]
    public void Ushort_is_decimal_digits(ushort value, string expected) =>
        AssertInteger(value, expected, (LabelValue)value, ushort.Parse);

    [Theory]
    [InlineData(int.MinValue, "-2147483648")]
    [InlineData(42, "42")]
    public void Int_is_decimal_digits(int value, string expected) =>
        AssertInteger(value, expected, (LabelValue)value, int.Parse);

    [Theory]
    [InlineData(uint.MaxValue, "4294967295")]
    public void Uint_is_decimal_digits(uint value, string expected) =>
        AssertInteger(value, expected, (LabelValue)value, uint.Parse);

    [Theory]
    [InlineData(long.MinValue, "-9223372036854775808")]
    [InlineData(long.MaxValue, "9223372036854775807")]
    public void Long_is_decimal_digits(long value, string expected) =>
        AssertInteger(value, expected, (LabelValue)value, long.Parse);

    [Theory]
    [InlineData(ulong.MaxValue, "18446744073709551615")]
    public void Ulong_is_decimal_digits(ulong value, string expected) =>
        AssertInteger(value, expected, (LabelValue)value, ulong.Parse);

    [Fact]
    public void Fractions_use_a_dot_under_a_culture_with_a_decimal_comma()
    {
        CultureInfo previous = CultureInfo.CurrentCulture;
        try
        {
            CultureInfo.CurrentCulture = new CultureInfo("de-DE");

            Assert.Equal("0.9", ((LabelValue)0.9f).Text);
            Assert.Equal("0.1", ((LabelValue)(Half)0.1f).Text);
            Assert.Equal("-1.25", ((LabelValue)(-1.25)).Text);
            Assert.Equal("1.50", ((LabelValue)1.50m).Text);
            Assert.Equal("-32768", ((LabelValue)short.MinValue).Text);
        }
        finally
        {
            CultureInfo.CurrentCulture = previous;
        }
    }

    [Fact]
    public void Non_finite_numbers_of_every_floating_type_are_refused()
    {
        Assert.Contains("finite", Assert.Throws<ArgumentOutOfRangeException>(() => (LabelValue)float.NaN).Message, StringComparison.Ordinal);
        Assert.Contains("finite", Assert.Throws<ArgumentOutOfRangeException>(() => (LabelValue)float.PositiveInfinity).Message, StringComparison.Ordinal);
        Assert.Contains("finite", Assert.Throws<ArgumentOutOfRangeException>(() => (LabelValue)double.NegativeInfinity).Message, StringComparison.Ordinal);
        Assert.Contains("finite", Assert.Throws<ArgumentOutOfRangeException>(() => (LabelValue)Half.NaN).Message, StringComparison.Ordinal);
        Assert.Contains("finite", Assert.Throws<ArgumentOutOfRangeException>(() => (LabelValue)Half.NegativeInfinity).Message, StringComparison.Ordinal);
    }

    private static void AssertInteger<T>(T value, string expected, LabelValue label, Func<string, IFormatProvider, T> parse)
    {
        Assert.Equal(expected, label.Text);
        Assert.Equal(value, parse(label.Text, CultureInfo.InvariantCulture));
    }
}
