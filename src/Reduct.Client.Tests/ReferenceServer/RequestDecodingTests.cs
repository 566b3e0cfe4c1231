using System.IO.Compression;
using System.Text;
using Reduct.Client.Testing;

namespace Reduct.Client.Tests.ReferenceServer;

/// <summary>
/// Request bodies with <c>Content-Encoding</c> (write spec §6.3): decoded from API 1.21 on, with the size taken from
/// <c>x-reduct-content-length</c>; an unknown encoding is the decompression layer's bare 415; older servers store the
/// encoded bytes as they are.
/// </summary>
public sealed class RequestDecodingTests
{
    private static readonly byte[] Body = Encoding.UTF8.GetBytes(string.Concat(Enumerable.Repeat("temperature=21.5;", 40)));

    [Fact]
    public async Task A_gzip_single_write_is_stored_decoded()
    {
        await using var server = await StartAsync("1.21");
        using var client = RawHttp.CreateClient(server);

        using var response = await client.SendAsync(Encoded("api/v1/b/data/e?ts=1", Gzip(Body), "gzip", Body.Length));

        await RawHttp.AssertOkAsync(response);
        Assert.Equal(Body, Assert.Single(server.Storage.GetRecords("data", "e")).ReadData());
        Assert.Equal(1, server.Statistics.EncodedRequestCount);
        Assert.Equal(Gzip(Body).Length, server.Statistics.EncodedBodyBytes);
        Assert.Equal(Body.Length, server.Statistics.BodyBytes);
        Assert.Equal(Gzip(Body).Length, server.Statistics.WireBodyBytes);
    }

    [Fact]
    public async Task A_zstd_v2_batch_is_stored_decoded()
    {
        await using var server = await StartAsync("1.21");
        using var client = RawHttp.CreateClient(server);
        byte[] both = [.. Body, .. Body];
        HttpRequestMessage request = Encoded("api/v1/io/data/write", Zstd(both), "zstd", both.Length);
        request.Headers.TryAddWithoutValidation("x-reduct-entries", "a,b");
        request.Headers.TryAddWithoutValidation("x-reduct-start-ts", "10");
        request.Headers.TryAddWithoutValidation("x-reduct-0-0", $"{Body.Length},text/plain");
        request.Headers.TryAddWithoutValidation("x-reduct-1-0", $"{Body.Length},");

        using var response = await client.SendAsync(request);

        await RawHttp.AssertOkAsync(response);
        Assert.Empty(response.RecordErrors());
        Assert.Equal(Body, Assert.Single(server.Storage.GetRecords("data", "a")).ReadData());
        Assert.Equal(Body, Assert.Single(server.Storage.GetRecords("data", "b")).ReadData());
    }

    [Fact]
    public async Task A_decoded_single_write_without_x_reduct_content_length_is_422()
    {
        await using var server = await StartAsync("1.21");
        using var client = RawHttp.CreateClient(server);

        using var response = await client.SendAsync(Encoded("api/v1/b/data/e?ts=1", Gzip(Body), "gzip", decodedLength: null));

        await RawHttp.AssertErrorAsync(response, 422, "content-length header is required");
        Assert.Empty(server.Storage.GetRecords("data", "e"));
    }

    [Fact]
    public async Task An_unknown_encoding_is_a_bare_415()
    {
        await using var server = await StartAsync("1.21");
        using var client = RawHttp.CreateClient(server);

        using var response = await client.SendAsync(Encoded("api/v1/b/data/e?ts=1", Body, "br", Body.Length));

        Assert.Equal(415, (int)response.StatusCode);
        Assert.Null(response.Header("x-reduct-error"));
        Assert.Empty(server.Storage.GetRecords("data", "e"));
    }

    [Fact]
    public async Task A_body_that_does_not_decode_is_400_and_nothing_is_stored()
    {
        await using var server = await StartAsync("1.21");
        using var client = RawHttp.CreateClient(server);
        byte[] broken = Gzip(Body);
        broken[12] ^= 0xFF;
        broken[20] ^= 0xFF;

        using var response = await client.SendAsync(Encoded("api/v1/b/data/e?ts=1", broken, "gzip", Body.Length));

        Assert.Equal(400, (int)response.StatusCode);
        Assert.StartsWith("Failed to decode the request body", response.Header("x-reduct-error"), StringComparison.Ordinal);
        await server.Statistics.WaitForIdleAsync();
        Assert.Empty(server.Storage.GetRecords("data", "e"));
    }

    [Fact]
    public async Task A_server_before_1_21_stores_the_encoded_bytes_as_they_are()
    {
        await using var server = await StartAsync("1.20");
        using var client = RawHttp.CreateClient(server);
        byte[] gzip = Gzip(Body);

        using var response = await client.SendAsync(Encoded("api/v1/b/data/e?ts=1", gzip, "gzip", Body.Length));

        await RawHttp.AssertOkAsync(response);
        Assert.Equal(gzip, Assert.Single(server.Storage.GetRecords("data", "e")).ReadData());
        Assert.Equal(0, server.Statistics.EncodedRequestCount);
    }

    private static async Task<ReductTestServer> StartAsync(string apiVersion)
    {
        ReductTestServer server = await ReductTestServer.StartAsync(new ReductTestServerOptions { ApiVersion = apiVersion });
        using var client = RawHttp.CreateClient(server);
        await client.CreateBucketAsync("data");
        server.Statistics.Reset();
        return server;
    }

    private static HttpRequestMessage Encoded(string path, byte[] encoded, string encoding, long? decodedLength)
    {
        HttpRequestMessage request = RawHttp.Request(HttpMethod.Post, path, encoded);
        request.Content!.Headers.ContentEncoding.Add(encoding);
        if (decodedLength is { } length)
        {
            request.Headers.TryAddWithoutValidation("x-reduct-content-length", length.ToString(System.Globalization.CultureInfo.InvariantCulture));
        }

        return request;
    }

    private static byte[] Gzip(byte[] data)
    {
        using var output = new MemoryStream();
        using (var gzip = new GZipStream(output, CompressionLevel.Optimal, leaveOpen: true))
        {
            gzip.Write(data);
        }

        return output.ToArray();
    }

    private static byte[] Zstd(byte[] data)
    {
        using var compressor = new ZstdSharp.Compressor();
        return compressor.Wrap(data).ToArray();
    }
}
