using System.Globalization;

namespace Reduct.Client.Protocol;

/// <summary>
/// Checks that the labels of a single-record write fit the server's request-head limits (protocol spec §10): too
/// many headers or too many header bytes are refused with a bare 431 that names no cause, after the client may
/// already have started the upload.
/// </summary>
internal static class LabelHeaderBudget
{
    // "name: value\r\n" costs the name, the value and four bytes.
    private const int PerHeaderOverhead = 4;

    /// <summary>Bytes the labels take in the request head.</summary>
    public static long Measure(IReadOnlyDictionary<string, string> labels)
    {
        long total = 0;
        foreach (KeyValuePair<string, string> label in labels)
        {
            total += LabelEncoding.HeaderPrefix.Length + label.Key.Length + label.Value.Length + PerHeaderOverhead;
        }

        return total;
    }

    /// <summary>Throws when the labels exceed <paramref name="maxBytes"/> or <paramref name="maxCount"/> headers.</summary>
    public static void Validate(IReadOnlyDictionary<string, string>? labels, int maxBytes, int maxCount, string paramName)
    {
        if (labels is null || labels.Count == 0)
        {
            return;
        }

        if (labels.Count > maxCount)
        {
            throw new ArgumentException(string.Create(CultureInfo.InvariantCulture,
                $"The record has {labels.Count} labels; each travels as a request header and the server accepts about 100 headers per request, so at most {maxCount} labels fit (ReductClientOptions.BatchMaxRecords)."),
                paramName);
        }

        long bytes = Measure(labels);
        if (bytes > maxBytes)
        {
            throw new ArgumentException(string.Create(CultureInfo.InvariantCulture,
                $"The labels of the record take {bytes} bytes of request headers, more than the limit of {maxBytes} (ReductClientOptions.MaxLabelHeaderSize); the server refuses request heads over 512,000 bytes."),
                paramName);
        }
    }

    /// <summary>
    /// Why a server refused a single-record write with a bare 431: its request head (the labels, one header each)
    /// exceeded the server's limits, which are not published and may be lower than this client's defaults.
    /// </summary>
    public static string DescribeRefusedHead(IReadOnlyDictionary<string, string>? labels)
    {
        int count = labels?.Count ?? 0;
        long bytes = labels is null ? 0 : Measure(labels);
        return string.Create(CultureInfo.InvariantCulture,
            $"The record's labels exceed the server's request header limits: {count} labels travel as {count} request headers of {bytes} bytes, and the server accepts RS_IO_BATCH_MAX_RECORDS + 15 headers per request (100 by default) and a request head of RS_IO_BATCH_MAX_METADATA_SIZE bytes (512,000 by default). Write the record with fewer or shorter labels.");
    }
}
