using System.Text;
using Microsoft.Extensions.Logging.Abstractions;
using Reduct.Client.Http;
using Reduct.Client.Protocol;
using Reduct.Client.Testing;
using Reduct.Client.Writing;

namespace Reduct.Client.Tests.Integration;

/// <summary>A batch call's first request built ahead of the call (what the writer does while the request before is on the wire).</summary>
public class PreparedBatchRequestTests
{
    private static readonly Labels SensorLabels = new() { ["site"] = "north", ["unit"] = "c" };

    [Theory]
    [InlineData("1.21")]
    [InlineData("1.17")]
    public async Task A_prepared_request_goes_out_as_the_call_would_have_built_it(string apiVersion)
    {
        await using var context = await ServerAndBucket.StartAsync("prepared", new ReductTestServerOptions { ApiVersion = apiVersion });
        using ReductHttpPipeline pipeline = NewPipeline(context.Server);
        var sender = new BatchSender(pipeline, "prepared");
        await pipeline.EnsureApiVersionKnownAsync(CancellationToken.None);

        // Two calls of the same shape a second apart: one built when it is sent, one built ahead.
        RecordBuffer built = Records(1_000_000UL, 10);
        RecordBuffer ahead = Records(2_000_000UL, 10);
        context.Server.Statistics.Reset();
        Assert.Empty(await sender.SendAsync(["sensor"], built.Records, built.IsInSendOrder, CancellationToken.None));
        long builtHead = context.Server.Statistics.RequestHeadBytes;

        PreparedBatchRequest? prepared = sender.Prepare(["sensor"], ahead.Records, ahead.IsInSendOrder);
        Assert.NotNull(prepared);
        context.Server.Statistics.Reset();
        Assert.Empty(await sender.SendAsync(["sensor"], ahead.Records, ahead.IsInSendOrder, CancellationToken.None, prepared: prepared));

        Assert.Equal(1, context.Server.Statistics.RequestCount);
        Assert.Equal(builtHead, context.Server.Statistics.RequestHeadBytes);
        IReadOnlyList<StoredRecord> stored = context.Server.Storage.GetRecords("prepared", "sensor");
        Assert.Equal(20, stored.Count);
        StoredRecord last = context.Server.Storage.FindRecord("prepared", "sensor", 2_000_009UL)!;
        Assert.Equal("9", Encoding.ASCII.GetString(last.ReadData()));
        Assert.Equal("text/plain", last.ContentType);
        Assert.Equal("north", last.Labels["site"]);
    }

    [Fact]
    public async Task A_request_prepared_for_other_records_is_not_sent()
    {
        await using var context = await ServerAndBucket.StartAsync("prepared", new ReductTestServerOptions());
        using ReductHttpPipeline pipeline = NewPipeline(context.Server);
        var sender = new BatchSender(pipeline, "prepared");
        await pipeline.EnsureApiVersionKnownAsync(CancellationToken.None);
        RecordBuffer first = Records(1_000_000UL, 10);
        RecordBuffer second = Records(2_000_000UL, 5);

        PreparedBatchRequest? prepared = sender.Prepare(["sensor"], first.Records, first.IsInSendOrder);
        Assert.NotNull(prepared);
        Assert.Empty(await sender.SendAsync(["sensor"], second.Records, second.IsInSendOrder, CancellationToken.None, prepared: prepared));

        // Only the call's own records: the request built for others was left out, not sent in their place.
        Assert.Equal(5, context.Server.Storage.GetRecords("prepared", "sensor").Count);
        Assert.Null(context.Server.Storage.FindRecord("prepared", "sensor", 1_000_000UL));
    }

    [Fact]
    public async Task Nothing_is_prepared_before_the_servers_version_is_known()
    {
        await using var context = await ServerAndBucket.StartAsync("prepared", new ReductTestServerOptions());
        using ReductHttpPipeline pipeline = NewPipeline(context.Server);
        var sender = new BatchSender(pipeline, "prepared");
        RecordBuffer records = Records(1_000_000UL, 3);

        // Whether the request is v1 or v2 depends on the version: it cannot be built yet.
        Assert.Null(sender.Prepare(["sensor"], records.Records, records.IsInSendOrder));
    }

    private static ReductHttpPipeline NewPipeline(ReductTestServer server)
    {
        var options = new ReductClientOptions { Url = server.Url };
        return new ReductHttpPipeline(new HttpClient(), ownsHttpClient: true, server.Url, options, NullLogger.Instance);
    }

    private static RecordBuffer Records(ulong start, int count)
    {
        var buffer = new RecordBuffer();
        IReadOnlyDictionary<string, string>? labels = LabelSnapshot.Of(SensorLabels, "labels");
        for (int i = 0; i < count; i++)
        {
            Assert.True(buffer.TryAdd(0, start + (ulong)i, Encoding.ASCII.GetBytes(i.ToString(System.Globalization.CultureInfo.InvariantCulture)), "text/plain", labels));
        }

        return buffer;
    }
}
