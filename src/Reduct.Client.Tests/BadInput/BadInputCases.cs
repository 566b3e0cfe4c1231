using System.Text;
using Reduct.Client.Tests.Integration;

namespace Reduct.Client.Tests.BadInput;

/// <summary>The bad-input matrix: every row must fail with a clear exception before a request is sent.</summary>
internal static class BadInputCases
{
    private static readonly byte[] Body = Encoding.ASCII.GetBytes("body");

    public static readonly IReadOnlyList<BadInputCase> All =
    [
        // Bucket names.
        new("bucket name with a space", (c, _) => c.CreateBucketAsync("my bucket"), typeof(ArgumentException), "name"),
        new("bucket name with a slash", (c, _) => c.CreateBucketAsync("a/b"), typeof(ArgumentException), "name"),
        new("empty bucket name", (c, _) => c.GetBucketAsync(string.Empty), typeof(ArgumentException), "name"),
        new("null bucket name", (c, _) => c.CreateBucketAsync(null!), typeof(ArgumentNullException), "name"),
        new("bucket name with CR/LF", (c, _) => Task.FromResult(c.GetBucket("b\r\nX-Injected: 1")), typeof(ArgumentException), "name"),

        // Entry names.
        new("entry name with a space", (_, b) => b.WriteAsync("my entry", Body), typeof(ArgumentException), "entry"),
        new("entry name starting with a slash", (_, b) => b.WriteAsync("/e", Body), typeof(ArgumentException), "entry"),
        new("entry name with an empty segment", (_, b) => b.WriteAsync("a//b", Body), typeof(ArgumentException), "entry"),
        new("entry name routed elsewhere", (_, b) => b.WriteAsync("a/batch", Body), typeof(ArgumentException), "entry"),
        new("entry name with a query", (_, b) => b.WriteAsync("e?ts=1", Body), typeof(ArgumentException), "entry"),
        new("null entry name", (_, b) => b.WriteAsync(null!, Body), typeof(ArgumentNullException), "entry"),
        new("bad entry name in a batch", (_, b) => b.WriteBatchAsync("bad entry", OneRecordBatch()), typeof(ArgumentException), "entry"),
        new("bad entry name in a record batch", (_, b) => b.WriteBatchAsync(RecordBatchWith("bad entry")), typeof(ArgumentException), "entry"),

        // Label names and values.
        new("upper-case label name", (_, b) => b.WriteAsync("e", Body, options: Labelled("Camera", "front")), typeof(ArgumentException), "name"),
        new("label name with a space", (_, b) => b.WriteAsync("e", Body, options: Labelled("my label", "x")), typeof(ArgumentException), "name"),
        new("label value with CR/LF", (_, b) => b.WriteAsync("e", Body, options: Labelled("note", "x\r\nx-reduct-label-admin: true")), typeof(ArgumentException), "value"),
        new("label value with a NUL", (_, b) => b.WriteAsync("e", Body, options: Labelled("note", "a\0b")), typeof(ArgumentException), "value"),
        new("label value with a tab", (_, b) => b.WriteAsync("e", Body, options: Labelled("note", "a\tb")), typeof(ArgumentException), "value"),
        new("non-ASCII label value", (_, b) => b.WriteAsync("e", Body, options: Labelled("city", "Zürich")), typeof(ArgumentException), "value"),
        new("label value with surrounding spaces", (_, b) => b.WriteAsync("e", Body, options: Labelled("note", " x ")), typeof(ArgumentException), "value"),
        new("batched label value with a quote", (_, b) => b.WriteBatchAsync("e", BatchWithLabel("say \"hi\"")), typeof(ArgumentException), "labels"),
        new("more labels than the server's header count allows", (_, b) => b.WriteAsync("e", Body, options: ManyLabels(count: 90, valueSize: 1)), typeof(ArgumentException), "options.Labels"),
        new("labels larger than the header size limit", (_, b) => b.WriteAsync("e", Body, options: ManyLabels(count: 2, valueSize: 40_000)), typeof(ArgumentException), "options.Labels"),

        // Content types.
        new("content type with CR/LF", (_, b) => b.WriteAsync("e", Body, options: new RecordWriteOptions { ContentType = "text/plain\r\nX-Injected: 1" }), typeof(ArgumentException), "options.ContentType"),
        new("content type with a control character", (_, b) => b.WriteAsync("e", Body, options: new RecordWriteOptions { ContentType = "text/\u0001plain" }), typeof(ArgumentException), "options.ContentType"),
        new("non-ASCII content type", (_, b) => b.WriteAsync("e", Body, options: new RecordWriteOptions { ContentType = "text/plän" }), typeof(ArgumentException), "options.ContentType"),
        new("empty content type", (_, b) => b.WriteAsync("e", Body, options: new RecordWriteOptions { ContentType = string.Empty }), typeof(ArgumentException), "options.ContentType"),
        new("batched content type with a comma", (_, b) => b.WriteBatchAsync("e", BatchWithContentType("a,b")), typeof(ArgumentException), "contentType"),

        // Timestamps out of range: before the Unix epoch nothing can be expressed.
        new("timestamp before 1970 from DateTimeOffset", (_, b) => b.WriteAsync("e", Body, new DateTimeOffset(1969, 12, 31, 23, 59, 59, TimeSpan.Zero)), typeof(ArgumentOutOfRangeException), "value"),
        new("timestamp before 1970 from DateTime", (_, b) => b.WriteAsync("e", Body, new DateTime(1900, 1, 1, 0, 0, 0, DateTimeKind.Utc)), typeof(ArgumentOutOfRangeException), "value"),
        new("timestamp before 1970 from text", (_, b) => b.WriteAsync("e", Body, ReductTimestamp.Parse("1960-05-01T00:00:00Z")), typeof(ArgumentOutOfRangeException), "value"),
        new("timestamp that is not ISO 8601", (_, b) => b.WriteAsync("e", Body, ReductTimestamp.Parse("yesterday")), typeof(ArgumentException), "value"),

        // Null and out-of-range arguments.
        new("null string body", (_, b) => b.WriteAsync("e", (string)null!), typeof(ArgumentNullException), "data"),
        new("null stream", (_, b) => b.WriteAsync("e", (Stream)null!), typeof(ArgumentNullException), "data"),
        new("null chunks", (_, b) => b.WriteAsync("e", (IAsyncEnumerable<ReadOnlyMemory<byte>>)null!, 4), typeof(ArgumentNullException), "chunks"),
        new("null batch", (_, b) => b.WriteBatchAsync("e", null!), typeof(ArgumentNullException), "batch"),
        new("null record batch", (_, b) => b.WriteBatchAsync(null!), typeof(ArgumentNullException), "batch"),
        new("negative content length", (_, b) => b.WriteAsync("e", new MemoryStream(Body), contentLength: -1), typeof(ArgumentOutOfRangeException), "contentLength"),
        new("stream that cannot seek, without a length", (_, b) => b.WriteAsync("e", new ForwardOnlyStream(Body)), typeof(ArgumentException), "data"),
        new("stream that cannot be read", (_, b) => b.WriteAsync("e", new WriteOnlyStream(), contentLength: 4), typeof(ArgumentException), "data"),
        new("two records at one timestamp in a batch", (_, b) => b.WriteBatchAsync("e", DuplicateBatch()), typeof(ArgumentException), "timestamp"),

        // A disposed client, and the handles it gave out.
        new("disposed client", (c, _) => Disposed(c).GetInfoAsync(), typeof(ObjectDisposedException), null),
        new("bucket of a disposed client", (c, b) => DisposedBucket(c, b).WriteAsync("e", Body), typeof(ObjectDisposedException), null),
        new("batch through a disposed client", (c, b) => DisposedBucket(c, b).WriteBatchAsync("e", OneRecordBatch()), typeof(ObjectDisposedException), null),
        new("new bucket handle from a disposed client", (c, _) => Task.FromResult(Disposed(c).GetBucket("b")), typeof(ObjectDisposedException), null),
    ];

