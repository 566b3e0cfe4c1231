using System.Text;

namespace Reduct.Client.Protocol;

/// <summary>Writes label values the way both batch protocols read them: quoted when they contain a comma.</summary>
internal static class BatchLabelFormat
{
    public static void AppendValue(StringBuilder builder, string value)
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

    /// <summary>Upper bound of the encoded size of a label value.</summary>
    public static int MaxLength(string value) => value.Length + 2;
}
