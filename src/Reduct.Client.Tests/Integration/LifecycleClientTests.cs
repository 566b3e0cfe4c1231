using Reduct.Client.Testing;
using Reduct.Client.Tests.ReferenceServer;

namespace Reduct.Client.Tests.Integration;

using Condition = Reduct.Client.Condition;

/// <summary>The lifecycle calls of <see cref="ReductClient"/> against the reference server: what it holds, what it removes, what is refused before sending.</summary>
public sealed class LifecycleClientTests
{
    private static readonly DateTimeOffset Start = new(2030, 1, 1, 0, 0, 0, TimeSpan.Zero);

    private static async Task<ReductTestServer> StartAsync(string version = "1.20", TimeProvider? clock = null)
    {
        var options = new ReductTestServerOptions { ApiToken = "admin", ApiVersion = version, TimeProvider = clock ?? new SteppedClock(Start) };
        options.Tokens.Add(new ReductTestToken("reader", "reader-secret") { Read = ["data"] });
        options.ProvisionedBuckets.Add("data");
        return await ReductTestServer.StartAsync(options);
    }

    private static ulong Micros(DateTimeOffset time) => (ulong)((time - DateTimeOffset.UnixEpoch).Ticks / 10);

    [Fact]
    public async Task Created_settings_read_back_whole_and_the_server_holds_them_in_its_own_duration_text()
    {
        await using var server = await StartAsync();
        using var client = new ReductClient(server.Url, "admin");
        var settings = new LifecycleSettings
        {
            Type = LifecycleType.Delete,
            Bucket = "data",
            Entries = ["cam-*", "log"],
            OlderThan = TimeSpan.FromDays(30),
            Interval = TimeSpan.FromMinutes(90),
            When = Condition.Label("quality").LessThan(5) & Condition.Label("kind").Equal("frame"),
            Mode = LifecycleMode.DryRun,
        };

        await client.CreateLifecycleAsync("clean-up", settings);
        FullLifecycleInfo full = await client.GetLifecycleAsync("clean-up");
        IReadOnlyList<LifecycleInfo> list = await client.ListLifecyclesAsync();
        using var raw = RawHttp.CreateClient(server, "admin");
        string held = await raw.GetStringAsync("api/v1/lifecycles/clean-up");

        Assert.Equal("clean-up", full.Info.Name);
        Assert.Equal(LifecycleType.Delete, full.Info.Type);
        Assert.Equal(LifecycleMode.DryRun, full.Info.Mode);
        Assert.True(full.Info.IsRunning);
        Assert.False(full.Info.IsProvisioned);
        Assert.Null(full.Info.LastRun);
        Assert.Equal("data", full.Settings.Bucket);
        Assert.Equal(["cam-*", "log"], full.Settings.Entries);
        Assert.Equal(TimeSpan.FromDays(30), full.Settings.OlderThan);
        Assert.Equal(TimeSpan.FromMinutes(90), full.Settings.Interval);
        Assert.Equal(settings.When.Json, full.Settings.When?.Json);
        Assert.Equal(LifecycleMode.DryRun, full.Settings.Mode);
        Assert.Equal(["clean-up"], list.Select(l => l.Name));
        Assert.Contains("\"older_than\":\"30d\",\"interval\":\"90m\"", held, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_default_interval_reads_back_as_one_hour()
    {
        await using var server = await StartAsync();
        using var client = new ReductClient(server.Url, "admin");

        await client.CreateLifecycleAsync("p", new LifecycleSettings { Type = LifecycleType.Delete, Bucket = "data", OlderThan = TimeSpan.FromHours(36) });
        FullLifecycleInfo full = await client.GetLifecycleAsync("p");

        Assert.Equal(TimeSpan.FromHours(1), full.Settings.Interval);
        Assert.Equal(TimeSpan.FromHours(36), full.Settings.OlderThan);
        Assert.Empty(full.Settings.Entries);
        Assert.Null(full.Settings.When);
        Assert.Equal(LifecycleMode.Enabled, full.Settings.Mode);
    }

    [Fact]
    public async Task Mode_update_and_removal_change_what_the_server_holds()
    {
        await using var server = await StartAsync();
        using var client = new ReductClient(server.Url, "admin");
        await client.CreateLifecycleAsync("p", new LifecycleSettings { Type = LifecycleType.Delete, Bucket = "data", OlderThan = TimeSpan.FromDays(1) });

        await client.SetLifecycleModeAsync("p", LifecycleMode.Disabled);
        LifecycleMode disabled = (await client.GetLifecycleAsync("p")).Info.Mode;
        await client.UpdateLifecycleAsync("p", new LifecycleSettings { Type = LifecycleType.Delete, Bucket = "data", OlderThan = TimeSpan.FromDays(2) });
        FullLifecycleInfo updated = await client.GetLifecycleAsync("p");
        await client.RemoveLifecycleAsync("p");
        ReductException gone = await Assert.ThrowsAsync<ReductException>(() => client.GetLifecycleAsync("p"));

        Assert.Equal(LifecycleMode.Disabled, disabled);
        Assert.Equal(LifecycleMode.Enabled, updated.Info.Mode);
        Assert.Equal(TimeSpan.FromDays(2), updated.Settings.OlderThan);
        Assert.Equal(404, gone.Status);
        Assert.Equal("Lifecycle 'p' does not exist", gone.ServerMessage);
        Assert.Empty(await client.ListLifecyclesAsync());
    }

    [Fact]
    public async Task The_servers_refusals_come_back_with_their_status_and_text()
    {
        await using var server = await StartAsync();
        using var client = new ReductClient(server.Url, "admin");
        using var reader = new ReductClient(server.Url, "reader-secret");
        var settings = new LifecycleSettings { Type = LifecycleType.Delete, Bucket = "data", OlderThan = TimeSpan.FromDays(1) };
        await client.CreateLifecycleAsync("p", settings);

        ReductException exists = await Assert.ThrowsAsync<ReductException>(() => client.CreateLifecycleAsync("p", settings));
        ReductException noBucket = await Assert.ThrowsAsync<ReductException>(() => client.CreateLifecycleAsync("q", new LifecycleSettings { Type = LifecycleType.Delete, Bucket = "nope", OlderThan = TimeSpan.FromDays(1) }));
        ReductException forbidden = await Assert.ThrowsAsync<ReductException>(() => reader.ListLifecyclesAsync());
        ReductException badCondition = await Assert.ThrowsAsync<ReductException>(() => client.CreateLifecycleAsync("q", new LifecycleSettings { Type = LifecycleType.Delete, Bucket = "data", OlderThan = TimeSpan.FromDays(1), When = Condition.FromJson("""{"&a":{"$what":1}}""") }));

        Assert.Equal((409, "Lifecycle 'p' already exists"), (exists.Status, exists.ServerMessage));
        Assert.Equal((404, "Bucket 'nope' for lifecycle 'q' does not exist"), (noBucket.Status, noBucket.ServerMessage));
        Assert.Equal((403, "Token 'reader' doesn't have full access"), (forbidden.Status, forbidden.ServerMessage));
        Assert.Equal((422, "Invalid lifecycle condition: Operator '$what' not supported"), (badCondition.Status, badCondition.ServerMessage));
    }

    public static TheoryData<string, LifecycleSettings> RefusedSettings => new()
    {
        { "at least 10 minutes", new LifecycleSettings { Type = LifecycleType.Delete, Bucket = "data", OlderThan = TimeSpan.FromDays(1), Interval = TimeSpan.FromMinutes(9) } },
        { "for delete policies only", new LifecycleSettings { Type = LifecycleType.Compress, Bucket = "data", OlderThan = TimeSpan.FromDays(1), When = Condition.Label("a").Equal(1) } },
        { "non-negative whole number of microseconds", new LifecycleSettings { Type = LifecycleType.Delete, Bucket = "data", OlderThan = TimeSpan.FromDays(-1) } },
        { "non-negative whole number of microseconds", new LifecycleSettings { Type = LifecycleType.Delete, Bucket = "data", OlderThan = TimeSpan.FromTicks(15) } },
        { "LifecycleSettings.Bucket", new LifecycleSettings { Type = LifecycleType.Delete, Bucket = "no spaces", OlderThan = TimeSpan.FromDays(1) } },
        { "not a lifecycle type", new LifecycleSettings { Type = (LifecycleType)7, Bucket = "data", OlderThan = TimeSpan.FromDays(1) } },
        { "must be positive", new LifecycleSettings { Type = LifecycleType.Delete, Bucket = "data", OlderThan = TimeSpan.FromDays(1), ProcessingInterval = TimeSpan.Zero } },
        { "null or empty name", new LifecycleSettings { Type = LifecycleType.Delete, Bucket = "data", OlderThan = TimeSpan.FromDays(1), Entries = [""] } },
    };

    [Theory]
    [MemberData(nameof(RefusedSettings))]
    public async Task Settings_the_server_would_refuse_are_refused_before_anything_is_sent(string reason, LifecycleSettings settings)
    {
        await using var server = await StartAsync();
        using var client = new ReductClient(server.Url, "admin");

        ArgumentException create = await Assert.ThrowsAnyAsync<ArgumentException>(() => client.CreateLifecycleAsync("p", settings));
        ArgumentException update = await Assert.ThrowsAnyAsync<ArgumentException>(() => client.UpdateLifecycleAsync("p", settings));
        ArgumentException emptyName = await Assert.ThrowsAnyAsync<ArgumentException>(() => client.GetLifecycleAsync(""));

        Assert.Contains(reason, create.Message, StringComparison.Ordinal);
        Assert.Equal("settings", create.ParamName);
        Assert.Equal("settings", update.ParamName);
        Assert.Equal("name", emptyName.ParamName);
        Assert.Equal(0, server.Statistics.RequestCount);
    }

    public static TheoryData<Func<ReductClient, Task>> LifecycleCalls => new()
    {
        c => c.ListLifecyclesAsync(),
        c => c.GetLifecycleAsync("p"),
        c => c.CreateLifecycleAsync("p", new LifecycleSettings { Type = LifecycleType.Delete, Bucket = "data", OlderThan = TimeSpan.FromDays(1) }),
        c => c.UpdateLifecycleAsync("p", new LifecycleSettings { Type = LifecycleType.Delete, Bucket = "data", OlderThan = TimeSpan.FromDays(1) }),
        c => c.SetLifecycleModeAsync("p", LifecycleMode.Disabled),
        c => c.RemoveLifecycleAsync("p"),
    };

    [Theory]
    [MemberData(nameof(LifecycleCalls))]
    public async Task Every_call_is_refused_on_a_server_before_1_20_after_one_version_request(Func<ReductClient, Task> call)
    {
        await using var server = await StartAsync("1.19");
        using var client = new ReductClient(server.Url, "admin");

        ReductException error = await Assert.ThrowsAsync<ReductException>(() => call(client));

        Assert.Equal(ReductException.NotSupportedByServer, error.Status);
        Assert.StartsWith("Lifecycle policies needs ReductStore API 1.20 or newer; the server speaks API 1.19. Nothing was sent.", error.Message, StringComparison.Ordinal);
        Assert.Equal(1, server.Statistics.RequestCount);
    }

    [Fact]
    public async Task A_processing_interval_is_refused_before_1_21()
    {
        await using var server = await StartAsync("1.20");
        using var client = new ReductClient(server.Url, "admin");

        ReductException error = await Assert.ThrowsAsync<ReductException>(() => client.CreateLifecycleAsync("p", new LifecycleSettings
        {
            Type = LifecycleType.Delete,
            Bucket = "data",
            OlderThan = TimeSpan.FromDays(1),
            ProcessingInterval = TimeSpan.FromHours(6),
        }));

        Assert.Equal(ReductException.NotSupportedByServer, error.Status);
        Assert.StartsWith("A lifecycle policy's processing interval needs ReductStore API 1.21", error.Message, StringComparison.Ordinal);
        Assert.Empty(await client.ListLifecyclesAsync());
    }

    [Fact]
    public async Task A_policy_made_through_the_client_removes_old_matching_records_when_its_interval_passes()
    {
        var clock = new SteppedClock(Start);
        await using var server = await StartAsync(clock: clock);
        using var client = new ReductClient(server.Url, "admin");
        Bucket bucket = client.GetBucket("data");
        var old = Micros(Start - TimeSpan.FromDays(10));
        var fresh = Micros(Start - TimeSpan.FromDays(1));
        await bucket.WriteAsync("cam", "a"u8.ToArray(), new ReductTimestamp(old), new RecordWriteOptions { Labels = new Labels { ["q"] = 1 } });
        await bucket.WriteAsync("cam", "b"u8.ToArray(), new ReductTimestamp(old + 1), new RecordWriteOptions { Labels = new Labels { ["q"] = 9 } });
        await bucket.WriteAsync("cam", "c"u8.ToArray(), new ReductTimestamp(fresh), new RecordWriteOptions { Labels = new Labels { ["q"] = 1 } });
        await client.CreateLifecycleAsync("p", new LifecycleSettings
        {
            Type = LifecycleType.Delete,
            Bucket = "data",
            OlderThan = TimeSpan.FromDays(7),
            Interval = TimeSpan.FromMinutes(10),
            When = Condition.Label("q").LessThan(5),
        });

        clock.Advance(TimeSpan.FromMinutes(10));
        LifecycleInfo info = (await client.ListLifecyclesAsync()).Single();

        Assert.Equal([old + 1, fresh], server.Storage.GetRecords("data", "cam").Select(r => r.Timestamp));
        Assert.Equal(Start + TimeSpan.FromMinutes(10), info.LastRun);
    }
}
