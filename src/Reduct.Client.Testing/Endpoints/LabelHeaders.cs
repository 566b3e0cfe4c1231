using Reduct.Client.Testing.Http;

namespace Reduct.Client.Testing.Endpoints;

/// <summary>The <c>x-reduct-label-*</c> headers of a single-record write or label update.</summary>
internal static class LabelHeaders
{
    /// <summary>
    /// Reads the labels by name, lower-cased as HTTP header names are; empty values are kept (a write stores them,
    /// an update removes those labels).
    /// </summary>
    /// <exception cref="ReductErrorException">422 for a value that is not visible ASCII.</exception>
    public static Dictionary<string, string> Read(HttpRequest request)
    {
        var labels = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var header in request.Headers)
        {
            if (!header.Key.StartsWith(ReductHeaders.LabelPrefix, StringComparison.OrdinalIgnoreCase))
            {
                continue;
            }

            var headerName = header.Key.ToLowerInvariant();
            var value = header.Value.Count > 0 ? header.Value[0] ?? string.Empty : string.Empty;
            if (!HeaderText.IsVisibleAscii(value))
            {
                throw ReductErrorException.UnprocessableEntity($"Label values for {headerName} must be valid UTF-8 strings");
            }

            labels[headerName[ReductHeaders.LabelPrefix.Length..]] = value;
        }

        return labels;
    }
}
