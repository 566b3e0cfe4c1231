namespace Reduct.Client.Tests.Interop;

/// <summary>A per-record error of a batch write, as the manifest states it and as both SDKs report it.</summary>
/// <param name="Entry">The record's entry.</param>
/// <param name="Ts">The record's timestamp, as a decimal string.</param>
/// <param name="Status">The HTTP status the server gave the record.</param>
/// <param name="Message">The server's message.</param>
public sealed record InteropError(string Entry, string Ts, int Status, string Message)
{
    /// <summary>How mismatch messages name the record.</summary>
    public string Subject => $"{Entry}@{Ts}";

    /// <inheritdoc/>
    public override string ToString() => $"{Subject}: {Status} {Message}";
}
