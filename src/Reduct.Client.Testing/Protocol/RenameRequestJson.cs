using System.Text.Json;

namespace Reduct.Client.Testing.Protocol;

/// <summary>
/// Parses the rename body <c>{"new_name":"..."}</c> (bucket and entry renames). Other fields are
/// ignored, as serde does without <c>deny_unknown_fields</c>. A failure says whether the text was
/// not JSON at all (<see cref="RenameRequestJson.Result.IsSyntaxError"/>) or JSON of the wrong
/// shape, because the bucket rename answers the two with different statuses.
/// </summary>
internal static class RenameRequestJson
{
    /// <summary>The new name, or a serde-style problem (<c>missing field `new_name` at line 1 column 2</c>).</summary>
    internal readonly record struct Result(string? NewName, string? Problem, bool IsSyntaxError);

    public static Result Parse(ReadOnlySpan<byte> body)
    {
        if (body.IsEmpty)
        {
            return Syntax(SerdeErrorText.At(body, 0, "EOF while parsing a value"));
        }

        var reader = new Utf8JsonReader(body);
        string? newName = null;
        try
        {
            reader.Read();
            if (reader.TokenType != JsonTokenType.StartObject)
            {
                var found = SerdeErrorText.DescribeFound(ref reader);
                reader.Skip();
                return Data(SerdeErrorText.At(body, (int)reader.BytesConsumed, $"invalid type: {found}, expected a map with field `new_name`"));
            }

            while (reader.Read() && reader.TokenType != JsonTokenType.EndObject)
            {
                var name = reader.GetString();
                reader.Read();
                if (name != "new_name")
                {
                    reader.Skip();
                    continue;
                }

                if (newName is not null)
                {
                    return Data(SerdeErrorText.At(body, (int)reader.BytesConsumed, "duplicate field `new_name`"));
                }

                if (reader.TokenType != JsonTokenType.String)
                {
                    var found = SerdeErrorText.DescribeFound(ref reader);
                    reader.Skip();
                    return Data(SerdeErrorText.At(body, (int)reader.BytesConsumed, $"invalid type: {found}, expected a string"));
                }

                newName = reader.GetString();
            }

            var end = (int)reader.BytesConsumed;
            if (reader.Read())
            {
                return Syntax(SerdeErrorText.At(body, (int)reader.TokenStartIndex + 1, "trailing characters"));
            }

            return newName is null
                ? Data(SerdeErrorText.At(body, end, "missing field `new_name`"))
                : new Result(newName, null, false);
        }
        catch (JsonException)
        {
            return Syntax(SerdeErrorText.At(body, (int)Math.Min(body.Length, reader.BytesConsumed + 1), "expected value"));
        }
    }

    private static Result Syntax(string problem) => new(null, problem, true);

    private static Result Data(string problem) => new(null, problem, false);
}