    public static TheoryData<string> Names() => new(All.Select(c => c.Name));

    private static RecordWriteOptions Labelled(string name, string value) => new() { Labels = new Labels { [name] = value } };

    private static RecordWriteOptions ManyLabels(int count, int valueSize)
    {
        var labels = new Labels();
        for (int i = 0; i < count; i++)
        {
            labels[$"label-{i}"] = new string('v', valueSize);
        }

        return new RecordWriteOptions { Labels = labels };
    }

    private static Batch OneRecordBatch()
    {
        var batch = new Batch();
        batch.Add(1UL, Body);
        return batch;
    }

    private static RecordBatch RecordBatchWith(string entry)
    {
        var batch = new RecordBatch();
        batch.Add(entry, 1UL, Body);
        return batch;
    }

    private static Batch BatchWithLabel(string value)
    {
        var batch = new Batch();
        batch.Add(1UL, Body, labels: new Labels { ["note"] = value });
        return batch;
    }

    private static Batch BatchWithContentType(string contentType)
    {
        var batch = new Batch();
        batch.Add(1UL, Body, contentType);
        return batch;
    }

    private static Batch DuplicateBatch()
    {
        var batch = new Batch();
        batch.Add(1UL, Body);
        batch.Add(1UL, Body);
        return batch;
    }

    private static ReductClient Disposed(ReductClient live)
    {
        var client = new ReductClient(live.Url);
        client.Dispose();
        return client;
    }

    private static Bucket DisposedBucket(ReductClient live, Bucket bucket)
    {
        var client = new ReductClient(live.Url);
        Bucket handle = client.GetBucket(bucket.Name);
        client.Dispose();
        return handle;
    }

    private sealed class WriteOnlyStream : MemoryStream
    {
        public override bool CanRead => false;
    }
}
