using System.Text.Json;

namespace Reduct.Client;

/// <summary>What a query returns besides its time range: a condition, metadata only, continuous reading.</summary>
public sealed class QueryOptions
{
    /// <summary>The condition records must meet; null for every record in the range.</summary>
    public Condition? When { get; init; }

    /// <summary>
    /// When true, a record the condition cannot be evaluated on (a missing label, a failed cast) fails the query
    /// with the server's error; when false (the default) such a record does not match.
    /// </summary>
    public bool Strict { get; init; }

    /// <summary>
    /// When true, records come without their bodies (<see cref="ReductRecord.IsMetadataOnly"/>): entry, time, content
    /// type, length and labels only. Read with <c>HEAD</c>, so the server sends no body bytes.
    /// </summary>
    public bool MetadataOnly { get; init; }

    /// <summary>
    /// How long the server keeps the query between two reads of it. Default 60 s; for a continuous query the
    /// default is 20 s, which a poll renews.
    /// </summary>
    public TimeSpan? Ttl { get; init; }

    /// <summary>Parameters for server extensions, as a JSON object (the server's <c>ext</c>), passed through as it is.</summary>
    public string? Ext { get; init; }

    /// <summary>
    /// When true, the query does not end at the latest record: it waits for records written later and returns them
    /// as they come, until the enumeration is stopped (cancel it, or break out of the loop). The stop time is ignored.
    /// </summary>
    public bool Continuous { get; init; }

    /// <summary>How long a continuous query waits before asking again after a read found nothing new. Default 1 s.</summary>
    public TimeSpan PollInterval { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>The query's lifetime in the server's whole seconds.</summary>
    internal TimeSpan EffectiveTtl => Ttl ?? (Continuous ? TimeSpan.FromSeconds(20) : TimeSpan.FromSeconds(60));

    /// <summary>Checks the options before a query is sent.</summary>
    /// <exception cref="ArgumentException">An option is out of range or malformed (the message names it).</exception>
    internal QueryOptions Validated(string paramName)
    {
        if (Ttl is { } ttl && ttl < TimeSpan.FromSeconds(1))
        {
            throw new ArgumentOutOfRangeException(paramName, ttl, "QueryOptions.Ttl must be at least 1 second: the server expires a query idle for its whole seconds.");
        }

        if (PollInterval < TimeSpan.Zero)
        {
            throw new ArgumentOutOfRangeException(paramName, PollInterval, "QueryOptions.PollInterval must not be negative.");
        }

        if (Continuous && EffectiveTtl <= PollInterval + TimeSpan.FromSeconds(5))
        {
            // An empty v2 poll takes 5 s on the server: with the wait after it, the query must outlive both.
            throw new ArgumentOutOfRangeException(paramName, EffectiveTtl,
                "QueryOptions.Ttl of a continuous query must exceed PollInterval + 5 s: an empty poll can take 5 s on the server, and the query expires if it is not read within its TTL.");
        }

        if (Ext is not null)
        {
            try
            {
                using JsonDocument document = JsonDocument.Parse(Ext);
                if (document.RootElement.ValueKind != JsonValueKind.Object)
                {
                    throw new ArgumentException("QueryOptions.Ext must be a JSON object.", paramName);
                }
            }
            catch (JsonException ex)
            {
                throw new ArgumentException("QueryOptions.Ext is not valid JSON: " + ex.Message, paramName, ex);
            }
        }

        return this;
    }
}
