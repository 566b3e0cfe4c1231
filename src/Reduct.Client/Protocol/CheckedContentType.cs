namespace Reduct.Client.Protocol;

/// <summary>
/// Remembers the last content type that passed the batch rules, so that a producer adding many records with the
/// same content type string pays for the check once: strings cannot change, so the same reference needs no
/// second look.
/// </summary>
internal struct CheckedContentType
{
    private string? _lastAccepted;

    /// <summary>Checks <paramref name="contentType"/> against the batch rules unless it is the one accepted last.</summary>
    /// <exception cref="ArgumentException">The content type cannot be batched.</exception>
    public void Validate(string? contentType, string paramName)
    {
        if (contentType is null || ReferenceEquals(contentType, _lastAccepted))
        {
            return;
        }

        HeaderValueRules.ValidateBatchContentType(contentType, paramName);
        _lastAccepted = contentType;
    }
}
