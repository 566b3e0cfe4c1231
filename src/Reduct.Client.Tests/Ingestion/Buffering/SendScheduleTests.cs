using Reduct.Client.Ingestion.Buffering;

namespace Reduct.Client.Tests.Ingestion.Buffering;

public class SendScheduleTests
{
    [Fact]
    public void Two_batches_of_one_entry_are_never_in_flight_together()
    {
        var schedule = new SendSchedule(slots: 2);
        OutgoingBatch first = StageBatches.Of(0, "a");
        OutgoingBatch second = StageBatches.Of(1, "a");
        Assert.True(schedule.Add(first, "a"));
        Assert.True(schedule.TryStart(out OutgoingBatch? started));
        Assert.Same(first, started);

        // A slot is free, but the entry is in flight: the batch waits for the slot that sends the first.
        Assert.False(schedule.Add(second, "a"));
        Assert.False(schedule.CanStartNow("a"));
        Assert.False(schedule.TryStart(out _));
        Assert.True(schedule.HasFreeSlot);

        Assert.True(schedule.FinishAndTryStartNext(first, out OutgoingBatch? next));
        Assert.Same(second, next);
    }

    [Fact]
    public void Batches_of_other_entries_go_in_parallel_up_to_the_slot_count()
    {
        var schedule = new SendSchedule(slots: 2);
        OutgoingBatch a = StageBatches.Of(0, "a");
        OutgoingBatch b = StageBatches.Of(1, "b");
        OutgoingBatch c = StageBatches.Of(2, "c");
        Assert.True(schedule.Add(a, "a"));
        schedule.Add(b);
        schedule.Add(c);

        Assert.True(schedule.TryStart(out OutgoingBatch? first));
        Assert.True(schedule.TryStart(out OutgoingBatch? second));
        Assert.False(schedule.TryStart(out _));
        Assert.Equal([a, b], new[] { first, second });
        Assert.False(schedule.HasFreeSlot);
        Assert.False(schedule.CanStartNow("d"));
    }

    [Fact]
    public void A_batch_passed_over_holds_back_the_later_batches_of_its_entries()
    {
        // "a" is in flight; the ready batch of "a" and "b" waits for it, so the later one of "b" must wait too,
        // or "b"'s requests would go out in another order than they were made.
        var schedule = new SendSchedule(slots: 2);
        OutgoingBatch inFlight = StageBatches.Of(0, "a");
        OutgoingBatch shared = StageBatches.Of(1, "a", "b");
        OutgoingBatch laterOfB = StageBatches.Of(3, "b");
        OutgoingBatch other = StageBatches.Of(4, "c");
        schedule.Add(inFlight);
        Assert.True(schedule.TryStart(out _));
        schedule.Add(shared);
        schedule.Add(laterOfB);
        schedule.Add(other);

        Assert.True(schedule.TryStart(out OutgoingBatch? started));
        Assert.Same(other, started);

        schedule.FinishAndTryStartNext(other, out OutgoingBatch? next);
        Assert.Null(next);
        Assert.True(schedule.FinishAndTryStartNext(inFlight, out next));
        Assert.Same(shared, next);
        Assert.True(schedule.FinishAndTryStartNext(shared, out next));
        Assert.Same(laterOfB, next);
        Assert.False(schedule.FinishAndTryStartNext(laterOfB, out _));
        Assert.True(schedule.IsIdle);
    }

    [Fact]
    public void The_batch_to_prepare_is_the_oldest_ready_one_held_back_only_by_the_sent_entry()
    {
        var schedule = new SendSchedule(slots: 2);
        OutgoingBatch sent = StageBatches.Of(0, "a");
        OutgoingBatch next = StageBatches.Of(1, "a");
        schedule.Add(sent);
        Assert.True(schedule.TryStart(out _));
        schedule.Add(next);

        Assert.Same(next, schedule.FollowingOf(sent));

        // A free batch ahead of it could be taken by this slot or another: nothing is certain then.
        var withFreeAhead = new SendSchedule(slots: 1);
        OutgoingBatch sentToo = StageBatches.Of(0, "a");
        withFreeAhead.Add(sentToo);
        Assert.True(withFreeAhead.TryStart(out _));
        withFreeAhead.Add(StageBatches.Of(1, "b"));
        withFreeAhead.Add(StageBatches.Of(2, "a"));
        Assert.Null(withFreeAhead.FollowingOf(sentToo));
    }

    [Fact]
    public void Busy_entries_are_those_in_flight_and_those_ready()
    {
        var schedule = new SendSchedule(slots: 1);
        schedule.Add(StageBatches.Of(0, "a"));
        Assert.True(schedule.TryStart(out _));
        schedule.Add(StageBatches.Of(1, "b", "c"));
        var busy = new HashSet<string>(StringComparer.Ordinal);

        schedule.CopyBusyEntries(busy);

        Assert.Equal(["a", "b", "c"], busy.Order(StringComparer.Ordinal));
    }
}
