using System.Globalization;

namespace Reduct.Client.Http;

/// <summary>
/// Reads how long a server asked the client to wait: the standard <c>Retry-After</c> header, or the
/// <c>retry_after=&lt;n&gt;s</c> that ReductStore writes into the message of its 429 answers instead of a header
/// (protocol spec §7.1, §10).
/// </summary>
internal static class RetryAfterHint
{
    private const string MessageMarker = "retry_after=";

    /// <summary>The wait the response asks for, or null when it names none.</summary>
    public static TimeSpan? Of(HttpResponseMessage response)
    {
        if (response.Headers.RetryAfter is { } retryAfter)
        {
            if (retryAfter.Delta is { } delta)
            {
                return delta < TimeSpan.Zero ? TimeSpan.Zero : delta;
            }

            if (retryAfter.Date is { } date)
            {
                TimeSpan wait = date - DateTimeOffset.UtcNow;
                return wait < TimeSpan.Zero ? TimeSpan.Zero : wait;
            }
        }

        return response.Headers.TryGetValues("x-reduct-error", out IEnumerable<string>? messages)
            ? FromMessage(string.Join(", ", messages))
            : null;
    }

    /// <summary>The wait named by <c>retry_after=&lt;n&gt;s</c> in a server message, or null.</summary>
    public static TimeSpan? FromMessage(string? message)
    {
        if (message is null)
        {
            return null;
        }

        int start = message.IndexOf(MessageMarker, StringComparison.Ordinal);
        if (start < 0)
        {
            return null;
        }

        start += MessageMarker.Length;
        int end = start;
        while (end < message.Length && (char.IsAsciiDigit(message[end]) || message[end] == '.'))
        {
            end++;
        }

        return end > start
            && double.TryParse(message.AsSpan(start, end - start), NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out double seconds)
            && seconds < TimeSpan.MaxValue.TotalSeconds
            ? TimeSpan.FromSeconds(seconds)
            : null;
    }
}
