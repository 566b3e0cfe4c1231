using System.Globalization;
using System.Text;

namespace Reduct.Client.Tests.Interop;

/// <summary>
/// Collects every difference between a scenario and what was read or reported, so one failure
/// lists them all, each naming the scenario, the record, the field, the expected and the actual value.
/// </summary>
public sealed class RecordDifferences
{
    private readonly List<string> _lines = [];

    /// <summary>Whether nothing differed.</summary>
    public bool IsEmpty => _lines.Count == 0;

    /// <summary>Records one difference.</summary>
    public void Add(InteropScenario scenario, string subject, string field, string expected, string actual) =>
        _lines.Add($"MISMATCH [{scenario.Name}] {subject}: {field}: expected {expected}, actual {actual}");

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
            var expected = record.Body.ToBytes();
            Check(scenario, subject, "timestamp", record.Ts, read.Timestamp.ToString());
            Check(scenario, subject, "size", expected.Length.ToString(CultureInfo.InvariantCulture), read.Length.ToString(CultureInfo.InvariantCulture));
            Check(scenario, subject, "content type", record.ExpectedContentType, read.ContentType);
            CheckLabels(scenario, subject, record.ExpectedLabels, read.Labels);
            CheckBytes(scenario, subject, expected, await read.ReadAllBytesAsync());
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

    private void Check(InteropScenario scenario, string subject, string field, string expected, string actual)
    {
        if (!string.Equals(expected, actual, StringComparison.Ordinal))
        {
            Add(scenario, subject, field, Quote(expected), Quote(actual));
        }
    }

    private void CheckLabels(InteropScenario scenario, string subject, IReadOnlyDictionary<string, string> expected, IReadOnlyDictionary<string, string> actual)
    {
        foreach (var name in expected.Keys.Union(actual.Keys).Order(StringComparer.Ordinal))
        {
            var want = expected.TryGetValue(name, out var value) ? value : null;
            var got = actual.TryGetValue(name, out var readValue) ? readValue : null;
            if (!string.Equals(want, got, StringComparison.Ordinal))
            {
                Add(scenario, subject, $"label '{name}'", want is null ? "(missing)" : Quote(want), got is null ? "(missing)" : Quote(got));
            }
        }
    }

    private void CheckBytes(InteropScenario scenario, string subject, byte[] expected, byte[] actual)
    {
        if (expected.AsSpan().SequenceEqual(actual))
        {
            return;
        }

        if (expected.Length != actual.Length)
        {
            Add(scenario, subject, "body length", expected.Length.ToString(CultureInfo.InvariantCulture), actual.Length.ToString(CultureInfo.InvariantCulture));
        }

        var index = expected.AsSpan().CommonPrefixLength(actual);
        if (index < Math.Min(expected.Length, actual.Length))
        {
            Add(scenario, subject, $"body byte {index}", HexAround(expected, index), HexAround(actual, index));
        }
    }

    private static string HexAround(byte[] bytes, int index) =>
        Convert.ToHexStringLower(bytes.AsSpan(index, Math.Min(8, bytes.Length - index)));

    private static string Quote(string value) => $"\"{value}\"";
}
