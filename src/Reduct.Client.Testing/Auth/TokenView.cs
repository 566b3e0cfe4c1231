namespace Reduct.Client.Testing.Auth;

/// <summary>A token with the values computed when it is read: its last use and whether it has expired.</summary>
internal readonly record struct TokenView(AccessToken Token, DateTimeOffset? LastAccess, bool IsExpired);
