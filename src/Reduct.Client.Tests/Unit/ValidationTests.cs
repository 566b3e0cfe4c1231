using Reduct.Client;
using Reduct.Client.Protocol;

namespace Reduct.Client.Tests.Unit;

public class ValidationTests
{
    [Theory]
    [InlineData("bucket")]
    [InlineData("My_Bucket-01")]
    [InlineData("x")]
    public void Valid_bucket_names_pass(string name) => NameRules.ValidateBucketName(name, "name");

    [Theory]
    [InlineData("")]
    [InlineData("with space")]
    [InlineData("a/b")]
    [InlineData("dot.name")]
    [InlineData("$system")]
    [InlineData("ümlaut")]
    public void Invalid_bucket_names_name_the_argument(string name)
    {
        ArgumentException error = Assert.Throws<ArgumentException>(() => NameRules.ValidateBucketName(name, "name"));
        Assert.Equal("name", error.ParamName);
    }

    [Theory]
    [InlineData("entry-1")]
    [InlineData("a/b/c")]
    [InlineData("Cam_01/front")]
    [InlineData("batch")]
    [InlineData("q")]
    [InlineData("rename")]
    [InlineData("sensor/$meta")]
    [InlineData("$meta")]
    [InlineData("a/batched")]
    public void Valid_entry_names_pass(string name) => NameRules.ValidateEntryName(name, "entry");

    [Theory]
    [InlineData("", "non-empty")]
    [InlineData("/a", "start or end")]
    [InlineData("a/", "start or end")]
    [InlineData("a//b", "'//'")]
    [InlineData("a b", "contains ' '")]
    [InlineData("a?b", "contains '?'")]
    [InlineData("a\nb", "\\u000A")]
    [InlineData("a/batch", "reserves")]
    [InlineData("a/b/q", "reserves")]
    [InlineData("x/rename", "reserves")]
    [InlineData("$meta/x", "contains '$'")]
    public void Invalid_entry_names_say_what_is_wrong(string name, string expected)
    {
        ArgumentException error = Assert.Throws<ArgumentException>(() => NameRules.ValidateEntryName(name, "entry"));
        Assert.Equal("entry", error.ParamName);
        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Null_names_throw_ArgumentNullException()
    {
        Assert.Throws<ArgumentNullException>(() => NameRules.ValidateEntryName(null, "entry"));
        Assert.Throws<ArgumentNullException>(() => NameRules.ValidateBucketName(null, "name"));
        Assert.Throws<ArgumentNullException>(() => NameRules.ValidateLabelName(null, "name"));
    }

    [Theory]
    [InlineData("Score")]
    [InlineData("@computed")]
    [InlineData("with space")]
    [InlineData("a=b")]
    [InlineData("a,b")]
    [InlineData("")]
    [InlineData("ключ")]
    public void Invalid_label_names_are_rejected(string name)
    {
        ArgumentException error = Assert.Throws<ArgumentException>(() => new Labels { [name] = "v" });
        Assert.Equal("name", error.ParamName);
    }

    [Theory]
    [InlineData("line\r\nx-injected: 1")]
    [InlineData("tab\there")]
    [InlineData("naïve")]
    [InlineData("\u007f")]
    [InlineData(" padded")]
    [InlineData("padded ")]
    public void Label_values_that_cannot_travel_in_a_header_are_rejected(string value)
    {
        ArgumentException error = Assert.Throws<ArgumentException>(() => new Labels { ["name"] = value });
        Assert.Equal("value", error.ParamName);
        Assert.Contains("'name'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Label_values_keep_commas_quotes_and_inner_spaces()
    {
        var labels = new Labels { ["pos"] = "1,2", ["text"] = "say \"hi\" now", ["empty"] = "" };
        Assert.Equal("1,2", labels["pos"].Text);
        Assert.Equal("say \"hi\" now", labels["text"].Text);
        Assert.Equal(string.Empty, labels["empty"].Text);
    }

    [Fact]
    public void Numbers_and_booleans_use_the_invariant_culture()
    {
        System.Globalization.CultureInfo previous = System.Globalization.CultureInfo.CurrentCulture;
        try
        {
            System.Globalization.CultureInfo.CurrentCulture = new System.Globalization.CultureInfo("de-DE");
            var labels = new Labels { ["score"] = 0.9, ["ok"] = true, ["no"] = false, ["count"] = 42, ["big"] = 12345678901234UL, ["price"] = 1.5m, ["f"] = 0.25f };
            Assert.Equal("0.9", labels["score"].Text);
            Assert.Equal("true", labels["ok"].Text);
            Assert.Equal("false", labels["no"].Text);
            Assert.Equal("42", labels["count"].Text);
            Assert.Equal("12345678901234", labels["big"].Text);
            Assert.Equal("1.5", labels["price"].Text);
            Assert.Equal("0.25", labels["f"].Text);
        }
        finally
        {
            System.Globalization.CultureInfo.CurrentCulture = previous;
        }
    }

    [Fact]
    public void Non_finite_numbers_are_rejected()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new Labels { ["x"] = double.NaN });
        Assert.Throws<ArgumentOutOfRangeException>(() => new Labels { ["x"] = double.PositiveInfinity });
    }

    [Fact]
    public void Adding_a_label_twice_is_an_error_but_the_indexer_replaces()
    {
        var labels = new Labels { { "a", "1" } };
        Assert.Throws<ArgumentException>(() => labels.Add("a", "2"));
        labels["a"] = "3";
        Assert.Equal("3", labels["a"].Text);
        Assert.Single(labels);
        Assert.True(labels.Remove("a"));
        Assert.Empty(labels);
    }

    [Fact]
    public void Labels_from_pairs_are_checked()
    {
        Assert.Throws<ArgumentException>(() => new Labels(new Dictionary<string, string> { ["Bad"] = "x" }));
        var labels = new Labels(new Dictionary<string, string> { ["good"] = "x" });
        Assert.Equal("x", labels["good"].Text);
    }

    [Theory]
    [InlineData("")]
    [InlineData(" text/plain")]
    [InlineData("text/plain\r\nx-evil: 1")]
    [InlineData("text/plän")]
    public void Bad_content_types_are_rejected(string contentType)
    {
        ArgumentException error = Assert.Throws<ArgumentException>(() => HeaderValueRules.ValidateContentType(contentType, "options.ContentType"));
        Assert.Equal("options.ContentType", error.ParamName);
    }

    [Fact]
    public void Common_content_types_pass()
    {
        HeaderValueRules.ValidateContentType(null, "ct");
        HeaderValueRules.ValidateContentType("image/png", "ct");
        HeaderValueRules.ValidateContentType("text/plain; charset=utf-8", "ct");
    }
}
