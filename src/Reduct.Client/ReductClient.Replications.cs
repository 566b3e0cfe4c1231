using System.Globalization;
using Reduct.Client.Http;
using Reduct.Client.Protocol;

namespace Reduct.Client;

/// <content>Replication tasks (<c>/api/v1/replications</c>); every call needs a full-access token.</content>
public partial class ReductClient
{
    /// <summary>Lists the server's replication tasks (<c>GET /api/v1/replications</c>).</summary>
    /// <exception cref="ReductException">403 without full access, or another error.</exception>
    public virtual async Task<IReadOnlyList<ReplicationInfo>> ListReplicationsAsync(CancellationToken cancellationToken = default)
    {
        await ApiVersionCheck.ThrowIfUnsupportedAsync(Pipeline, ApiFeature.ReplicationTasks, cancellationToken).ConfigureAwait(false);
        ReplicationListJson list = await Pipeline.GetJsonAsync("replications", ReductJsonContext.Default.ReplicationListJson, cancellationToken).ConfigureAwait(false);
        return list.Replications;
    }

    /// <summary>Gets a replication task with its settings and diagnostics (<c>GET /api/v1/replications/{name}</c>).</summary>
    /// <param name="name">Task name.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <exception cref="ArgumentException">The name is empty or holds a <c>/</c>.</exception>
    /// <exception cref="ReductException">404 when there is no such task, 403 without full access, or another error.</exception>
    public virtual async Task<FullReplicationInfo> GetReplicationAsync(string name, CancellationToken cancellationToken = default)
    {
        string path = ReplicationPath(name, nameof(name));
        await ApiVersionCheck.ThrowIfUnsupportedAsync(Pipeline, ApiFeature.ReplicationTasks, cancellationToken).ConfigureAwait(false);
        FullReplicationInfoJson wire = await Pipeline.GetJsonAsync(path, ReductJsonContext.Default.FullReplicationInfoJson, cancellationToken).ConfigureAwait(false);
        if (wire.Info is null || wire.Settings is null)
        {
            throw new ReductException(200, $"GET {path} returned no info or settings.");
        }

        return new FullReplicationInfo
        {
            Info = wire.Info,
            Settings = ReplicationMessages.ToSettings(wire.Settings),
            Diagnostics = wire.Diagnostics ?? new ReplicationDiagnostics(),
        };
    }

    /// <summary>
    /// Creates a replication task (<c>POST /api/v1/replications/{name}</c>): from now on, records written to the source
    /// bucket are sent to the destination.
    /// </summary>
    /// <remarks>
    /// Settings a server does not have are refused before anything is sent: <see cref="ReplicationSettings.Mode"/> needs
    /// API 1.18, <see cref="ReplicationSettings.DestinationPrefix"/> and <see cref="ReplicationSettings.Compression"/>
    /// API 1.21, and the legacy filters are gone from API 1.21.
    /// <code>
    /// await client.CreateReplicationAsync("to-central", new ReplicationSettings
    /// {
    ///     SourceBucket = "gateway",
    ///     DestinationBucket = "site-42",
    ///     DestinationHost = "https://central.example.com",
    ///     DestinationToken = centralToken,
    ///     Entries = ["sensor-*"],
    ///     When = Condition.Label("quality").Equal("good"),
    /// });
    /// </code>
    /// </remarks>
    /// <param name="name">Task name.</param>
    /// <param name="settings">What to replicate, and where.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <exception cref="ArgumentException">The name or a setting is invalid (the message names it).</exception>
    /// <exception cref="ReductException">
    /// <see cref="ReductException.NotSupportedByServer"/> for a setting the server does not have; 409 when the task exists,
    /// 404 when the source bucket does not, 422 for an invalid host or condition, 403 without full access, or another error.
    /// </exception>
    public virtual Task CreateReplicationAsync(string name, ReplicationSettings settings, CancellationToken cancellationToken = default) =>
        SendReplicationSettingsAsync(HttpMethod.Post, name, settings, cancellationToken);

    /// <summary>
    /// Replaces every setting of a replication task (<c>PUT /api/v1/replications/{name}</c>): what is left null takes
    /// the server's default, except the destination token, which the server keeps when none is given.
    /// </summary>
    /// <param name="name">Task name.</param>
    /// <param name="settings">The new settings, all of them.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <exception cref="ArgumentException">The name or a setting is invalid (the message names it).</exception>
    /// <exception cref="ReductException">
    /// <see cref="ReductException.NotSupportedByServer"/> for a setting the server does not have; 404 when the task does
    /// not exist, 409 for a provisioned task, 422 for an invalid host or condition, or another error.
    /// </exception>
    public virtual Task UpdateReplicationAsync(string name, ReplicationSettings settings, CancellationToken cancellationToken = default) =>
        SendReplicationSettingsAsync(HttpMethod.Put, name, settings, cancellationToken);

