using System.Globalization;
using System.Net.Sockets;
using System.Text;
using Reduct.Client.Testing;

namespace Reduct.Client.Tests.ReferenceServer;

/// <summary>
/// One HTTP/1.1 exchange over a bare socket, for what HttpClient cannot do: byte-exact requests,
/// bodies that end early, oversized heads.
/// </summary>
internal sealed class RawSocketExchange : IDisposable
{
    private readonly TcpClient _client = new();
    private NetworkStream? _stream;

    private RawSocketExchange()
    {
    }

    public static async Task<RawSocketExchange> ConnectAsync(ReductTestServer server)
    {
        var exchange = new RawSocketExchange();
        await exchange._client.ConnectAsync(server.Url.Host, server.Url.Port);
        exchange._stream = exchange._client.GetStream();
        return exchange;
    }

    public Task SendAsync(string text) => SendAsync(Encoding.Latin1.GetBytes(text));

    public async Task SendAsync(byte[] bytes) => await _stream!.WriteAsync(bytes);

    /// <summary>Half-closes the connection: the server sees the end of the request stream.</summary>
    public void FinishSending() => _client.Client.Shutdown(SocketShutdown.Send);

    /// <summary>Drops the connection with a TCP reset, like a client that crashed.</summary>
    public void Reset()
    {
        _client.Client.LingerState = new LingerOption(true, 0);
        _client.Client.Close();
    }

    /// <summary>Reads one response: status line, headers and a Content-Length body.</summary>
    public async Task<RawResponse> ReadResponseAsync()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        var buffer = new List<byte>();
        var chunk = new byte[8192];
        int headEnd;
        while ((headEnd = IndexOfHeadEnd(buffer)) < 0)
        {
            var read = await _stream!.ReadAsync(chunk, timeout.Token);
            if (read == 0)
            {
                throw new IOException("Connection closed before a response head arrived: " + Encoding.Latin1.GetString(buffer.ToArray()));
            }

            buffer.AddRange(chunk.AsSpan(0, read));
        }

        var head = Encoding.Latin1.GetString(buffer.GetRange(0, headEnd).ToArray());
        var lines = head.Split("\r\n");
        var status = int.Parse(lines[0].Split(' ')[1], CultureInfo.InvariantCulture);
        var headers = lines.Skip(1)
            .Select(l => (Name: l[..l.IndexOf(':', StringComparison.Ordinal)], Value: l[(l.IndexOf(':', StringComparison.Ordinal) + 1)..].Trim()))
            .ToList();
        var lengthHeader = headers.FirstOrDefault(h => h.Name.Equals("content-length", StringComparison.OrdinalIgnoreCase)).Value;
        var length = lengthHeader is null ? 0 : int.Parse(lengthHeader, CultureInfo.InvariantCulture);
        var body = buffer.Skip(headEnd + 4).ToList();
        while (body.Count < length)
        {
            var read = await _stream!.ReadAsync(chunk, timeout.Token);
            if (read == 0)
            {
                break;
            }

            body.AddRange(chunk.AsSpan(0, read));
        }

        return new RawResponse(status, headers, Encoding.UTF8.GetString(body.ToArray()));
    }

    public void Dispose()
    {
        _stream?.Dispose();
        _client.Dispose();
    }

    private static int IndexOfHeadEnd(List<byte> buffer)
    {
        for (var i = 0; i + 3 < buffer.Count; i++)
        {
            if (buffer[i] == '\r' && buffer[i + 1] == '\n' && buffer[i + 2] == '\r' && buffer[i + 3] == '\n')
            {
                return i;
            }
        }

        return -1;
    }
}
