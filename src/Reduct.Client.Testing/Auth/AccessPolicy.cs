namespace Reduct.Client.Testing.Auth;

/// <summary>What an endpoint requires of the caller's token.</summary>
internal enum AccessPolicy
{
    /// <summary>No token needed (<c>/alive</c>, <c>/ready</c>).</summary>
    Anonymous,

    /// <summary>Any valid token.</summary>
    Authenticated,

    /// <summary>A full-access token.</summary>
    FullAccess,

    /// <summary>Read permission on the bucket.</summary>
    Read,

    /// <summary>Write permission on the bucket.</summary>
    Write,
}