    /// <summary>Removes a replication task (<c>DELETE /api/v1/replications/{name}</c>); it stops sending, records waiting are dropped.</summary>
    /// <param name="name">Task name.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <exception cref="ArgumentException">The name is empty or holds a <c>/</c>.</exception>
    /// <exception cref="ReductException">404 when there is no such task, 409 for a provisioned one, or another error.</exception>
    public virtual async Task RemoveReplicationAsync(string name, CancellationToken cancellationToken = default)
    {
        string path = ReplicationPath(name, nameof(name));
        await ApiVersionCheck.ThrowIfUnsupportedAsync(Pipeline, ApiFeature.ReplicationTasks, cancellationToken).ConfigureAwait(false);
        await Pipeline.SendAsync(new HttpRequestMessage(HttpMethod.Delete, Pipeline.Uri(path)), cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Sets the mode of a replication task (<c>PATCH /api/v1/replications/{name}/mode</c>, API 1.18): enable it, pause
    /// it (records are kept and sent once it is enabled again) or disable it (new records are not replicated).
    /// </summary>
    /// <param name="name">Task name.</param>
    /// <param name="mode">The new mode.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <exception cref="ArgumentException">The name is empty or holds a <c>/</c>, or the mode is not defined.</exception>
    /// <exception cref="ReductException">
    /// <see cref="ReductException.NotSupportedByServer"/> before API 1.18; 404 when there is no such task, or another error.
    /// </exception>
    public virtual async Task SetReplicationModeAsync(string name, ReplicationMode mode, CancellationToken cancellationToken = default)
    {
        string path = ReplicationPath(name, nameof(name));
        if (!Enum.IsDefined(mode))
        {
            throw new ArgumentOutOfRangeException(nameof(mode), mode, "The mode must be Enabled, Paused or Disabled.");
        }

        await ApiVersionCheck.ThrowIfUnsupportedAsync(Pipeline, ApiFeature.ReplicationModes, cancellationToken).ConfigureAwait(false);
        await Pipeline.SendAsync(Pipeline.JsonRequest(HttpMethod.Patch, path + "/mode", ReplicationMessages.EncodeMode(mode)), cancellationToken).ConfigureAwait(false);
    }

    private async Task SendReplicationSettingsAsync(HttpMethod method, string name, ReplicationSettings settings, CancellationToken cancellationToken)
    {
        string path = ReplicationPath(name, nameof(name));
        ValidateReplicationSettings(settings, nameof(settings));
        await ApiVersionCheck.ThrowIfUnsupportedAsync(Pipeline, ApiFeature.ReplicationTasks, cancellationToken).ConfigureAwait(false);
        if (settings.Mode is not null)
        {
            await ApiVersionCheck.ThrowIfUnsupportedAsync(Pipeline, ApiFeature.ReplicationModes, cancellationToken).ConfigureAwait(false);
        }

        if (settings.DestinationPrefix is not null)
        {
            await ApiVersionCheck.ThrowIfUnsupportedAsync(Pipeline, ApiFeature.ReplicationDestinationPrefix, cancellationToken).ConfigureAwait(false);
        }

        if (settings.Compression is not null)
        {
            await ApiVersionCheck.ThrowIfUnsupportedAsync(Pipeline, ApiFeature.ReplicationCompression, cancellationToken).ConfigureAwait(false);
        }

        if (settings.HasLegacyFilters && Pipeline.Versions.Current is { Minor: >= 21 } serverApi)
        {
            // The server would drop them without a word and replicate every record.
            throw new ReductException(ReductException.NotSupportedByServer, string.Create(CultureInfo.InvariantCulture,
                $"The legacy replication filters (Include, Exclude, EachN, EachS) were removed in ReductStore API 1.21; the server speaks API {serverApi.Major}.{serverApi.Minor}. Use When instead. Nothing was sent."));
        }

        await Pipeline.SendAsync(Pipeline.JsonRequest(method, path, ReplicationMessages.EncodeSettings(settings)), cancellationToken).ConfigureAwait(false);
    }

    /// <summary><c>replications/{name}</c> with the name percent-encoded.</summary>
    private static string ReplicationPath(string name, string paramName)
    {
        ArgumentNullException.ThrowIfNull(name, paramName);
        if (string.IsNullOrWhiteSpace(name))
        {
            throw new ArgumentException("A replication name must not be empty.", paramName);
        }

        if (name.Contains('/', StringComparison.Ordinal))
        {
            throw new ArgumentException($"A replication name must not contain '/', got '{name}'.", paramName);
        }

        return "replications/" + Uri.EscapeDataString(name);
    }

    private static void ValidateReplicationSettings(ReplicationSettings settings, string paramName)
    {
        ArgumentNullException.ThrowIfNull(settings, paramName);
        ValidateBucketSetting(settings.SourceBucket, "SourceBucket", paramName);
        ValidateBucketSetting(settings.DestinationBucket, "DestinationBucket", paramName);
        if (string.IsNullOrEmpty(settings.DestinationHost))
        {
            throw new ArgumentException("ReplicationSettings.DestinationHost is required: the destination server's URL, such as https://central:8383.", paramName);
        }

        if (!Uri.TryCreate(settings.DestinationHost, UriKind.Absolute, out Uri? host)
            || (host.Scheme != Uri.UriSchemeHttp && host.Scheme != Uri.UriSchemeHttps)
            || !settings.DestinationHost.Contains("://", StringComparison.Ordinal))
        {
            throw new ArgumentException($"ReplicationSettings.DestinationHost must be an absolute http or https URL, got '{settings.DestinationHost}'.", paramName);
        }

        if (!string.IsNullOrEmpty(host.Query) || !string.IsNullOrEmpty(host.Fragment))
        {
            throw new ArgumentException($"ReplicationSettings.DestinationHost must not have a query or fragment, got '{settings.DestinationHost}'.", paramName);
        }

        if (settings.DestinationToken is { } token && (token.Length == 0 || token.AsSpan().IndexOfAnyExceptInRange('!', '~') >= 0))
        {
            // The token itself is never part of a message.
            throw new ArgumentException("ReplicationSettings.DestinationToken must be printable ASCII without spaces, or null.", paramName);
        }

        ArgumentNullException.ThrowIfNull(settings.Entries, paramName);
        foreach (string? entry in settings.Entries)
        {
            if (string.IsNullOrEmpty(entry))
            {
                throw new ArgumentException("ReplicationSettings.Entries must not hold an empty or null name.", paramName);
            }
        }

        if (settings.Mode is { } mode && !Enum.IsDefined(mode))
        {
            throw new ArgumentOutOfRangeException(paramName, mode, "ReplicationSettings.Mode must be Enabled, Paused or Disabled.");
        }

        if (settings.Compression is { } compression && !Enum.IsDefined(compression))
        {
            throw new ArgumentOutOfRangeException(paramName, compression, "ReplicationSettings.Compression must be None, Zstd or Gzip.");
        }

#pragma warning disable CS0618 // The legacy filters are checked for the servers that still have them.
        // The real 1.20 server crashes on both (a remainder by zero, a zero interval).
        if (settings.EachN is 0)
        {
            throw new ArgumentOutOfRangeException(paramName, settings.EachN, "ReplicationSettings.EachN must be at least 1.");
        }

        if (settings.EachS is { } eachS && !(eachS > 0 && double.IsFinite(eachS)))
        {
            throw new ArgumentOutOfRangeException(paramName, settings.EachS, "ReplicationSettings.EachS must be a positive number of seconds.");
        }

        foreach (IReadOnlyDictionary<string, string>? labels in new[] { settings.Include, settings.Exclude })
        {
            if (labels is not null && labels.Keys.Any(string.IsNullOrEmpty))
            {
                throw new ArgumentException("ReplicationSettings.Include and Exclude must not hold an empty label name.", paramName);
            }
        }
#pragma warning restore CS0618
    }

    private static void ValidateBucketSetting(string? bucket, string property, string paramName)
    {
        if (string.IsNullOrEmpty(bucket))
        {
            throw new ArgumentException($"ReplicationSettings.{property} is required.", paramName);
        }

        try
        {
            NameRules.ValidateBucketName(bucket, paramName);
        }
        catch (ArgumentException ex)
        {
            throw new ArgumentException($"ReplicationSettings.{property}: {ex.Message}", paramName, ex);
        }
    }
}
