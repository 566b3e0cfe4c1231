using System.Diagnostics;

namespace Reduct.Client.Tests;

/// <summary>Waits for what happens in the background (a writer's requests, a server's storage) on its own clock.</summary>
internal static class Poll
{
    /// <summary>Polls a condition until it holds, failing the test after a generous deadline.</summary>
    public static async Task Until(Func<bool> condition)
    {
        var deadline = Stopwatch.StartNew();
        while (!condition())
        {
            Assert.True(deadline.Elapsed < TimeSpan.FromSeconds(10), "The condition did not hold within 10 s.");
            await Task.Delay(10);
        }
    }
}
