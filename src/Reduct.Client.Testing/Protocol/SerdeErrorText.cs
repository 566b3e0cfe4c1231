using System.Text;
using System.Text.Json;

namespace Reduct.Client.Testing.Protocol;

/// <summary>
/// JSON error texts in the shape serde_json gives them on the real server: a problem, then
/// <c>at line L column C</c>. Only the shape, not every word, is the same.
/// </summary>
internal static class SerdeErrorText
{
    /// <summary><paramref name="problem"/> followed by the line and column of <paramref name="offset"/> in <paramref name="body"/>.</summary>
    public static string At(ReadOnlySpan<byte> body, int offset, string problem)
    {
        var line = 1;
        var column = 0;
        for (var i = 0; i < offset && i < body.Length; i++)
        {
            if (body[i] == (byte)'\n')
            {
                line++;
                column = 0;
            }
            else
            {
                column++;
            }
        }

        if (offset > body.Length)
        {
            column++;
        }

        return $"{problem} at line {line} column {Math.Max(column, 1)}";
    }

    /// <summary>What serde calls the value under the reader, for <c>invalid type: ..., expected ...</c>.</summary>
    public static string DescribeFound(ref Utf8JsonReader reader) => reader.TokenType switch
    {
        JsonTokenType.String => $"string \"{reader.GetString()}\"",
        JsonTokenType.Number => $"number {Encoding.UTF8.GetString(reader.ValueSpan)}",
        JsonTokenType.True => "boolean `true`",
        JsonTokenType.False => "boolean `false`",
        JsonTokenType.Null => "null",
        JsonTokenType.StartArray => "sequence",
        _ => "map",
    };
}
