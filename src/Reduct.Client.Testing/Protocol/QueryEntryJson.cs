using System.Text.Json;
using Reduct.Client.Testing.Http;
using Reduct.Client.Testing.Querying;

namespace Reduct.Client.Testing.Protocol;

/// <summary>
/// Parses the JSON <c>QueryEntry</c> of <c>POST /b/{bucket}/{entry}/q</c> and <c>POST /io/{bucket}/q</c>. Unknown
/// fields are ignored and a JSON <c>null</c> is the same as an absent field, as with serde; a missing
/// <c>query_type</c>, a repeated field or a wrong type is 422 <c>Invalid JSON: ... at line L column C</c>.
/// </summary>
internal static class QueryEntryJson
{
    /// <exception cref="ReductErrorException">422 <c>Invalid JSON: ...</c>.</exception>
    public static QueryRequest Parse(ReadOnlySpan<byte> body)
    {
        if (body.IsEmpty)
        {
            throw Invalid(body, 0, "EOF while parsing a value");
        }

        var reader = new Utf8JsonReader(body);
        try
        {
            reader.Read();
            if (reader.TokenType != JsonTokenType.StartObject)
            {
                var found = SerdeErrorText.DescribeFound(ref reader);
                reader.Skip();
                throw Invalid(body, (int)reader.BytesConsumed, $"invalid type: {found}, expected struct QueryEntry");
            }

            var fields = new Fields(body);
            while (reader.Read() && reader.TokenType != JsonTokenType.EndObject)
            {
                var name = reader.GetString()!;
                reader.Read();
                fields.Read(name, ref reader);
            }

            var end = (int)reader.BytesConsumed;
            if (reader.Read())
            {
                throw Invalid(body, (int)reader.TokenStartIndex + 1, "trailing characters");
            }

            return fields.Build(end);
        }
        catch (JsonException)
        {
            throw Invalid(body, (int)Math.Min(body.Length, reader.BytesConsumed + 1), "expected value");
        }
    }

    private static ReductErrorException Invalid(ReadOnlySpan<byte> body, int offset, string problem) =>
        ReductErrorException.UnprocessableEntity("Invalid JSON: " + SerdeErrorText.At(body, offset, problem));

