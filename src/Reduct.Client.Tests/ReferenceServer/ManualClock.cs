namespace Reduct.Client.Tests.ReferenceServer;

/// <summary>A clock that only moves when a test moves it, for token expiry without waiting.</summary>
internal sealed class ManualClock : TimeProvider
{
    private DateTimeOffset _now;

    public ManualClock(DateTimeOffset start)
    {
        _now = start;
    }

    public override DateTimeOffset GetUtcNow() => _now;

    public void Advance(TimeSpan by) => _now += by;
}
