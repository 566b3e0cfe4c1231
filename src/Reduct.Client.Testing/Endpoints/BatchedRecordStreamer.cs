using Reduct.Client.Testing.Hosting;
using Reduct.Client.Testing.Http;
using Reduct.Client.Testing.Protocol;
using Reduct.Client.Testing.Storage;

namespace Reduct.Client.Testing.Endpoints;

/// <summary>
/// The body phase shared by both batch protocols: records are stored one after the other as their
/// bytes arrive. A record that fails its storage checks gets a per-record error and its bytes are
/// read and dropped. When the body breaks off, finished records stay, the record in progress is
/// left errored and later ones are not written.
/// </summary>
internal static class BatchedRecordStreamer
{
    /// <summary>Streams the records; returns false when the connection was aborted on purpose (no response).</summary>
    /// <param name="server">The server.</param>
    /// <param name="context">The request.</param>
    /// <param name="bucket">Target bucket.</param>
    /// <param name="records">Records in body order: entry name, timestamp, header.</param>
    /// <param name="onRecordError">Receives the position in <paramref name="records"/> and the error of each failed record.</param>
    /// <exception cref="ReductErrorException">400 when the body broke off.</exception>
    public static async Task<bool> StreamAsync(
        ServerContext server,
        HttpContext context,
        string bucket,
        IReadOnlyList<(string Entry, ulong Timestamp, BatchedRecordHeader Header)> records,
        Action<int, ReductErrorException> onRecordError)
    {
        using var body = server.OpenWriteBody(context);
        for (var i = 0; i < records.Count; i++)
        {
            var (entry, timestamp, header) = records[i];
            RecordWriter? writer = null;
            try
            {
                writer = server.Engine.BeginWrite(bucket, entry, timestamp, header.Length, header.ContentType, header.Labels, server.Version.HasHierarchicalEntries);
            }
            catch (ReductErrorException exception)
            {
                onRecordError(i, exception);
            }

            try
            {
                await body.CopyAsync(writer, header.Length).ConfigureAwait(false);
                writer?.Complete();
            }
            catch (BodyReadException exception)
            {
                writer?.Fail();
                if (exception.Failure == BodyFailure.InjectedAbort)
                {
                    context.Abort();
                    return false;
                }

                throw exception.ToResponseError();
            }
            finally
            {
                writer?.Dispose();
            }
        }

        // Without Content-Length framing the client may send more than announced; it is ignored.
        if (context.Request.ContentLength is null)
        {
            await body.DrainAsync().ConfigureAwait(false);
        }

        return true;
    }
}
