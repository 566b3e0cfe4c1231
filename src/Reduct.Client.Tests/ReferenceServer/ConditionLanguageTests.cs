using System.Text.Json;
using Reduct.Client.Testing.Conditions;
using Reduct.Client.Testing.Hosting;
using Reduct.Client.Testing.Http;

namespace Reduct.Client.Tests.ReferenceServer;

// The reference server's own condition tree, not the client's Reduct.Client.Condition.
using Condition = Reduct.Client.Testing.Conditions.Condition;

/// <summary>
/// The reference server's <c>when</c> language (protocol reference §4): evaluation over records with a label
/// <c>n</c> equal to the timestamp, and the 422 texts of conditions that do not parse.
/// </summary>
public sealed class ConditionLanguageTests
{
    private static readonly ApiVersion Current = new(1, 20);

    private static Condition Parse(string json, ApiVersion? version = null)
    {
        using var document = JsonDocument.Parse(json);
        return Condition.Parse(document.RootElement.Clone(), version ?? Current);
    }

    /// <summary>The timestamps 1..<paramref name="count"/> (label n = timestamp) that the condition keeps, stopping at a <c>$limit</c>.</summary>
    private static List<ulong> Run(string json, int count = 10, bool strict = false)
    {
        var condition = Parse(json);
        var kept = new List<ulong>();
        for (ulong ts = 1; ts <= (ulong)count; ts++)
        {
            var labels = new Dictionary<string, string> { ["n"] = ts.ToString(System.Globalization.CultureInfo.InvariantCulture) };
            var match = condition.Matches(ts, labels, strict);
            if (match is null)
            {
                break;
            }

            if (match.Value)
            {
                kept.Add(ts);
            }
        }

        return kept;
    }

    private static bool Matches(string json, IReadOnlyDictionary<string, string> labels, ulong timestamp = 1) =>
        Parse(json).Matches(timestamp, labels, strict: false) == true;

    private static void AssertRefused(string json, string message, ApiVersion? version = null)
    {
        var error = Assert.Throws<ReductErrorException>(() => Parse(json, version));
        Assert.Equal(422, error.Status);
        Assert.Equal(message, error.Message);
    }

    [Fact]
    public void Object_notation_compares_a_label_with_a_constant()
    {
        Assert.Equal([4, 5], Run("""{"&n":{"$gt":3}}""", 5));
        Assert.Equal([1, 2], Run("""{"&n":{"$lte":2}}""", 5));
        Assert.Equal([1, 2, 4, 5], Run("""{"&n":{"$ne":3}}""", 5));
    }

    [Fact]
    public void Array_notation_and_the_scalar_shorthand()
    {
        Assert.Equal([2, 4], Run("""{"$in":["&n",2,4,9]}""", 5));
        Assert.Equal([1, 3, 5], Run("""{"$nin":["&n",2,4]}""", 5));
        Assert.Equal([1, 2, 3], Run("""{"$limit":3}""", 5));
    }

    [Fact]
    public void Top_level_members_are_anded_in_key_order_with_short_circuit()
    {
        Assert.Equal([2, 3], Run("""{"&n":{"$ne":1},"$limit":2}""", 5));
        Assert.Equal([2], Run("""{"$limit":2,"&n":{"$ne":1}}""", 5));
    }

    [Fact]
    public void A_repeated_key_keeps_only_its_last_value()
    {
        Assert.Equal([1, 2], Run("""{"&n":{"$gt":195},"&n":{"$lt":3}}""", 200));
    }

    [Fact]
    public void Label_values_are_typed_so_a_string_constant_never_matches_an_integer_label()
    {
        Assert.Empty(Run("""{"&n":{"$lt":"5"}}""", 9));
        Assert.Equal([1, 2, 3, 4], Run("""{"&n":{"$lt":5}}""", 9));
        Assert.True(Matches("""{"&n":{"$ne":"7"}}""", new Dictionary<string, string> { ["n"] = "7" }));
        Assert.True(Matches("""{"&f":{"$eq":true}}""", new Dictionary<string, string> { ["f"] = "true" }));
        Assert.True(Matches("""{"&f":{"$eq":1}}""", new Dictionary<string, string> { ["f"] = "true" }));
        Assert.True(Matches("""{"&x":{"$gt":1.4}}""", new Dictionary<string, string> { ["x"] = "1.5" }));
        Assert.True(Matches("""{"&s":{"$gt":"abc"}}""", new Dictionary<string, string> { ["s"] = "abd" }));
        Assert.False(Matches("""{"&s":{"$eq":" 7"}}""", new Dictionary<string, string> { ["s"] = "7" }));
    }

