using Reduct.Client.Testing.Conditions;
using Reduct.Client.Testing.Hosting;
using Reduct.Client.Testing.Http;

namespace Reduct.Client.Testing.Replication;

/// <summary>
/// The replication tasks of one server, with the real server's checks on create and update (in its order: the
/// destination host, the source bucket, the same bucket on this server, the condition) and its error texts.
/// Committed records reach every task of their bucket through <see cref="Offer"/>.
/// </summary>
internal sealed class ReplicationRegistry : IAsyncDisposable
{
    private static readonly string[] LocalHosts = ["127.0.0.1", "localhost", "0.0.0.0"];

    private readonly ServerContext _server;
    private readonly SemaphoreSlim _changes = new(1, 1);
    private volatile ReplicationTask[] _tasks = [];
    private bool _disposed;

    public ReplicationRegistry(ServerContext server)
    {
        _server = server;
    }

    public IReadOnlyList<ReplicationInfo> List() => _tasks.OrderBy(task => task.Name, StringComparer.Ordinal).Select(task => task.Info()).ToList();

    /// <exception cref="ReductErrorException">404 for a missing task.</exception>
    public ReplicationTask Get(string name) => Find(name) ?? throw Missing(name);

    /// <exception cref="ReductErrorException">409, 404 or 422 as on the real server.</exception>
    public async Task CreateAsync(string name, ReplicationSettings settings)
    {
        await _changes.WaitAsync().ConfigureAwait(false);
        try
        {
            if (Find(name) is not null)
            {
                throw ReductErrorException.Conflict($"Replication '{name}' already exists");
            }

            Validate(name, settings);
            Add(new ReplicationTask(name, settings, _server, pending: null));
        }
        finally
        {
            _changes.Release();
        }
    }

    /// <summary>
    /// Replaces the task's settings (<c>PUT</c>): fields left out take their defaults, except the destination token,
    /// which the real server keeps when none is given (it is never read back, so a client could not repeat it). The
    /// records still waiting stay with the task; its diagnostics start again.
    /// </summary>
    /// <exception cref="ReductErrorException">404 or 422 as on the real server.</exception>
    public async Task UpdateAsync(string name, ReplicationSettings settings)
    {
        await _changes.WaitAsync().ConfigureAwait(false);
        try
        {
            var old = Find(name) ?? throw Missing(name);
            Validate(name, settings);
            if (settings.DestinationToken is null)
            {
                settings = settings with { DestinationToken = old.Settings.DestinationToken };
            }

            _tasks = _tasks.Where(task => task != old).ToArray();
            await old.DisposeAsync().ConfigureAwait(false);
            Add(new ReplicationTask(name, settings, _server, old.Pending));
        }
        finally
        {
            _changes.Release();
        }
    }

    /// <exception cref="ReductErrorException">404 for a missing task.</exception>
    public async Task RemoveAsync(string name)
    {
        await _changes.WaitAsync().ConfigureAwait(false);
        try
        {
            var task = Find(name) ?? throw Missing(name);
            _tasks = _tasks.Where(other => other != task).ToArray();
            await task.DisposeAsync().ConfigureAwait(false);
        }
        finally
        {
            _changes.Release();
        }
    }

    /// <exception cref="ReductErrorException">404 for a missing task.</exception>
    public void SetMode(string name, ReplicationMode mode) => Get(name).SetMode(mode);

    /// <summary>Hands a record just committed to <paramref name="bucket"/> to the tasks that replicate it.</summary>
    public void Offer(string bucket, StoredRecord record)
    {
        foreach (var task in _tasks)
        {
            if (task.Settings.SourceBucket == bucket)
            {
                task.Offer(record);
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _changes.WaitAsync().ConfigureAwait(false);
        try
        {
            _disposed = true;
            var tasks = _tasks;
            _tasks = [];
            foreach (var task in tasks)
            {
                await task.DisposeAsync().ConfigureAwait(false);
            }
        }
        finally
        {
            _changes.Release();
        }
    }

    private void Add(ReplicationTask task)
    {
        if (_disposed)
        {
            throw new ObjectDisposedException(nameof(ReplicationRegistry));
        }

        _tasks = [.. _tasks, task];
        task.Start();
    }

    private ReplicationTask? Find(string name) => _tasks.FirstOrDefault(task => task.Name == name);

    private void Validate(string name, ReplicationSettings settings)
    {
        if (!IsUrl(settings.DestinationHost, out var host))
        {
            throw ReductErrorException.UnprocessableEntity($"Invalid destination host '{settings.DestinationHost}'");
        }

        if (!_server.Engine.BucketExists(settings.SourceBucket))
        {
            throw ReductErrorException.NotFound($"Source bucket '{settings.SourceBucket}' for replication '{name}' does not exist");
        }

        // The real server compares with its own port and three local names only; another spelling of this host passes.
        if (settings.SourceBucket == settings.DestinationBucket
            && (host.Port >= 0 ? host.Port : 8383) == _server.ListeningPort
            && LocalHosts.Contains(host.Host, StringComparer.OrdinalIgnoreCase))
        {
            throw ReductErrorException.UnprocessableEntity("Source and destination buckets must be different");
        }

        if (settings.When is { } when)
        {
            try
            {
                Condition.Parse(when, _server.Version);
            }
            catch (ReductErrorException exception) when (exception.Status == StatusCodes.Status422UnprocessableEntity)
            {
                throw ReductErrorException.UnprocessableEntity("Invalid replication condition: " + exception.Message);
            }
        }

        if (host.Scheme is not ("http" or "https"))
        {
            // The real server accepts any URL and then fails to connect; this one sends with an HttpClient only.
            throw new ReductErrorException(StatusCodes.Status501NotImplemented, $"The reference server replicates over http and https only, not '{host.Scheme}'");
        }
    }

    /// <summary>A URL as the <c>url</c> crate reads one: a scheme, then anything; <c>invalid_url</c> or a bare path is not.</summary>
    private static bool IsUrl(string text, out Uri url)
    {
        var colon = text.IndexOf(':', StringComparison.Ordinal);
        var hasScheme = colon > 0 && char.IsAsciiLetter(text[0])
            && text.AsSpan(0, colon).IndexOfAnyExcept("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789+-.") < 0;
        url = null!;
        return hasScheme && Uri.TryCreate(text, UriKind.Absolute, out url!);
    }

    private static ReductErrorException Missing(string name) => ReductErrorException.NotFound($"Replication '{name}' does not exist");
}
