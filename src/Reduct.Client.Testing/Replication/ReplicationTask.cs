using System.Text.Json;
using Reduct.Client.Testing.Conditions;
using Reduct.Client.Testing.Hosting;
using Reduct.Client.Testing.Http;
using Reduct.Client.Testing.Querying;

namespace Reduct.Client.Testing.Replication;

/// <summary>
/// One replication task: it takes the records committed to its source bucket after it was created, keeps those that
/// pass its entry list and filters, and sends them in the background to the destination server, one v1 batch per
/// entry and round, as the real server's replication sender does (<c>reductstore/src/replication/</c>).
/// </summary>
/// <remarks>
/// The real server's rules that this follows: a disabled task drops new records and is inactive; a paused one keeps
/// them and only probes the destination (<c>GET /b/{bucket}</c>), its <c>is_active</c> telling whether that answered;
/// an enabled one sends. A connection failure (or a destination bucket that cannot be read) keeps the records, makes
/// the task inactive and waits <see cref="ReductTestServerOptions.ReplicationRetryInterval"/> before the next try; an
/// HTTP error for a batch, or an error for one record of it, counts the records as errored and drops them. Every
/// outcome is counted in the hourly diagnostics by status, connection errors as -3 and timeouts as -2.
/// </remarks>
internal sealed class ReplicationTask : IAsyncDisposable
{
    private static readonly TimeSpan IdleInterval = TimeSpan.FromMilliseconds(250);

    private readonly ServerContext _server;
    private readonly Dictionary<string, EntryFilters> _filters = new(StringComparer.Ordinal);
    private readonly SemaphoreSlim _wakeUp = new(0);
    private readonly CancellationTokenSource _stop = new();
    private readonly HttpClient _http;
    private readonly Uri _apiBase;
    private Task? _loop;
    private int _mode;
    private int _isActive;
    private bool _destinationAvailable;

    public ReplicationTask(string name, ReplicationSettings settings, ServerContext server, PendingRecords? pending)
    {
        Name = name;
        Settings = settings;
        _server = server;
        _mode = (int)settings.Mode;
        _isActive = settings.Mode == ReplicationMode.Enabled ? 1 : 0;
        Pending = pending ?? new PendingRecords();
        Diagnostics = new DiagnosticsCounter(server.Clock, TimeSpan.FromHours(1));
        var host = settings.DestinationHost.EndsWith('/') ? settings.DestinationHost : settings.DestinationHost + "/";
        _apiBase = new Uri(new Uri(host), "api/v1/");
        _http = new HttpClient(new SocketsHttpHandler { ConnectTimeout = TimeSpan.FromSeconds(10), AllowAutoRedirect = false })
        {
            Timeout = TimeSpan.FromSeconds(60),
        };
        if (!string.IsNullOrEmpty(settings.DestinationToken))
        {
            _http.DefaultRequestHeaders.TryAddWithoutValidation("Authorization", "Bearer " + settings.DestinationToken);
        }
    }

    public string Name { get; }

    public ReplicationSettings Settings { get; }

    public PendingRecords Pending { get; }

    public DiagnosticsCounter Diagnostics { get; }

    public ReplicationMode Mode => (ReplicationMode)Volatile.Read(ref _mode);

    public ReplicationInfo Info()
    {
        var mode = Mode;
        var active = mode != ReplicationMode.Disabled && Volatile.Read(ref _isActive) != 0;
        return new ReplicationInfo(Name, mode, active, Pending.Count);
    }

    public void Start() => _loop = Task.Run(() => RunAsync(_stop.Token));

    public void SetMode(ReplicationMode mode)
    {
        Volatile.Write(ref _mode, (int)mode);
        WakeUp();
    }

    /// <summary>Takes a record just committed to the source bucket, if it passes the task's entry list and filters.</summary>
    public void Offer(StoredRecord record)
    {
        if (Mode == ReplicationMode.Disabled || !MatchesEntries(record.Entry))
        {
            return;
        }

        lock (_filters)
        {
            if (!_filters.TryGetValue(record.Entry, out var filters))
            {
                _filters[record.Entry] = filters = CreateFilters();
            }

            if (filters.Apply(record) is not (FilterVerdict.Keep or FilterVerdict.KeepLast))
            {
                return;
            }
        }

        Pending.Add(record.Entry, record.Timestamp);
        WakeUp();
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync().ConfigureAwait(false);
        if (_loop is { } loop)
        {
            await loop.ConfigureAwait(false);
        }

        _http.Dispose();
        _stop.Dispose();
        _wakeUp.Dispose();
    }

