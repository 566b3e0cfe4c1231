using Microsoft.Extensions.Logging;
using Reduct.Client.Diagnostics;
using Reduct.Client.Protocol;

namespace Reduct.Client.Http;

/// <summary>
/// Whether a body the client writes goes compressed (<see cref="ReductClientOptions.Compression"/>), for one server:
/// only to a server known to decode compressed bodies (API 1.21+), only from
/// <see cref="ReductClientOptions.CompressionMinimumSize"/> bytes on, and only when compression makes it smaller.
/// </summary>
internal sealed class RequestCompression
{
    private readonly ReductCompression _codec;
    private readonly int _minimumSize;
    private readonly ApiVersionTracker _versions;
    private readonly ILogger _logger;
    private int _olderServerLogged;

    public RequestCompression(ReductClientOptions options, ApiVersionTracker versions, ILogger logger)
    {
        _codec = options.Compression;
        _minimumSize = options.CompressionMinimumSize;
        _versions = versions;
        _logger = logger;
    }

    /// <summary>True when a body of this size would be compressed if the server decodes compressed bodies.</summary>
    public bool IsCandidate(long length) => BodyCompression.IsCandidate(_codec, _minimumSize, length);

    /// <summary>The compressed content for one body, or null to send it as it is.</summary>
    public HttpContent? TryCreate(ReadOnlySpan<byte> body) =>
        IsCandidate(body.Length) && ServerDecodes() && BodyCompression.Compress(_codec, body) is { } compressed
            ? new CompressedBodyContent(compressed, _codec, body.Length)
            : null;

    /// <summary>The compressed content for a batch's bodies, or null to send them as they are.</summary>
    public HttpContent? TryCreate(ArraySegment<PendingRecord> records, long length) =>
        IsCandidate(length) && ServerDecodes() && BodyCompression.Compress(_codec, records, length) is { } compressed
            ? new CompressedBodyContent(compressed, _codec, length)
            : null;

    private bool ServerDecodes()
    {
        if (_versions.IsKnownAtLeast(ApiFeature.CompressedBodies.SinceMinor))
        {
            return true;
        }

        if (_versions.Current is { } older && Interlocked.Exchange(ref _olderServerLogged, 1) == 0)
        {
            Log.CompressionNotSupportedByServer(_logger, _codec.ToString(), $"{older.Major}.{older.Minor}");
        }

        return false;
    }
}
