using System.Globalization;
using System.Text;
using System.Text.Json;

namespace Reduct.Client.Testing.Conditions;

/// <summary>
/// A JSON value printed the way serde_json prints one in the server's messages (<c>Array type is not supported:
/// [1,2,3]</c>): no spaces, strings escaped only where JSON requires it, object keys deduplicated with the last value
/// kept in the first key's place.
/// </summary>
internal static class CompactJson
{
    public static string Format(JsonElement value)
    {
        var builder = new StringBuilder();
        Append(builder, value);
        return builder.ToString();
    }

    /// <summary>An object's members as serde_json keeps them: in order, a repeated key replacing the earlier value in place.</summary>
    public static List<KeyValuePair<string, JsonElement>> Members(JsonElement value)
    {
        var members = new List<KeyValuePair<string, JsonElement>>();
        foreach (var property in value.EnumerateObject())
        {
            var index = members.FindIndex(m => m.Key == property.Name);
            if (index < 0)
            {
                members.Add(new(property.Name, property.Value));
            }
            else
            {
                members[index] = new(property.Name, property.Value);
            }
        }

        return members;
    }

    private static void Append(StringBuilder builder, JsonElement value)
    {
        switch (value.ValueKind)
        {
            case JsonValueKind.Object:
                builder.Append('{');
                var first = true;
                foreach (var (name, member) in Members(value))
                {
                    builder.Append(first ? string.Empty : ",");
                    AppendString(builder, name);
                    builder.Append(':');
                    Append(builder, member);
                    first = false;
                }

                builder.Append('}');
                break;
            case JsonValueKind.Array:
                builder.Append('[');
                var index = 0;
                foreach (var item in value.EnumerateArray())
                {
                    builder.Append(index++ == 0 ? string.Empty : ",");
                    Append(builder, item);
                }

                builder.Append(']');
                break;
            case JsonValueKind.String:
                AppendString(builder, value.GetString()!);
                break;
            case JsonValueKind.Number:
                builder.Append(FormatNumber(value));
                break;
            default:
                builder.Append(value.GetRawText());
                break;
        }
    }

    /// <summary>Integers as written; other numbers as serde's f64 output (<c>1.0</c>, <c>100.0</c> for <c>1e2</c>).</summary>
    private static string FormatNumber(JsonElement value)
    {
        if (value.TryGetInt64(out var integer))
        {
            return integer.ToString(CultureInfo.InvariantCulture);
        }

        if (value.TryGetUInt64(out var unsigned))
        {
            return unsigned.ToString(CultureInfo.InvariantCulture);
        }

        var text = RustNumberText.FormatFloat(value.GetDouble());
        return text.Contains('.', StringComparison.Ordinal) || text.Contains('n', StringComparison.Ordinal) ? text : text + ".0";
    }

    private static void AppendString(StringBuilder builder, string text)
    {
        builder.Append('"');
        foreach (var c in text)
        {
            switch (c)
            {
                case '"':
                    builder.Append("\\\"");
                    break;
                case '\\':
                    builder.Append("\\\\");
                    break;
                case '\n':
                    builder.Append("\\n");
                    break;
                case '\r':
                    builder.Append("\\r");
                    break;
                case '\t':
                    builder.Append("\\t");
                    break;
                case '\b':
                    builder.Append("\\b");
                    break;
                case '\f':
                    builder.Append("\\f");
                    break;
                default:
                    if (c < ' ')
                    {
                        builder.Append("\\u").Append(((int)c).ToString("x4", CultureInfo.InvariantCulture));
                    }
                    else
                    {
                        builder.Append(c);
                    }

                    break;
            }
        }

        builder.Append('"');
    }
}
