using System.Collections.ObjectModel;
using System.Globalization;
using Reduct.Client;
using Reduct.Client.Testing;

namespace Reduct.Client.Tests.Integration;

/// <summary>
/// Dictionaries and other collections of pairs are accepted as labels on every write path; object values are
/// formatted as <see cref="LabelValue"/> formats their type. Checked in what the server stored.
/// </summary>
public class DictionaryLabelTests(ServerFixture fixture) : IClassFixture<ServerFixture>
{
    private const ulong At = 1_700_000_000_000_000;

    private static Dictionary<string, object> ObjectValues() => new()
    {
        ["camera"] = "front",
        ["score"] = 0.9,
        ["ratio"] = 0.9f,
        ["half"] = (Half)0.1f,
        ["price"] = 1.50m,
        ["count"] = 3,
        ["big"] = ulong.MaxValue,
        ["small"] = (sbyte)-8,
        ["ok"] = true,
        ["given"] = new LabelValue("as-is"),
    };

    private static readonly Dictionary<string, string> ObjectValuesAsText = new(StringComparer.Ordinal)
    {
        ["camera"] = "front",
        ["score"] = "0.9",
        ["ratio"] = "0.9",
        ["half"] = "0.1",
        ["price"] = "1.50",
        ["count"] = "3",
        ["big"] = "18446744073709551615",
        ["small"] = "-8",
        ["ok"] = "true",
        ["given"] = "as-is",
    };

    [Fact]
    public async Task A_dictionary_of_strings_is_labels()
    {
        Bucket bucket = await fixture.NewBucketAsync();
        var labels = new Dictionary<string, string> { ["camera"] = "front", ["unit"] = "celsius" };

        await bucket.WriteAsync("single", "x", At, new RecordWriteOptions { Labels = labels });

        Assert.Equal(labels, StoredLabels(bucket, "single"));
    }

    [Fact]
    public async Task A_dictionary_of_objects_is_labels_formatted_with_the_invariant_culture()
    {
        Bucket bucket = await fixture.NewBucketAsync();
        CultureInfo culture = CultureInfo.CurrentCulture;
        CultureInfo.CurrentCulture = new CultureInfo("de-DE"); // "0,9" here, were values formatted with the current culture
        try
        {
            await bucket.WriteAsync("single", "x", At, new RecordWriteOptions { Labels = ObjectValues() });
        }
        finally
        {
            CultureInfo.CurrentCulture = culture;
        }

        Assert.Equal(ObjectValuesAsText, StoredLabels(bucket, "single"));
    }

    [Fact]
    public async Task Batches_and_the_writer_take_dictionaries_as_labels()
    {
        Bucket bucket = await fixture.NewBucketAsync();
        var text = new Dictionary<string, string> { ["unit"] = "celsius" };
        var batch = new Batch();
        batch.Add(At, "x", labels: text);
        var records = new RecordBatch();
        records.Add("record-batch", At, "x", labels: ObjectValues());

        Assert.Empty(await bucket.WriteBatchAsync("batch", batch));
        Assert.Empty(await bucket.WriteBatchAsync(records));
        await using (IngestionWriter writer = bucket.CreateWriter())
        {
            EntryWriter entry = writer.OpenEntry("writer", labels: ObjectValues());
            await entry.WriteAsync(At, "x"u8.ToArray());
            await entry.WriteAsync(At + 1, "x"u8.ToArray(), text);
            Assert.Empty(await writer.FlushAsync());
        }

        Assert.Equal(text, StoredLabels(bucket, "batch"));
        Assert.Equal(ObjectValuesAsText, StoredLabels(bucket, "record-batch"));
        Assert.Equal(ObjectValuesAsText, StoredLabels(bucket, "writer"));
        Assert.Equal(text, StoredLabels(bucket, "writer", At + 1));
    }