    /// <summary>An item with <c>*</c> matches every entry that starts with the item without its stars; an empty list matches all.</summary>
    private bool MatchesEntries(string entry)
    {
        if (Settings.Entries.Count == 0)
        {
            return true;
        }

        foreach (var item in Settings.Entries)
        {
            if (item.Contains('*', StringComparison.Ordinal)
                ? entry.StartsWith(item.Replace("*", string.Empty, StringComparison.Ordinal), StringComparison.Ordinal)
                : entry == item)
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>One entry's filters: stateful (<c>$each_n</c>, <c>$limit</c>, legacy <c>each_n</c> count per entry), never strict.</summary>
    private EntryFilters CreateFilters()
    {
        var request = new QueryRequest
        {
            Include = Settings.Include,
            Exclude = Settings.Exclude,
            EachN = Settings.EachN,
            EachS = Settings.EachS,
            When = Settings.When,
            Strict = false,
        };
        var condition = Settings.When is { } when ? Condition.Parse(when, _server.Version) : null;
        return new EntryFilters(request, condition, isMetaEntry: false, withLegacyFilters: !_server.Version.IsAtLeast(1, 21));
    }

    private void WakeUp()
    {
        try
        {
            if (_wakeUp.CurrentCount == 0)
            {
                _wakeUp.Release();
            }
        }
        catch (ObjectDisposedException)
        {
            // The task was removed while a write finished.
        }
    }

    private async Task RunAsync(CancellationToken cancellationToken)
    {
        try
        {
            while (!cancellationToken.IsCancellationRequested)
            {
                var wait = IdleInterval;
                switch (Mode)
                {
                    case ReplicationMode.Disabled:
                        Volatile.Write(ref _isActive, 0);
                        break;
                    case ReplicationMode.Paused:
                        var probe = await ProbeAsync(cancellationToken).ConfigureAwait(false);
                        _destinationAvailable = probe is null;
                        Volatile.Write(ref _isActive, probe is null ? 1 : 0);
                        break;
                    default:
                        if (!await SendRoundAsync(cancellationToken).ConfigureAwait(false))
                        {
                            wait = _server.Options.ReplicationRetryInterval;
                        }

                        break;
                }

                await _wakeUp.WaitAsync(wait, cancellationToken).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // Stopped: removed, replaced or the server is shutting down.
        }
    }

    /// <summary>Sends one batch per entry with records waiting; false when the destination could not be reached.</summary>
    private async Task<bool> SendRoundAsync(CancellationToken cancellationToken)
    {
        foreach (var entry in Pending.Entries())
        {
            var timestamps = Pending.Front(entry, Math.Max(1, _server.Options.MaxBatchRecords));
            if (timestamps.Count == 0)
            {
                continue;
            }

            if (!_destinationAvailable)
            {
                if (await ProbeAsync(cancellationToken).ConfigureAwait(false) is { } failure)
                {
                    Diagnostics.CountError(failure.Status, failure.Message, (ulong)timestamps.Count);
                    Volatile.Write(ref _isActive, 0);
                    return false;
                }

                _destinationAvailable = true;
            }

            var records = new List<StoredRecord>();
            long size = 0;
            var processed = 0;
            foreach (var timestamp in timestamps)
            {
                processed++;
                var record = _server.Engine.FindCommittedRecord(Settings.SourceBucket, entry, timestamp);
                if (record is null)
                {
                    // Removed before it could be sent: there is nothing left to replicate.
                    Diagnostics.CountError(StatusCodes.Status404NotFound, $"Record {timestamp} not found in entry {Settings.SourceBucket}/{entry}", 1);
                    continue;
                }

                records.Add(record);
                size += record.Length;
                if (size >= _server.Options.MaxBatchSize)
                {
                    break;
                }
            }

            if (records.Count > 0)
            {
                var outcome = await SendBatchAsync(entry, records, cancellationToken).ConfigureAwait(false);
                if (outcome.Failure is { } failure)
                {
                    Diagnostics.CountError(failure.Status, failure.Message, (ulong)records.Count);
                    if (failure.Status < 0)
                    {
                        // Unreachable: keep the records for the next try.
                        _destinationAvailable = false;
                        Volatile.Write(ref _isActive, 0);
                        return false;
                    }
                }
                else
                {
                    Diagnostics.CountOk((ulong)(records.Count - outcome.RecordErrors.Count));
                    foreach (var error in outcome.RecordErrors)
                    {
                        Diagnostics.CountError(error.Status, error.Message, 1);
                    }
                }
            }

            Pending.PopFront(entry, processed);
        }

        Volatile.Write(ref _isActive, 1);
        return true;
    }

    /// <summary><c>GET /b/{dst_bucket}</c> at the destination; null when it answered 200.</summary>
    private async Task<Failure?> ProbeAsync(CancellationToken cancellationToken)
    {
        try
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(_apiBase, "b/" + Settings.DestinationBucket));
            using var response = await _http.SendAsync(request, cancellationToken).ConfigureAwait(false);
            return response.IsSuccessStatusCode ? null : ErrorOf(response);
        }
        catch (Exception exception) when (exception is HttpRequestException || (exception is TaskCanceledException && !cancellationToken.IsCancellationRequested))
        {
            return TransportFailure(exception);
        }
    }

    /// <summary>
    /// <c>POST /b/{dst_bucket}/{dst_prefix}{entry}/batch</c> (protocol v1, which every destination version takes): one
    /// <c>x-reduct-time-&lt;ts&gt;: &lt;length&gt;,&lt;content type&gt;[,labels]</c> per record, bodies in time order.
    /// </summary>
    private async Task<BatchOutcome> SendBatchAsync(string entry, List<StoredRecord> records, CancellationToken cancellationToken)
    {
        records.Sort(static (a, b) => a.Timestamp.CompareTo(b.Timestamp));
        var body = new byte[records.Sum(record => record.Length)];
        var offset = 0;
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(_apiBase, $"b/{Settings.DestinationBucket}/{Settings.DestinationPrefix}{entry}/batch"));
        foreach (var record in records)
        {
            byte[] data;
            try
            {
                data = record.ReadData();
            }
            catch (InvalidOperationException exception)
            {
                return new BatchOutcome(new Failure(StatusCodes.Status500InternalServerError, exception.Message), []);
            }

            data.CopyTo(body, offset);
            offset += data.Length;
            request.Headers.TryAddWithoutValidation($"x-reduct-time-{record.Timestamp}", DescribeRecord(record));
        }

        request.Content = new ByteArrayContent(body);
        request.Content.Headers.TryAddWithoutValidation("Content-Type", "application/octet-stream");
        try
        {
            using var response = await _http.SendAsync(request, cancellationToken).ConfigureAwait(false);
            if (!response.IsSuccessStatusCode)
            {
                return new BatchOutcome(ErrorOf(response), []);
            }

            var errors = new List<Failure>();
            foreach (var header in response.Headers)
            {
                if (header.Key.StartsWith("x-reduct-error-", StringComparison.OrdinalIgnoreCase))
                {
                    var text = header.Value.FirstOrDefault() ?? string.Empty;
                    var comma = text.IndexOf(',', StringComparison.Ordinal);
                    errors.Add(comma > 0 && int.TryParse(text.AsSpan(0, comma), System.Globalization.NumberStyles.AllowLeadingSign, System.Globalization.CultureInfo.InvariantCulture, out var status)
                        ? new Failure(status, text[(comma + 1)..])
                        : new Failure(-1, text));
                }
            }

            return new BatchOutcome(null, errors);
        }
        catch (Exception exception) when (exception is HttpRequestException || (exception is TaskCanceledException && !cancellationToken.IsCancellationRequested))
        {
            return new BatchOutcome(TransportFailure(exception), []);
        }
    }

