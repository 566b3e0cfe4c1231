using Reduct.Client.Http;

namespace Reduct.Client.Tests.Unit;

public class EntryWriteLocksTests
{
    [Fact]
    public async Task A_second_request_to_an_entry_waits_for_the_first_and_other_entries_do_not()
    {
        var locks = new EntryWriteLocks();
        EntryWriteLocks.Lease first = await locks.AcquireAsync("b", "e", CancellationToken.None);

        ValueTask<EntryWriteLocks.Lease> sameEntry = locks.AcquireAsync("b", "e", CancellationToken.None);
        ValueTask<EntryWriteLocks.Lease> otherEntry = locks.AcquireAsync("b", "f", CancellationToken.None);
        ValueTask<EntryWriteLocks.Lease> otherBucket = locks.AcquireAsync("c", "e", CancellationToken.None);

        Assert.False(sameEntry.IsCompleted);
        Assert.True(otherEntry.IsCompletedSuccessfully);
        Assert.True(otherBucket.IsCompletedSuccessfully);

        first.Dispose();
        (await sameEntry).Dispose();
        (await otherEntry).Dispose();
        (await otherBucket).Dispose();
        Assert.True(locks.AcquireAsync("b", "e", CancellationToken.None).IsCompletedSuccessfully);
    }

    [Fact]
    public async Task Waiters_of_an_entry_get_it_in_the_order_they_came()
    {
        var locks = new EntryWriteLocks();
        EntryWriteLocks.Lease held = await locks.AcquireAsync("b", "e", CancellationToken.None);
        var order = new List<int>();
        Task[] waiters = Enumerable.Range(0, 5).Select(async i =>
        {
            using EntryWriteLocks.Lease lease = await locks.AcquireAsync("b", "e", CancellationToken.None);
            lock (order)
            {
                order.Add(i);
            }
        }).ToArray();

        held.Dispose();
        await Task.WhenAll(waiters);
        Assert.Equal([0, 1, 2, 3, 4], order);
    }

    [Fact]
    public async Task A_cancelled_wait_takes_nothing_and_passes_the_entry_on()
    {
        var locks = new EntryWriteLocks();
        EntryWriteLocks.Lease held = await locks.AcquireAsync("b", "y", CancellationToken.None);
        using var cancel = new CancellationTokenSource();

        // Takes x, then waits for y.
        ValueTask<EntryWriteLocks.Lease> cancelled = locks.AcquireAsync("b", ["y", "x"], cancel.Token);
        ValueTask<EntryWriteLocks.Lease> next = locks.AcquireAsync("b", "y", CancellationToken.None);
        Assert.False(locks.AcquireAsync("b", "x", CancellationToken.None).IsCompleted);

        cancel.Cancel();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(async () => await cancelled);
        held.Dispose();
        (await next).Dispose();
        Assert.True(locks.AcquireAsync("b", "y", CancellationToken.None).IsCompletedSuccessfully);
    }

    [Fact]
    public async Task Requests_over_overlapping_entry_sets_never_deadlock_and_never_share_an_entry()
    {
        var locks = new EntryWriteLocks();
        string[] names = ["a", "b", "c", "d", "e", "f"];
        var holders = new int[names.Length];
        int violations = 0;

        Task[] workers = Enumerable.Range(0, 8).Select(worker => Task.Run(async () =>
        {
            var random = new Random(worker);
            for (int round = 0; round < 300; round++)
            {
                string[] entries = names.OrderBy(_ => random.Next()).Take(random.Next(1, 4)).ToArray();
                using EntryWriteLocks.Lease lease = await locks.AcquireAsync("b", [.. entries], CancellationToken.None);
                foreach (string entry in entries)
                {
                    if (Interlocked.Increment(ref holders[Array.IndexOf(names, entry)]) != 1)
                    {
                        Interlocked.Increment(ref violations);
                    }
                }

                await Task.Yield();
                foreach (string entry in entries)
                {
                    Interlocked.Decrement(ref holders[Array.IndexOf(names, entry)]);
                }
            }
        })).ToArray();

        await Task.WhenAll(workers).WaitAsync(TimeSpan.FromSeconds(60));
        Assert.Equal(0, violations);
    }
}
