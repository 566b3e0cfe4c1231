using Microsoft.Extensions.Logging.Abstractions;
using Reduct.Client.Ingestion;

namespace Reduct.Client.Tests.Ingestion;

public class FailureReportTests
{
    private static FailedRecord Failure(ulong timestamp) => new("sensor", timestamp, new ReductException(409, "exists"));

    [Fact]
    public void Failures_are_taken_once_each_in_the_order_they_were_reported()
    {
        var report = new FailureReport(handler: null, NullLogger.Instance, "b");
        report.Start();

        report.Add([Failure(1), Failure(2)]);
        report.Add([Failure(3)]);

        Assert.Equal([1UL, 2UL, 3UL], report.Take().Select(f => f.Timestamp.Microseconds));
        Assert.Empty(report.Take());
        Assert.True(report.WaitHandledAsync(report.Reported).IsCompletedSuccessfully);
    }

    [Fact]
    public void A_take_up_to_a_mark_leaves_later_failures_for_the_next_take()
    {
        var report = new FailureReport(handler: null, NullLogger.Instance, "b");
        report.Add([Failure(1), Failure(2)]);
        long mark = report.Reported;
        report.Add([Failure(3)]);

        Assert.Equal([1UL, 2UL], report.Take(mark).Select(f => f.Timestamp.Microseconds));
        Assert.Empty(report.Take(mark));
        Assert.Equal([3UL], report.Take().Select(f => f.Timestamp.Microseconds));
    }

    [Fact]
    public async Task The_handler_sees_each_failure_once_in_order_and_one_at_a_time()
    {
        var seen = new List<ulong>();
        int running = 0;
        int overlapped = 0;
        var report = new FailureReport(async failure =>
        {
            overlapped += Interlocked.Increment(ref running) > 1 ? 1 : 0;
            await Task.Yield();
            seen.Add(failure.Timestamp.Microseconds);
            Interlocked.Decrement(ref running);
        }, NullLogger.Instance, "b");
        report.Start();

        for (ulong i = 0; i < 50; i++)
        {
            report.Add([Failure(i)]);
        }

        await report.WaitHandledAsync(report.Reported).WaitAsync(TimeSpan.FromSeconds(10));
        Assert.Equal(Enumerable.Range(0, 50).Select(i => (ulong)i), seen);
        Assert.Equal(0, overlapped);
        await report.CompleteAsync().WaitAsync(TimeSpan.FromSeconds(10));
    }

    [Fact]
    public async Task A_slow_handler_does_not_hold_up_the_reporter_and_a_throwing_one_does_not_stop_the_report()
    {
        var gate = new TaskCompletionSource();
        var seen = new List<ulong>();
        var report = new FailureReport(async failure =>
        {
            if (failure.Timestamp.Microseconds == 1)
            {
                await gate.Task;
                throw new InvalidOperationException("handler bug");
            }

            seen.Add(failure.Timestamp.Microseconds);
        }, NullLogger.Instance, "b");
        report.Start();

        report.Add([Failure(1)]);
        report.Add([Failure(2)]);
        Task handled = report.WaitHandledAsync(report.Reported);

        // Reported and listed at once, while the handler still waits.
        Assert.Equal(2, report.Take().Count);
        Assert.False(handled.IsCompleted);

        gate.SetResult();
        await handled.WaitAsync(TimeSpan.FromSeconds(10));
        Assert.Equal([2UL], seen);
        await report.CompleteAsync().WaitAsync(TimeSpan.FromSeconds(10));
    }
}