    [Fact]
    public void Logical_operators_take_any_number_of_operands()
    {
        Assert.Equal([3, 4], Run("""{"$and":[{"&n":{"$gt":2}},{"&n":{"$lt":5}}]}""", 6));
        Assert.Equal([1, 6], Run("""{"$or":[{"&n":{"$lt":2}},{"&n":{"$gt":5}}]}""", 6));
        Assert.Equal([1, 2], Run("""{"$not":[{"&n":{"$gt":2}}]}""", 6));
        Assert.Equal([3, 4], Run("""{"$xor":[{"&n":{"$gt":2}},{"&n":{"$gt":4}}]}""", 6));
        Assert.Equal([1, 2, 3], Run("""{"$all_of":[{"&n":{"$lt":4}}],"$any_of":[true],"$none_of":[false]}""", 6));
    }

    [Fact]
    public void Has_takes_label_names_as_operands()
    {
        var labels = new Dictionary<string, string> { ["a"] = "1", ["b"] = "2" };
        Assert.True(Matches("""{"$has":["a","b"]}""", labels));
        Assert.False(Matches("""{"$exists":["a","c"]}""", labels));
        Assert.False(Matches("""{"&a":{"$exists":true}}""", labels));
    }

    [Fact]
    public void Each_n_keeps_every_nth_evaluation()
    {
        Assert.Equal([50, 100, 150, 200], Run("""{"$each_n":50}""", 200));
    }

    [Fact]
    public void Each_t_drops_the_first_record_and_keeps_one_per_period()
    {
        Assert.Equal([51, 101, 151], Run("""{"$each_t":"50us"}""", 200));
        Assert.Equal([3, 5], Run("""{"$each_t":0.000002}""", 6));
    }

    [Fact]
    public void Limit_zero_returns_nothing()
    {
        Assert.Empty(Run("""{"$limit":0}""", 5));
    }

    [Fact]
    public void Timestamp_is_the_record_time()
    {
        Assert.Equal([3], Run("""{"$eq":["$timestamp",3]}""", 5));
        Assert.Equal([4, 5], Run("""{"$gt":["$id",3]}""", 5));
    }

    [Fact]
    public void Durations_compare_with_numbers_in_microseconds()
    {
        Assert.True(Matches("""{"$gt":["1m","59s"]}""", new Dictionary<string, string>()));
        Assert.True(Matches("""{"$eq":["1h -30m",1800000000]}""", new Dictionary<string, string>()));
        Assert.False(Matches("""{"$eq":["1.5s",1500000]}""", new Dictionary<string, string>()));
    }

    [Fact]
    public void A_scalar_condition_is_evaluated_as_a_boolean()
    {
        Assert.Equal([1, 2], Run("true", 2));
        Assert.Empty(Run("false", 2));
        Assert.Equal([1, 2], Run("\"&n\"", 2));
    }

    [Fact]
    public void A_key_that_is_not_a_label_reference_is_a_string_constant()
    {
        Assert.Empty(Run("""{"n":{"$eq":1}}""", 3));
    }

    [Fact]
    public void String_operators_compare_text()
    {
        var labels = new Dictionary<string, string> { ["path"] = "cam/front/left" };
        Assert.True(Matches("""{"&path":{"$starts_with":"cam/"}}""", labels));
        Assert.True(Matches("""{"&path":{"$contains":"front"}}""", labels));
        Assert.False(Matches("""{"&path":{"$ends_with":"LEFT"}}""", labels));
        Assert.True(Matches("""{"$eq":[{"$ref":"path"},"cam/front/left"]}""", labels));
    }

    [Fact]
    public void A_missing_label_excludes_the_record_unless_strict()
    {
        var condition = Parse("""{"&nosuch":{"$eq":1}}""");
        Assert.False(condition.Matches(1, new Dictionary<string, string>(), strict: false));

        var error = Assert.Throws<ReductErrorException>(() => condition.Matches(1, new Dictionary<string, string>(), strict: true));
        Assert.Equal(404, error.Status);
        Assert.Equal("Reference 'nosuch' not found", error.Message);
    }

    [Fact]
    public void Computed_labels_are_never_present_without_extensions()
    {
        var error = Assert.Throws<ReductErrorException>(() => Parse("""{"@x":{"$eq":1}}""").Matches(1, new Dictionary<string, string>(), strict: true));
        Assert.Equal("Reference '@x' not found", error.Message);
    }

    [Fact]
    public void Each_n_of_zero_is_an_evaluation_error()
    {
        Assert.Empty(Run("""{"$each_n":0}""", 5));
        var error = Assert.Throws<ReductErrorException>(() => Run("""{"$each_n":0}""", 5, strict: true));
        Assert.Equal(422, error.Status);
        Assert.Equal("Value '0' is not a valid operand for $each_n", error.Message);
    }

    [Fact]
    public void Limit_reaching_its_count_is_not_an_error_in_strict_mode()
    {
        Assert.Equal([1, 2], Run("""{"$limit":2}""", 5, strict: true));
    }

