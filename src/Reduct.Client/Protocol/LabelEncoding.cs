using System.Text;

namespace Reduct.Client.Protocol;

/// <summary>
/// How labels travel, on every path: one <c>x-reduct-label-NAME</c> header each in a single-record write and read
/// (spec §1.4), and <c>name=value</c> pairs inside batch header values (spec §6.2, §6.3), where a value with a comma
/// is quoted, so it can never contain a double quote, and protocol v2 reads an empty value as "remove the label".
/// </summary>
/// <remarks>How label values are formatted from numbers and booleans is <see cref="LabelValue"/>'s concern.</remarks>
internal static class LabelEncoding
{
    /// <summary>The prefix of a label header in a single-record write or read.</summary>
    public const string HeaderPrefix = "x-reduct-label-";

    /// <summary>Adds one header per label to a single-record request's header list.</summary>
    public static void AddHeaders(List<KeyValuePair<string, string>> headers, IReadOnlyDictionary<string, string>? labels)
    {
        if (labels is null)
        {
            return;
        }

        foreach (KeyValuePair<string, string> label in labels)
        {
            headers.Add(new(HeaderPrefix + label.Key, label.Value));
        }
    }

    /// <summary>Reads a label header of a single-record response; false for any other header.</summary>
    /// <param name="headerName">The header's name, in any case.</param>
    /// <param name="labelName">The label's name, lower case as the server keeps it.</param>
    public static bool TryReadHeaderName(string headerName, out string labelName)
    {
        if (headerName.StartsWith(HeaderPrefix, StringComparison.OrdinalIgnoreCase))
        {
            labelName = headerName[HeaderPrefix.Length..].ToLowerInvariant();
            return true;
        }

        labelName = string.Empty;
        return false;
    }

    /// <summary>Appends a label value the way both batch protocols read it: quoted when it contains a comma.</summary>
    public static void AppendBatchValue(StringBuilder builder, string value)
    {
        if (value.Contains(',', StringComparison.Ordinal))
        {
            builder.Append('"').Append(value).Append('"');
        }
        else
        {
            builder.Append(value);
        }
    }

    /// <summary>Appends one <c>,name=value</c> operation of a batch header (the value quoted when it contains a comma).</summary>
    public static void AppendBatchLabel(StringBuilder builder, string name, string value)
    {
        builder.Append(',').Append(name).Append('=');
        AppendBatchValue(builder, value);
    }

    /// <summary>Upper bound of the encoded size of a label value in a batch header.</summary>
    public static int MaxBatchValueLength(string value) => value.Length + 2;

    /// <summary>Checks labels of a batched record: both batch protocols must be able to carry them.</summary>
    /// <exception cref="ArgumentException">A value holds a double quote, or is empty.</exception>
    public static void ValidateForBatch(IReadOnlyDictionary<string, string>? labels, string paramName)
    {
        if (labels is null)
        {
            return;
        }

        foreach (KeyValuePair<string, string> label in labels)
        {
            ValidateBatchValue(label.Key, label.Value, paramName);
            if (label.Value.Length == 0)
            {
                throw new ArgumentException(
                    $"Label '{label.Key}' has an empty value, which the batch protocol v2 reads as \"remove the label\"; leave the label out or write this record on its own.",
                    paramName);
            }
        }
    }

    /// <summary>
    /// Reads the <c>name=value</c> pairs of a v1 batched read (spec §2.5): separated by commas, a value that starts
    /// with a double quote ends at the next one. The server never escapes, so a value holding a quote cannot be
    /// told apart from the next pair; every other value round-trips.
    /// </summary>
    /// <param name="text">The pairs, from the first name to the end of the header value.</param>
    /// <param name="labels">Receives the pairs.</param>
    /// <returns>False when a pair has no <c>=</c> or a quoted value does not end.</returns>
    public static bool TryReadBatchPairs(ReadOnlySpan<char> text, Dictionary<string, string> labels)
    {
        while (!text.IsEmpty)
        {
            int equals = text.IndexOf('=');
            if (equals <= 0)
            {
                return false;
            }

            string name = text[..equals].ToString();
            text = text[(equals + 1)..];
            if (!TryReadBatchValue(ref text, out string value))
            {
                return false;
            }

            labels[name] = value;
        }

        return true;
    }

    /// <summary>
    /// Reads one label value of a batch header and moves past it and the comma after it: quoted up to the next
    /// double quote, or plain up to the next comma.
    /// </summary>
    public static bool TryReadBatchValue(ref ReadOnlySpan<char> text, out string value)
    {
        if (!text.IsEmpty && text[0] == '"')
        {
            int close = text[1..].IndexOf('"');
            if (close < 0)
            {
                value = string.Empty;
                return false;
            }

            value = text.Slice(1, close).ToString();
            text = text[(close + 2)..];
            if (!text.IsEmpty)
            {
                if (text[0] != ',')
                {
                    return false;
                }

                text = text[1..];
            }

            return true;
        }

        int comma = text.IndexOf(',');
        value = (comma < 0 ? text : text[..comma]).ToString();
        text = comma < 0 ? ReadOnlySpan<char>.Empty : text[(comma + 1)..];
        return true;
    }

    /// <summary>Checks that a label value can travel inside a batch header: it must not hold a double quote.</summary>
    /// <exception cref="ArgumentException">The value holds a double quote.</exception>
    public static void ValidateBatchValue(string name, string value, string paramName)
    {
        if (value.Contains('"', StringComparison.Ordinal))
        {
            throw new ArgumentException(
                $"The value of label '{name}' contains '\"', which batch headers cannot carry (values with commas are quoted); send this record on its own.",
                paramName);
        }
    }
}