    /// <summary>The fields read so far; each may appear once.</summary>
    private ref struct Fields
    {
        private readonly ReadOnlySpan<byte> _body;
        private readonly HashSet<string> _seen = new(StringComparer.Ordinal);
        private QueryType? _type;
        private IReadOnlyList<string>? _entries;
        private ulong? _start;
        private ulong? _stop;
        private IReadOnlyDictionary<string, string>? _include;
        private IReadOnlyDictionary<string, string>? _exclude;
        private double? _eachS;
        private ulong? _eachN;
        private ulong? _limit;
        private ulong? _ttl;
        private bool? _onlyMetadata;
        private bool? _continuous;
        private JsonElement? _when;
        private bool? _strict;
        private JsonElement? _ext;

        public Fields(ReadOnlySpan<byte> body)
        {
            _body = body;
        }

        public void Read(string name, ref Utf8JsonReader reader)
        {
            var known = name is "query_type" or "entries" or "start" or "stop" or "include" or "exclude" or "each_s"
                or "each_n" or "limit" or "ttl" or "only_metadata" or "continuous" or "when" or "strict" or "ext";
            if (!known)
            {
                reader.Skip();
                return;
            }

            if (!_seen.Add(name))
            {
                reader.Skip();
                throw Invalid(_body, (int)reader.BytesConsumed, $"duplicate field `{name}`");
            }

            switch (name)
            {
                case "query_type":
                    _type = ReadType(ref reader);
                    break;
                case "entries":
                    _entries = ReadStrings(ref reader);
                    break;
                case "start":
                    _start = ReadUInt64(ref reader);
                    break;
                case "stop":
                    _stop = ReadUInt64(ref reader);
                    break;
                case "include":
                    _include = ReadLabels(ref reader);
                    break;
                case "exclude":
                    _exclude = ReadLabels(ref reader);
                    break;
                case "each_s":
                    _eachS = ReadFloat(ref reader);
                    break;
                case "each_n":
                    _eachN = ReadUInt64(ref reader);
                    break;
                case "limit":
                    _limit = ReadUInt64(ref reader);
                    break;
                case "ttl":
                    _ttl = ReadUInt64(ref reader);
                    break;
                case "only_metadata":
                    _onlyMetadata = ReadBool(ref reader);
                    break;
                case "continuous":
                    _continuous = ReadBool(ref reader);
                    break;
                case "strict":
                    _strict = ReadBool(ref reader);
                    break;
                case "when":
                    _when = ReadValue(ref reader);
                    break;
                default:
                    _ext = ReadValue(ref reader);
                    break;
            }
        }

        public readonly QueryRequest Build(int end) => new()
        {
            Type = _type ?? throw Invalid(_body, end, "missing field `query_type`"),
            Entries = _entries,
            Start = _start,
            Stop = _stop,
            Include = _include,
            Exclude = _exclude,
            EachS = _eachS,
            EachN = _eachN,
            Limit = _limit,
            Ttl = _ttl,
            OnlyMetadata = _onlyMetadata,
            Continuous = _continuous,
            When = _when,
            Strict = _strict,
            Ext = _ext,
        };

        private readonly QueryType ReadType(ref Utf8JsonReader reader)
        {
            if (reader.TokenType != JsonTokenType.String)
            {
                throw WrongType(ref reader, "variant identifier");
            }

            var text = reader.GetString();
            return text switch
            {
                "QUERY" => QueryType.Query,
                "REMOVE" => QueryType.Remove,
                _ => throw Invalid(_body, (int)reader.BytesConsumed, $"unknown variant `{text}`, expected `QUERY` or `REMOVE`"),
            };
        }

        private readonly ulong? ReadUInt64(ref Utf8JsonReader reader)
        {
            if (reader.TokenType == JsonTokenType.Null)
            {
                return null;
            }

            if (reader.TokenType == JsonTokenType.Number && reader.TryGetUInt64(out var value))
            {
                return value;
            }

            if (reader.TokenType == JsonTokenType.Number && reader.TryGetInt64(out var negative))
            {
                throw Invalid(_body, (int)reader.BytesConsumed, $"invalid value: integer `{negative}`, expected u64");
            }

            throw WrongType(ref reader, "u64");
        }

        private readonly double? ReadFloat(ref Utf8JsonReader reader) => reader.TokenType switch
        {
            JsonTokenType.Null => null,
            JsonTokenType.Number => reader.GetDouble(),
            _ => throw WrongType(ref reader, "f64"),
        };

        private readonly bool? ReadBool(ref Utf8JsonReader reader) => reader.TokenType switch
        {
            JsonTokenType.Null => null,
            JsonTokenType.True => true,
            JsonTokenType.False => false,
            _ => throw WrongType(ref reader, "a boolean"),
        };

        private readonly List<string>? ReadStrings(ref Utf8JsonReader reader)
        {
            if (reader.TokenType == JsonTokenType.Null)
            {
                return null;
            }

            if (reader.TokenType != JsonTokenType.StartArray)
            {
                throw WrongType(ref reader, "a sequence");
            }

            var items = new List<string>();
            while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
            {
                items.Add(reader.TokenType == JsonTokenType.String ? reader.GetString()! : throw WrongType(ref reader, "a string"));
            }

            return items;
        }

        private readonly Dictionary<string, string>? ReadLabels(ref Utf8JsonReader reader)
        {
            if (reader.TokenType == JsonTokenType.Null)
            {
                return null;
            }

            if (reader.TokenType != JsonTokenType.StartObject)
            {
                throw WrongType(ref reader, "a map");
            }

            var labels = new Dictionary<string, string>(StringComparer.Ordinal);
            while (reader.Read() && reader.TokenType != JsonTokenType.EndObject)
            {
                var key = reader.GetString()!;
                reader.Read();
                labels[key] = reader.TokenType == JsonTokenType.String ? reader.GetString()! : throw WrongType(ref reader, "a string");
            }

            return labels;
        }

        /// <summary>Any JSON value, kept whole; <c>null</c> is the same as absent.</summary>
        private readonly JsonElement? ReadValue(ref Utf8JsonReader reader)
        {
            if (reader.TokenType == JsonTokenType.Null)
            {
                return null;
            }

            var start = (int)reader.TokenStartIndex;
            reader.Skip();
            using var document = JsonDocument.Parse(_body[start..(int)reader.BytesConsumed].ToArray());
            return document.RootElement.Clone();
        }

        private readonly ReductErrorException WrongType(ref Utf8JsonReader reader, string expected)
        {
            var found = SerdeErrorText.DescribeFound(ref reader);
            reader.Skip();
            return Invalid(_body, (int)reader.BytesConsumed, $"invalid type: {found}, expected {expected}");
        }
    }
}