    [Theory]
    [InlineData("""{"&n":{"$foo":1}}""", "Operator '$foo' not supported")]
    [InlineData("""{"&n":{"$eq":1,"$ne":2}}""", "Object notation must have exactly one operator")]
    [InlineData("""{"&n":{"$eq":[1]}}""", "Array type is not supported: [1]")]
    [InlineData("""{"&n":{"$in":[1,2,3]}}""", "Array type is not supported: [1,2,3]")]
    [InlineData("""{"$eq":["&n"]}""", "$eq requires exactly two operands")]
    [InlineData("""{"$gte":["&n",1,2]}""", "$gte requires exactly two operands")]
    [InlineData("""{"$lt":["$nosuch",4]}""", "Unknown '$' literal '$nosuch'; use '$$' to escape a string value")]
    [InlineData("""{"$eq":["$hour",4]}""", "Operator '$hour' is not implemented by the reference server")]
    [InlineData("""{"$timestamp":1}""", "$timestamp requires no operands")]
    [InlineData("""{"#nosuch":1}""", "Directive '#nosuch' is not supported")]
    [InlineData("""[1]""", "Array type is not supported: [1]")]
    [InlineData("""{"n":1}""", "Operator 'n' must start with '$'")]
    [InlineData("""{"&n":{"$eq":null}}""", "Null type is not supported: null")]
    [InlineData("""{"$in":["&n"]}""", "$in operator requires at least two operands")]
    [InlineData("""{"$exists":[]}""", "$exists requires at least one operand")]
    [InlineData("""{"$limit":[1,2]}""", "$limit requires exactly one operand")]
    [InlineData("""{"$each_t":[]}""", "$each_t requires exactly one operand")]
    [InlineData("""{"&n":{"$gt":18446744073709551615}}""", "Integer 18446744073709551615 does not fit in a signed 64-bit integer")]
    [InlineData("""{"$add":[1,2]}""", "Operator '$add' is not implemented by the reference server")]
    [InlineData("""{"#ctx_before":2,"&n":{"$eq":1}}""", "Directive '#ctx_before' is not implemented by the reference server")]
    [InlineData("""{"#batch_records":null}""", "Directive '#batch_records' cannot be null")]
    [InlineData("""{"#batch_records":-1}""", "#batch_records must be a positive integer")]
    [InlineData("""{"#batch_records":[1,2]}""", "#batch_records must be a single integer value")]
    [InlineData("""{"#batch_size":1.5}""", "#batch_size must be a positive integer or string representing a positive integer")]
    [InlineData("""{"#batch_metadata_size":"1XB"}""", "#batch_metadata_size must be a positive integer or string: couldn't parse \"XB\" into a known SI unit, couldn't parse unit of \"XB\"")]
    [InlineData("""{"#batch_timeout":"10x"}""", "#batch_timeout must be a positive integer or duration")]
    [InlineData("""{"#select_labels":[]}""", "#select_labels must contain at least one label")]
    [InlineData("""{"#select_labels":["a",1]}""", "#select_labels must contain only string values")]
    public void Malformed_conditions_are_422_with_the_server_text(string json, string message)
    {
        AssertRefused(json, message);
    }

    [Fact]
    public void Directives_set_the_batch_limits_and_the_labels_to_return()
    {
        var directives = Parse("""{"#batch_records":3,"#batch_size":"1MB","#batch_metadata_size":2048,"#batch_timeout":"500ms","#record_timeout":2,"#select_labels":["a","b"],"&n":{"$gt":0}}""").Directives;

        Assert.Equal(3, directives.BatchRecords);
        Assert.Equal(1_000_000, directives.BatchSize);
        Assert.Equal(2048, directives.BatchMetadataSize);
        Assert.Equal(TimeSpan.FromMilliseconds(500), directives.BatchTimeout);
        Assert.Equal(TimeSpan.FromSeconds(2), directives.RecordTimeout);
        Assert.Equal(["a", "b"], directives.SelectLabels);
    }

    [Fact]
    public void Dollar_escaping_and_operators_follow_the_emulated_version()
    {
        Assert.True(Matches("""{"&tag":{"$eq":"$$x"}}""", new Dictionary<string, string> { ["tag"] = "$x" }));
        AssertRefused("""{"&tag":{"$eq":"$$x"}}""", "Operator '$$x' not supported", new ApiVersion(1, 18));
        AssertRefused("""{"$limit":3}""", "Operator '$limit' not supported", new ApiVersion(1, 14));
        AssertRefused("""{"#batch_records":3}""", "Directive '#batch_records' is not supported", new ApiVersion(1, 16));
        AssertRefused("""{"$lt":["$nosuch",4]}""", "Operator '$nosuch' not supported", new ApiVersion(1, 18));
    }
}