    [Fact]
    public async Task Other_collections_of_pairs_go_through_a_constructor()
    {
        Bucket bucket = await fixture.NewBucketAsync();
        IReadOnlyDictionary<string, string> readOnly = new ReadOnlyDictionary<string, string>(new Dictionary<string, string> { ["unit"] = "celsius" });
        IEnumerable<KeyValuePair<string, object>> pairs = [new("count", 3), new("ok", false)];

        await bucket.WriteAsync("read-only", "x", At, new RecordWriteOptions { Labels = new Labels(readOnly) });
        await bucket.WriteAsync("pairs", "x", At, new RecordWriteOptions { Labels = new Labels(pairs) });

        Assert.Equal(readOnly, StoredLabels(bucket, "read-only"));
        Assert.Equal(new Dictionary<string, string> { ["count"] = "3", ["ok"] = "false" }, StoredLabels(bucket, "pairs"));
    }

    [Fact]
    public async Task A_null_dictionary_is_no_labels()
    {
        Bucket bucket = await fixture.NewBucketAsync();
        Dictionary<string, string>? none = null;

        Labels? converted = none;
        await bucket.WriteAsync("single", "x", At, new RecordWriteOptions { Labels = none });

        Assert.Null(converted);
        Assert.Empty(StoredLabels(bucket, "single"));
    }

    [Theory]
    [InlineData("when", "System.DateTime")]
    [InlineData("guid", "System.Guid")]
    [InlineData("list", "System.Int32[]")]
    public void A_value_of_another_type_is_refused_naming_the_label_and_the_type(string name, string typeName)
    {
        object value = name switch
        {
            "when" => DateTime.UtcNow,
            "guid" => Guid.NewGuid(),
            _ => new[] { 1, 2 },
        };

        ArgumentException error = Assert.Throws<ArgumentException>(() => new Labels(new Dictionary<string, object> { ["ok"] = 1, [name] = value }));

        Assert.Equal("labels", error.ParamName);
        Assert.Contains($"Label '{name}'", error.Message, StringComparison.Ordinal);
        Assert.Contains(typeName, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Null_char_and_non_finite_values_are_refused_naming_the_label()
    {
        ArgumentException nullValue = Assert.Throws<ArgumentException>(() => new Labels(new Dictionary<string, object> { ["gone"] = null! }));
        ArgumentException charValue = Assert.Throws<ArgumentException>(() => new Labels(new Dictionary<string, object> { ["letter"] = 'a' }));
        ArgumentException notFinite = Assert.Throws<ArgumentException>(() => new Labels(new Dictionary<string, object> { ["score"] = double.NaN }));
        ArgumentException badName = Assert.Throws<ArgumentException>(() => new Labels(new Dictionary<string, object> { ["Bad Name"] = 1 }));

        Assert.Contains("Label 'gone' has a null value", nullValue.Message, StringComparison.Ordinal);
        Assert.Contains("Label 'letter' has a char value", charValue.Message, StringComparison.Ordinal);
        Assert.Contains("Label 'score' must be a finite number", notFinite.Message, StringComparison.Ordinal);
        Assert.Contains("Bad Name", badName.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_refused_dictionary_sends_nothing()
    {
        Bucket bucket = await fixture.NewBucketAsync();

        await Assert.ThrowsAsync<ArgumentException>(() => bucket.WriteAsync("single", "x", At, new RecordWriteOptions
        {
            Labels = new Dictionary<string, object> { ["when"] = DateTimeOffset.UtcNow },
        }));

        Assert.Equal(0, fixture.Server.Storage.CountRecords(bucket.Name));
    }

    private Dictionary<string, string> StoredLabels(Bucket bucket, string entry, ulong at = At)
    {
        StoredRecord? stored = fixture.Server.Storage.FindRecord(bucket.Name, entry, at);
        Assert.NotNull(stored);
        return stored.Labels.ToDictionary(l => l.Key, l => l.Value, StringComparer.Ordinal);
    }
}