    /// <summary>The v1 batch header value: labels sorted, a value with a comma in double quotes, as the real sender writes them.</summary>
    private static string DescribeRecord(StoredRecord record)
    {
        var text = new System.Text.StringBuilder();
        text.Append(record.Length.ToString(System.Globalization.CultureInfo.InvariantCulture)).Append(',').Append(record.ContentType);
        if (record.Labels.Count > 0)
        {
            var labels = record.Labels
                .Select(label => label.Value.Contains(',', StringComparison.Ordinal) ? $"{label.Key}=\"{label.Value}\"" : $"{label.Key}={label.Value}")
                .OrderBy(label => label, StringComparer.Ordinal);
            text.Append(',').AppendJoin(',', labels);
        }

        return text.ToString();
    }

    private static Failure ErrorOf(HttpResponseMessage response) => new(
        (int)response.StatusCode,
        response.Headers.TryGetValues(ReductHeaders.Error, out var values) ? values.First() : "Unknown");

    /// <summary>The real sender's client codes: -3 for a connection that could not be made, -2 for a timeout.</summary>
    private static Failure TransportFailure(Exception exception) =>
        exception is TaskCanceledException ? new Failure(-2, exception.Message) : new Failure(-3, exception.Message);

    private readonly record struct Failure(int Status, string Message);

    private readonly record struct BatchOutcome(Failure? Failure, List<Failure> RecordErrors);
}
