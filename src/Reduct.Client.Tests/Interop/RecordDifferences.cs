using System.Globalization;
using System.Text;

namespace Reduct.Client.Tests.Interop;

/// <summary>
/// Collects every difference between a scenario (or a query) and what was read or reported, so one failure
/// lists them all, each naming the scenario or query, the record, the field, the expected and the actual value.
/// </summary>
public sealed class RecordDifferences
{
    private readonly List<string> _lines = [];

    /// <summary>Whether nothing differed.</summary>
    public bool IsEmpty => _lines.Count == 0;

    /// <summary>Records one difference.</summary>
    public void Add(InteropScenario scenario, string subject, string field, string expected, string actual) =>
        Add(scenario.Name, subject, field, expected, actual);

    /// <summary>Records one difference of a scenario or query named <paramref name="name"/>.</summary>
    public void Add(string name, string subject, string field, string expected, string actual) =>
        _lines.Add($"MISMATCH [{name}] {subject}: {field}: expected {expected}, actual {actual}");

    /// <summary>Reads the record with Reduct.Client and compares timestamp, size, content type, labels and bytes.</summary>
    public async Task CheckRecordAsync(Bucket bucket, InteropScenario scenario, InteropRecord record)
    {
        var subject = record.ToString();
        ReductRecord read;
        try
        {
            read = await bucket.ReadAsync(record.Entry, record.Timestamp);
        }
        catch (ReductException exception)
        {
            Add(scenario, subject, "read", "the record", $"{exception.Status} {exception.ServerMessage}");
            return;
        }

        await using (read)
        {
            CheckRecord(scenario.Name, record, await QueriedRecord.ReadAsync(read), metadataOnly: false);
        }
    }

    /// <summary>
    /// Compares what a query returned with the manifest, by the rule the scripts apply too: each entry's records
    /// arrive in the expected order (a query over several entries may interleave the entries as it likes), each
    /// returned record matches its manifest record field by field, and the query ends with exactly the expected
    /// error, or with none.
    /// </summary>
    public void CheckQuery(InteropQuery query, IReadOnlyList<InteropRecord> expected, QueryResult result)
    {
        var entries = expected.Select(record => record.Entry).Concat(result.Records.Select(record => record.Entry)).Distinct().Order(StringComparer.Ordinal);
        foreach (var entry in entries)
        {
            Check(query.Name, entry, "timestamps",
                TimestampList(expected.Where(record => record.Entry == entry).Select(record => record.Ts)),
                TimestampList(result.Records.Where(record => record.Entry == entry).Select(record => record.Ts)));
        }

        var byKey = expected.ToDictionary(record => record.ToString());
        foreach (var received in result.Records)
        {
            if (byKey.TryGetValue(received.Key, out var record))
            {
                CheckRecord(query.Name, record, received, query.Options.Head);
            }
        }

        Check(query.Name, "query", "error", query.Error?.ToString() ?? "(none)", result.Error?.ToString() ?? "(none)");
        if (result.TimedOut)
        {
            Add(query.Name, "query", "continuous", "the next record in time", "nothing");
        }
    }

    /// <summary>Compares the per-record errors an SDK reported with the ones the scenario expects.</summary>
    public void CheckErrors(InteropScenario scenario, string reporter, IEnumerable<InteropError> reported)
    {
        var actual = reported.ToDictionary(error => error.Subject);
        foreach (var expected in scenario.Errors)
        {
            if (!actual.Remove(expected.Subject, out var error))
            {
                Add(scenario, expected.Subject, $"error reported by {reporter}", Quote(expected.Status + " " + expected.Message), "(no error)");
                continue;
            }

            Check(scenario, expected.Subject, $"error status reported by {reporter}", expected.Status.ToString(CultureInfo.InvariantCulture), error.Status.ToString(CultureInfo.InvariantCulture));
            Check(scenario, expected.Subject, $"error message reported by {reporter}", expected.Message, error.Message);
        }

        foreach (var unexpected in actual.Values)
        {
            Add(scenario, unexpected.Subject, $"error reported by {reporter}", "(no error)", Quote(unexpected.Status + " " + unexpected.Message));
        }
    }

    /// <summary>Fails the test with every difference, plus whatever helps to understand them.</summary>
    public void AssertNone(string? context = null)
    {
        if (IsEmpty)
        {
            return;
        }

        var message = new StringBuilder();
        message.AppendJoin(Environment.NewLine, _lines);
        if (context is not null)
        {
            message.AppendLine().AppendLine().Append(context);
        }

        Assert.Fail(message.ToString());
    }

    /// <summary>Timestamp, size, content type, labels and bytes (none when the record is metadata only).</summary>
    private void CheckRecord(string name, InteropRecord record, QueriedRecord read, bool metadataOnly)
    {
        var subject = record.ToString();
        var expected = record.Body.ToBytes();
        Check(name, subject, "timestamp", record.Ts, read.Ts);
        Check(name, subject, "size", expected.Length.ToString(CultureInfo.InvariantCulture), read.Size.ToString(CultureInfo.InvariantCulture));
        Check(name, subject, "content type", record.ExpectedContentType, read.ContentType);
        CheckLabels(name, subject, record.ExpectedLabels, read.Labels);
        if (!metadataOnly)
        {
            CheckBytes(name, subject, expected, read.Body);
            return;
        }

        Check(name, subject, "body length (metadata only)", "0", read.Body.Length.ToString(CultureInfo.InvariantCulture));
        if (read.IsMetadataOnly is false)
        {
            Add(name, subject, "metadata only", "true", "false");
        }
    }

    private void Check(InteropScenario scenario, string subject, string field, string expected, string actual) =>
        Check(scenario.Name, subject, field, expected, actual);

    private void Check(string name, string subject, string field, string expected, string actual)
    {
        if (!string.Equals(expected, actual, StringComparison.Ordinal))
        {
            Add(name, subject, field, Quote(expected), Quote(actual));
        }
    }

    private static string TimestampList(IEnumerable<string> timestamps)
    {
        var list = string.Join(", ", timestamps);
        return list.Length == 0 ? "(none)" : list;
    }

    private void CheckLabels(string name, string subject, IReadOnlyDictionary<string, string> expected, IReadOnlyDictionary<string, string> actual)
    {
        foreach (var label in expected.Keys.Union(actual.Keys).Order(StringComparer.Ordinal))
        {
            var want = expected.TryGetValue(label, out var value) ? value : null;
            var got = actual.TryGetValue(label, out var readValue) ? readValue : null;
            if (!string.Equals(want, got, StringComparison.Ordinal))
            {
                Add(name, subject, $"label '{label}'", want is null ? "(missing)" : Quote(want), got is null ? "(missing)" : Quote(got));
            }
        }
    }

    private void CheckBytes(string name, string subject, byte[] expected, byte[] actual)
    {
        if (expected.AsSpan().SequenceEqual(actual))
        {
            return;
        }

        if (expected.Length != actual.Length)
        {
            Add(name, subject, "body length", expected.Length.ToString(CultureInfo.InvariantCulture), actual.Length.ToString(CultureInfo.InvariantCulture));
        }

        var index = expected.AsSpan().CommonPrefixLength(actual);
        if (index < Math.Min(expected.Length, actual.Length))
        {
            Add(name, subject, $"body byte {index}", HexAround(expected, index), HexAround(actual, index));
        }
    }

    private static string HexAround(byte[] bytes, int index) =>
        Convert.ToHexStringLower(bytes.AsSpan(index, Math.Min(8, bytes.Length - index)));

    private static string Quote(string value) => $"\"{value}\"";
}
