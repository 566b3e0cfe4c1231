using System.Globalization;
using Microsoft.Extensions.Primitives;
using Reduct.Client.Testing.Conditions;
using Reduct.Client.Testing.Http;
using Reduct.Client.Testing.Querying;

namespace Reduct.Client.Testing.Protocol;

/// <summary>
/// The query string of the legacy <c>GET|HEAD|DELETE /b/{bucket}/{entry}/q</c>: <c>start</c>, <c>stop</c>,
/// <c>ttl</c>, <c>continuous</c>, <c>limit</c>, <c>each_n</c>, <c>each_s</c>, <c>include-&lt;label&gt;</c> and
/// <c>exclude-&lt;label&gt;</c>, checked in the server's order with its 422 texts (typos included).
/// </summary>
internal static class QueryStringParameters
{
    /// <param name="query">The request's query string.</param>
    /// <param name="type">What the request makes of it.</param>
    /// <param name="withLegacyFilters">False from 1.21, where the filter parameters are ignored.</param>
    /// <exception cref="ReductErrorException">422 for a value that does not parse.</exception>
    public static QueryRequest Parse(IQueryCollection query, QueryType type, bool withLegacyFilters)
    {
        var continuous = Read(query, "continuous", text => text is "true" or "false" ? text == "true" : (bool?)null, "'continue' must be a bool value");
        var ttl = Read(query, "ttl", ParseUInt64, "'ttl' must be in seconds as an unsigned integer");
        var start = Read(query, "start", ParseUInt64, "'start' must be an unix timestamp in microseconds");
        var stop = Read(query, "stop", ParseUInt64, "'stop' must be an unix timestamp in microseconds");
        if (!withLegacyFilters)
        {
            return new QueryRequest { Type = type, Start = start, Stop = stop, Ttl = ttl, Continuous = continuous };
        }

        var include = new Dictionary<string, string>(StringComparer.Ordinal);
        var exclude = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (key, values) in query)
        {
            if (key.StartsWith("include-", StringComparison.Ordinal))
            {
                include[key["include-".Length..]] = Last(values);
            }
            else if (key.StartsWith("exclude-", StringComparison.Ordinal))
            {
                exclude[key["exclude-".Length..]] = Last(values);
            }
        }

        var eachS = Read(query, "each_s", text => RustNumberText.TryParseFloat(text, out var value) ? value : (double?)null, "'each_s' must be a float value");
        if (eachS <= 0)
        {
            throw ReductErrorException.UnprocessableEntity("Time must be greater than 0 seconds");
        }

        var eachN = Read(query, "each_n", ParseUInt64, "'each_n' must unsigned integer");
        if (eachN == 0)
        {
            throw ReductErrorException.UnprocessableEntity("'each_n' must be greater than 0");
        }

        return new QueryRequest
        {
            Type = type,
            Start = start,
            Stop = stop,
            Ttl = ttl,
            Continuous = continuous,
            Include = include,
            Exclude = exclude,
            EachS = eachS,
            EachN = eachN,
            Limit = Read(query, "limit", ParseUInt64, "'limit' must unsigned integer"),
        };
    }

    /// <summary>Rust's <c>u64</c> parse: an optional <c>+</c>, then digits only.</summary>
    public static ulong? ParseUInt64(string text)
    {
        var digits = text.StartsWith('+') ? text[1..] : text;
        return digits.Length > 0 && digits.All(char.IsAsciiDigit)
            && ulong.TryParse(digits, NumberStyles.None, CultureInfo.InvariantCulture, out var value)
            ? value
            : null;
    }

    private static T? Read<T>(IQueryCollection query, string name, Func<string, T?> parse, string error)
        where T : struct
    {
        if (!query.TryGetValue(name, out var values) || values.Count == 0)
        {
            return null;
        }

        return parse(Last(values)) ?? throw ReductErrorException.UnprocessableEntity(error);
    }

    private static string Last(StringValues values) => values[values.Count - 1] ?? string.Empty;
}
