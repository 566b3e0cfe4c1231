using Reduct.Client.Testing.Conditions;
using Reduct.Client.Testing.Hosting;
using Reduct.Client.Testing.Http;
using Reduct.Client.Testing.Querying;

namespace Reduct.Client.Testing.Lifecycles;

/// <summary>
/// The lifecycle policies of one server and their schedules. Each policy runs every <c>interval</c> by a timer of
/// <see cref="ReductTestServerOptions.TimeProvider"/>, the first run one interval after it was created or replaced,
/// as the real server's worker sleeps before it acts. A <c>delete</c> run removes the records of the bucket's
/// selected entries (never <c>$meta</c> ones) whose time is at most <c>now - older_than</c> and that match
/// <c>when</c>, through the same path as a removal query; a dry run counts them instead; a disabled policy skips
/// its runs. Settings are checked with the real server's order and texts; <c>compress</c> and 1.21's
/// <c>processing_interval</c> are refused (501), since this server does not implement them.
/// </summary>
internal sealed class LifecycleRegistry : IDisposable
{
    private const long MinimumIntervalMicroseconds = 10 * 60 * 1_000_000L;

    private readonly ServerContext _server;
    private readonly object _sync = new();
    private readonly SortedDictionary<string, Policy> _policies = new(StringComparer.Ordinal);
    private bool _disposed;

    public LifecycleRegistry(ServerContext server)
    {
        _server = server;
    }

    /// <summary>Every policy, by name.</summary>
    public IReadOnlyList<LifecycleView> List()
    {
        lock (_sync)
        {
            return _policies.Values.Select(p => p.View()).ToList();
        }
    }

    /// <exception cref="ReductErrorException">404 <c>Lifecycle '&lt;n&gt;' does not exist</c>.</exception>
    public LifecycleView Get(string name)
    {
        lock (_sync)
        {
            return Require(name).View();
        }
    }

    /// <exception cref="ReductErrorException">409 when the name is taken, 404 for the bucket, 422 for the settings, 501 for what this server does not implement.</exception>
    public void Create(string name, LifecycleRequest request)
    {
        lock (_sync)
        {
            if (_policies.ContainsKey(name))
            {
                throw ReductErrorException.Conflict($"Lifecycle '{name}' already exists");
            }

            Start(name, request);
        }
    }

    /// <summary>Replaces every setting (a field left out takes its default, so a PUT without <c>mode</c> enables the policy) and restarts its schedule.</summary>
    /// <exception cref="ReductErrorException">404 for the policy or the bucket, 422 for the settings, 501 as for <see cref="Create"/>.</exception>
    public void Update(string name, LifecycleRequest request)
    {
        lock (_sync)
        {
            Require(name);
            Start(name, request);
        }
    }

    /// <exception cref="ReductErrorException">404 for the policy.</exception>
    public void SetMode(string name, LifecycleMode mode)
    {
        lock (_sync)
        {
            Require(name).Mode = mode;
        }
    }

    /// <exception cref="ReductErrorException">404 for the policy.</exception>
    public void Remove(string name)
    {
        lock (_sync)
        {
            Require(name).Dispose();
            _policies.Remove(name);
        }
    }

    public void Dispose()
    {
        lock (_sync)
        {
            _disposed = true;
            foreach (var policy in _policies.Values)
            {
                policy.Dispose();
            }

            _policies.Clear();
        }
    }

    private Policy Require(string name) =>
        _policies.TryGetValue(name, out var policy) ? policy : throw ReductErrorException.NotFound($"Lifecycle '{name}' does not exist");

    /// <summary>Checks the settings, then puts a new policy with a fresh schedule in place of any old one (under the lock).</summary>
    private void Start(string name, LifecycleRequest request)
    {
        var olderThan = Validate(name, request);
        if (_policies.Remove(name, out var old))
        {
            old.Dispose();
        }

        if (_disposed)
        {
            return;
        }

        var policy = new Policy(this, name, request, olderThan);
        _policies[name] = policy;
        if (LifecycleDuration.TryParse(request.Interval, out var interval, out _))
        {
            var period = TimeSpan.FromTicks(interval * 10);
            policy.Timer = _server.Clock.CreateTimer(static state => ((Policy)state!).Run(), policy, period, period);
        }
    }

