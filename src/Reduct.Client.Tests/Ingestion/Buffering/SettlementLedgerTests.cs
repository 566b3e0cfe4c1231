using Reduct.Client.Ingestion.Buffering;

namespace Reduct.Client.Tests.Ingestion.Buffering;

public class SettlementLedgerTests
{
    [Fact]
    public void A_flush_with_nothing_open_is_done_at_once()
    {
        var ledger = new SettlementLedger();

        Assert.True(ledger.WaitForAsync(100).IsCompletedSuccessfully);
    }

    [Fact]
    public void A_flush_waits_for_the_chunks_that_start_before_it_and_not_for_later_ones()
    {
        var ledger = new SettlementLedger();
        OutgoingBatch first = StageBatches.Of(0, "a");
        OutgoingBatch second = StageBatches.Of(10, "b");
        ledger.Open(0);
        ledger.Open(10);

        Task untilFirst = ledger.WaitForAsync(5);
        Task untilBoth = ledger.WaitForAsync(11);
        Task beforeAny = ledger.WaitForAsync(0);

        Assert.True(beforeAny.IsCompletedSuccessfully);
        Assert.False(untilFirst.IsCompleted);
        ledger.Settle(first);
        Assert.True(untilFirst.IsCompletedSuccessfully);
        Assert.False(untilBoth.IsCompleted);
        ledger.Settle(second);
        Assert.True(untilBoth.IsCompletedSuccessfully);
    }

    [Fact]
    public void A_chunk_settled_before_an_older_one_does_not_complete_a_flush_the_older_one_holds()
    {
        var ledger = new SettlementLedger();
        ledger.Open(0);
        ledger.Open(3);
        ledger.Open(7);
        Task flush = ledger.WaitForAsync(8);

        ledger.Settle(StageBatches.Of(7, "c"));
        ledger.Settle(StageBatches.Of(3, "b"));
        Assert.False(flush.IsCompleted);
        Assert.False(ledger.WaitForAsync(1).IsCompleted);
        Assert.True(ledger.WaitForAsync(0).IsCompletedSuccessfully);

        ledger.Settle(StageBatches.Of(0, "a"));
        Assert.True(flush.IsCompletedSuccessfully);
        Assert.True(ledger.WaitForAsync(long.MaxValue).IsCompletedSuccessfully);
    }

    [Fact]
    public void A_batch_of_several_chunks_settles_each_of_them()
    {
        var ledger = new SettlementLedger();
        ledger.Open(0);
        ledger.Open(1);
        ledger.Open(2);
        Task flush = ledger.WaitForAsync(3);

        ledger.Settle(StageBatches.Of(0, "a", "b", "c"));

        Assert.True(flush.IsCompletedSuccessfully);
    }
}
