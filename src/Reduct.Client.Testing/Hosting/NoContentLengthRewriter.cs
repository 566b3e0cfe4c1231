using System.Buffers;
using System.IO.Pipelines;
using Microsoft.AspNetCore.Connections;
using Microsoft.AspNetCore.Server.Kestrel.Core;

namespace Reduct.Client.Testing.Hosting;

/// <summary>
/// The real server answers an exhausted query with <c>204 No Content</c> and <c>content-length: 24</c> (the length
/// of the JSON detail its HTTP layer then drops). Kestrel refuses a Content-Length on a 204, so such a response
/// carries <see cref="MarkerHeader"/> instead, and this connection middleware renames it on the wire to
/// <c>content-length</c>. Every response passes through it; only that header line is changed.
/// </summary>
internal static class NoContentLengthRewriter
{
    /// <summary>Set on a 204 instead of Content-Length.</summary>
    public const string MarkerHeader = "x-reduct-twin-content-length";

    private static readonly byte[] MarkerLine = "\r\nx-reduct-twin-content-length: "u8.ToArray();
    private static readonly byte[] ReplacementLine = "\r\ncontent-length: "u8.ToArray();

    public static void Install(ListenOptions listen) => listen.Use(next => async connection =>
    {
        var original = connection.Transport;
        var output = new Pipe();
        connection.Transport = new DuplexPipe(original.Input, output.Writer);
        var pump = PumpAsync(output.Reader, original.Output);
        try
        {
            await next(connection).ConfigureAwait(false);
        }
        finally
        {
            await output.Writer.CompleteAsync().ConfigureAwait(false);
            await pump.ConfigureAwait(false);
            connection.Transport = original;
        }
    });

    private static async Task PumpAsync(PipeReader reader, PipeWriter writer)
    {
        try
        {
            while (true)
            {
                var result = await reader.ReadAsync().ConfigureAwait(false);
                var buffer = result.Buffer;
                Forward(buffer, writer);
                reader.AdvanceTo(buffer.End);
                var flush = await writer.FlushAsync().ConfigureAwait(false);
                if (result.IsCompleted || flush.IsCompleted)
                {
                    break;
                }
            }
        }
        catch (Exception exception) when (exception is IOException or ConnectionResetException or ObjectDisposedException or InvalidOperationException)
        {
            // The connection went away; Kestrel notices on its own.
        }
        finally
        {
            await reader.CompleteAsync().ConfigureAwait(false);
        }
    }

    /// <summary>Copies the bytes, renaming every marker line. A response head is written in one piece, so a marker is never split.</summary>
    private static void Forward(ReadOnlySequence<byte> buffer, PipeWriter writer)
    {
        if (buffer.IsEmpty)
        {
            return;
        }

        ReadOnlySpan<byte> bytes = buffer.IsSingleSegment ? buffer.FirstSpan : buffer.ToArray();
        int at;
        while ((at = bytes.IndexOf(MarkerLine)) >= 0)
        {
            writer.Write(bytes[..at]);
            writer.Write(ReplacementLine);
            bytes = bytes[(at + MarkerLine.Length)..];
        }

        writer.Write(bytes);
    }

    private sealed class DuplexPipe(PipeReader input, PipeWriter output) : IDuplexPipe
    {
        public PipeReader Input { get; } = input;

        public PipeWriter Output { get; } = output;
    }
}