    /// <summary>The real server's checks, in its order; returns <c>older_than</c> in microseconds.</summary>
    private long Validate(string name, LifecycleRequest request)
    {
        if (!_server.Engine.BucketExists(request.Bucket))
        {
            throw ReductErrorException.NotFound($"Bucket '{request.Bucket}' for lifecycle '{name}' does not exist");
        }

        if (!LifecycleDuration.TryParse(request.OlderThan, out var olderThan, out var olderThanProblem))
        {
            throw ReductErrorException.UnprocessableEntity($"Invalid lifecycle older_than '{request.OlderThan}': [UnprocessableEntity] {olderThanProblem}");
        }

        if (!LifecycleDuration.TryParse(request.Interval, out var interval, out var intervalProblem))
        {
            throw ReductErrorException.UnprocessableEntity($"Invalid lifecycle interval '{request.Interval}': [UnprocessableEntity] {intervalProblem}");
        }

        if (interval < MinimumIntervalMicroseconds)
        {
            throw ReductErrorException.UnprocessableEntity($"Lifecycle interval '{request.Interval}' is shorter than minimum allowed value of 10m");
        }

        if (request.When is { } when)
        {
            if (request.Type == LifecycleType.Compress)
            {
                throw ReductErrorException.UnprocessableEntity("Lifecycle type 'compress' does not support 'when' condition");
            }

            Condition condition;
            try
            {
                condition = Condition.Parse(when, _server.Version);
            }
            catch (ReductErrorException exception) when (exception.Status == StatusCodes.Status422UnprocessableEntity)
            {
                throw ReductErrorException.UnprocessableEntity($"Invalid lifecycle condition: {exception.Message}");
            }

            if (condition.Directives.Extensions.Count > 0)
            {
                throw ReductErrorException.UnprocessableEntity("Lifecycle condition cannot use '#ext' directive");
            }
        }

        if (request.Type == LifecycleType.Compress)
        {
            throw new ReductErrorException(StatusCodes.Status501NotImplemented, "Compress lifecycles are not implemented by the reference server");
        }

        if (request.ProcessingInterval is not null)
        {
            throw new ReductErrorException(StatusCodes.Status501NotImplemented, "The reference server does not implement the lifecycle setting 'processing_interval'");
        }

        return olderThan;
    }

    /// <summary>One run of a delete policy: remove (or, in a dry run, count) what is old enough and matches.</summary>
    private void RunDelete(Policy policy, LifecycleMode mode)
    {
        var now = _server.Clock.GetUtcNow();
        var nowMicroseconds = (ulong)Math.Max(0, (now - DateTimeOffset.UnixEpoch).Ticks / 10);
        var cutoff = policy.OlderThan <= 0 ? nowMicroseconds
            : nowMicroseconds > (ulong)policy.OlderThan ? nowMicroseconds - (ulong)policy.OlderThan : 0;
        var request = new QueryRequest
        {
            Type = mode == LifecycleMode.DryRun ? QueryType.Query : QueryType.Remove,
            Entries = policy.Request.Entries.Count == 0 ? null : policy.Request.Entries,
            Start = 0,
            Stop = cutoff == ulong.MaxValue ? cutoff : cutoff + 1,
            When = policy.Request.When,
        };

        ulong records = 0;
        string? error = null;
        try
        {
            var planner = new QueryPlanner(_server);
            records = mode == LifecycleMode.DryRun
                ? planner.CountInBucket(request, policy.Request.Bucket)
                : planner.RemoveFromBucket(request, policy.Request.Bucket);
        }
        catch (ReductErrorException exception)
        {
            error = exception.Message;
        }

        policy.LastRun = now;
        _server.Statistics.RecordLifecycleRun(new ReductTestLifecycleRun(policy.Name, now, mode == LifecycleMode.DryRun, records, error));
    }

    private sealed class Policy : IDisposable
    {
        private readonly LifecycleRegistry _owner;
        private readonly object _running = new();
        private volatile bool _stopped;
        private volatile int _mode;
        private DateTimeOffset? _lastRun;

        public Policy(LifecycleRegistry owner, string name, LifecycleRequest request, long olderThan)
        {
            _owner = owner;
            Name = name;
            Request = request;
            OlderThan = olderThan;
            _mode = (int)request.Mode;
        }

        public string Name { get; }

        public LifecycleRequest Request { get; }

        /// <summary><c>older_than</c> in microseconds.</summary>
        public long OlderThan { get; }

        public ITimer? Timer { get; set; }

        public LifecycleMode Mode
        {
            get => (LifecycleMode)_mode;
            set => _mode = (int)value;
        }

        public DateTimeOffset? LastRun
        {
            get
            {
                lock (_running)
                {
                    return _lastRun;
                }
            }

            set
            {
                lock (_running)
                {
                    _lastRun = value;
                }
            }
        }

        public LifecycleView View() => new(Name, Request, Mode, LastRun);

        /// <summary>A tick of the schedule; runs do not overlap, and none starts after the policy is gone.</summary>
        public void Run()
        {
            lock (_running)
            {
                var mode = Mode;
                if (_stopped || mode == LifecycleMode.Disabled)
                {
                    return;
                }

                _owner.RunDelete(this, mode);
            }
        }

        public void Dispose()
        {
            _stopped = true;
            Timer?.Dispose();
        }
    }
}
