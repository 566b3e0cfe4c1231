using Reduct.Client.Ingestion.Buffering;

namespace Reduct.Client.Tests.Ingestion.Buffering;

public class WriterAdmissionTests
{
    private static WriterAdmission Admission(int records = 4, long bytes = 100, IngestionWriterFullMode whenFull = IngestionWriterFullMode.Wait) =>
        new(new IngestionWriterOptions { MaxBufferedRecords = records, MaxBufferedBytes = bytes, WhenFull = whenFull }, "admission-tests");

    [Fact]
    public void Records_are_taken_up_to_the_record_limit()
    {
        WriterAdmission admission = Admission(records: 2);

        Assert.True(admission.TryTake("e", 1, 10));
        Assert.True(admission.TryTake("e", 2, 10));
        Assert.False(admission.TryTake("e", 3, 10));
        Assert.Equal((2, 20L), (admission.Records, admission.Bytes));
    }

    [Fact]
    public void Records_are_taken_up_to_the_byte_limit_and_a_record_always_fits_into_an_empty_buffer()
    {
        WriterAdmission admission = Admission(bytes: 100);

        Assert.True(admission.TryTake("e", 1, 150));
        Assert.False(admission.TryTake("e", 2, 1));
        admission.Release(1, 150);
        Assert.True(admission.TryTake("e", 3, 60));
        Assert.True(admission.TryTake("e", 4, 40));
        Assert.False(admission.TryTake("e", 5, 1));
        Assert.Equal((2, 100L), (admission.Records, admission.Bytes));
    }

    [Fact]
    public void A_writer_that_fails_fast_says_what_it_holds_and_which_record_it_refused()
    {
        WriterAdmission admission = Admission(records: 1, whenFull: IngestionWriterFullMode.Fail);
        Assert.True(admission.TryTake("e", 1, 10));

        IngestionBufferFullException error = Assert.Throws<IngestionBufferFullException>(() => admission.TryTake("temperature", 7, 10));

        Assert.Contains("holds 1 records (10 bytes)", error.Message, StringComparison.Ordinal);
        Assert.Contains("'temperature' at 7", error.Message, StringComparison.Ordinal);
        Assert.Equal((1, 10L), (admission.Records, admission.Bytes));
    }

    [Fact]
    public async Task A_waiting_producer_is_woken_once_the_buffer_drained_to_three_quarters()
    {
        WriterAdmission admission = Admission(records: 4, bytes: 1000);
        for (ulong i = 0; i < 4; i++)
        {
            Assert.True(admission.TryTake("e", i, 10));
        }

        Task room = admission.WaitForRoomAsync(10, CancellationToken.None);
        Assert.False(room.IsCompleted);

        // Four of four, then three of four: three quarters is where producers go on.
        admission.Release(1, 10);
        await room.WaitAsync(TimeSpan.FromSeconds(5));
        Assert.True(admission.TryTake("e", 9, 10));
    }

    [Fact]
    public async Task A_producer_that_starts_to_wait_after_the_last_release_does_not_wait()
    {
        WriterAdmission admission = Admission(records: 1);
        Assert.True(admission.TryTake("e", 1, 10));
        Assert.False(admission.TryTake("e", 2, 10));
        admission.Release(1, 10);

        await admission.WaitForRoomAsync(10, CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(5));
    }

    [Fact]
    public async Task Closing_wakes_the_waiting_producers_and_refuses_every_later_record()
    {
        WriterAdmission admission = Admission(records: 1);
        Assert.True(admission.TryTake("e", 1, 10));
        Task room = admission.WaitForRoomAsync(10, CancellationToken.None);

        admission.Close();

        await room.WaitAsync(TimeSpan.FromSeconds(5));
        Assert.Throws<ObjectDisposedException>(() => admission.TryTake("e", 2, 10));
    }

    [Fact]
    public async Task Producers_and_senders_at_once_leave_the_counts_at_zero_and_no_producer_waiting()
    {
        WriterAdmission admission = Admission(records: 8, bytes: 1_000_000);
        const int perProducer = 20_000;
        var taken = new System.Collections.Concurrent.BlockingCollection<int>();
        Task[] producers = [.. Enumerable.Range(0, 2).Select(p => Task.Run(async () =>
        {
            for (int i = 0; i < perProducer; i++)
            {
                while (!admission.TryTake("e", (ulong)i, 1 + (i % 7)))
                {
                    await admission.WaitForRoomAsync(1 + (i % 7), CancellationToken.None);
                }

                taken.Add(1 + (i % 7));
            }
        }))];
        Task sender = Task.Run(() =>
        {
            for (int i = 0; i < 2 * perProducer; i++)
            {
                admission.Release(1, taken.Take());
            }
        });

        await Task.WhenAll(producers).WaitAsync(TimeSpan.FromSeconds(60));
        await sender.WaitAsync(TimeSpan.FromSeconds(60));

        Assert.Equal((0, 0L), (admission.Records, admission.Bytes));
    }
}
