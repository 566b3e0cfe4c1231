using System.Net;
using System.Net.Http.Json;
using Reduct.Client.Http;
using Reduct.Client.Protocol;

namespace Reduct.Client;

/// <summary>The token API (<c>/api/v1/tokens</c>): every call needs a token with full access.</summary>
public partial class ReductClient
{
    /// <summary>Lists the server's tokens, sorted by name (<c>GET /api/v1/tokens</c>). Secrets are never returned.</summary>
    /// <remarks>With authentication disabled on the server the list is empty.</remarks>
    /// <exception cref="ReductException">403 without full access, or another error.</exception>
    public virtual async Task<IReadOnlyList<TokenInfo>> ListTokensAsync(CancellationToken cancellationToken = default)
    {
        TokenList list = await Pipeline.GetJsonAsync("tokens", ReductJsonContext.Default.TokenList, cancellationToken).ConfigureAwait(false);
        return list.Tokens;
    }

    /// <summary>Gets one token's permissions and limits (<c>GET /api/v1/tokens/{name}</c>); never its secret.</summary>
    /// <param name="name">The token's name.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <exception cref="ArgumentException">The name is empty, <c>.</c> or <c>..</c>, or holds a control character.</exception>
    /// <exception cref="ReductException">
    /// 404 <c>Token '&lt;name&gt;' doesn't exist</c>, 403 without full access, 400 <c>Authentication is disabled</c>, or
    /// another error.
    /// </exception>
    public virtual Task<TokenInfo> GetTokenAsync(string name, CancellationToken cancellationToken = default)
    {
        TokenRules.ValidateName(name, nameof(name));
        return Pipeline.GetJsonAsync(TokenRules.Path(name), ReductJsonContext.Default.TokenInfo, cancellationToken);
    }

    /// <summary>Creates a token with the given permissions and no limits (<c>POST /api/v1/tokens/{name}</c>).</summary>
    /// <param name="name">The token's name.</param>
    /// <param name="permissions">Full access, or the buckets it may read and write (names or prefixes ending in <c>*</c>).</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The new token's secret, which the server shows only this once.</returns>
    /// <inheritdoc cref="CreateTokenAsync(string, TokenCreateOptions, CancellationToken)"/>
    public virtual Task<CreatedToken> CreateTokenAsync(string name, TokenPermissions permissions, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(permissions);
        return CreateTokenAsync(name, new TokenCreateOptions { FullAccess = permissions.FullAccess, Read = permissions.Read, Write = permissions.Write }, cancellationToken);
    }

    /// <summary>Creates a token (<c>POST /api/v1/tokens/{name}</c>).</summary>
    /// <remarks>
    /// <para>
    /// The body has the shape the server's version takes: from API 1.19 the permissions inside <c>permissions</c>
    /// with the limits beside them, before that the permissions object alone.
    /// </para>
    /// <para>
    /// If an attempt broke off after the server may have received it and the retry finds the token existing, the
    /// secret of the first attempt is lost: the call fails with 409 and a message that says so (remove the token and
    /// create it again, or rotate it).
    /// </para>
    /// <code>
    /// CreatedToken token = await client.CreateTokenAsync("camera-7", new TokenCreateOptions
    /// {
    ///     Write = ["camera-*"],
    ///     Ttl = TimeSpan.FromDays(30),
    /// });
    /// using var camera = new ReductClient(client.Url, token.Value);
    /// </code>
    /// </remarks>
    /// <param name="name">The token's name.</param>
    /// <param name="options">Permissions and limits.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The new token's secret, which the server shows only this once.</returns>
    /// <exception cref="ArgumentException">
    /// The name is empty, <c>.</c> or <c>..</c>, or holds a control character; a permission entry is not a bucket name,
    /// a <c>*</c> wildcard or a <c>$</c> system bucket name; the TTL is not a positive whole number of seconds; an
    /// allowlist entry is not an IP address or a CIDR range.
    /// </exception>
    /// <exception cref="ReductException">
    /// 409 <c>Token '&lt;name&gt;' already exists</c>; 422 for an expiry date in the past by the server's clock; 403
    /// without full access; 400 <c>Authentication is disabled</c>; <see cref="ReductException.NotSupportedByServer"/> for
    /// a TTL, an expiry date or an allowlist on a server older than API 1.19 (nothing is sent).
    /// </exception>
    public virtual async Task<CreatedToken> CreateTokenAsync(string name, TokenCreateOptions options, CancellationToken cancellationToken = default)
    {
        TokenRules.ValidateName(name, nameof(name));
        TokenRules.ValidateOptions(options, nameof(options));
        if (options.UsesLifetimeOptions)
        {
            await ApiVersionCheck.ThrowIfUnsupportedAsync(Pipeline, ApiFeature.TokenLifetime, cancellationToken).ConfigureAwait(false);
        }

        // A server whose version is still unknown gets the current shape when it must carry limits, else the legacy one,
        // which every version takes.
        bool current = await ApiVersionCheck.IsKnownSupportedAsync(Pipeline, ApiFeature.TokenLifetime, cancellationToken).ConfigureAwait(false)
            || options.UsesLifetimeOptions;
        byte[] body = current ? TokenRequestJson.WriteCurrent(options) : TokenRequestJson.WriteLegacy(options);
        var history = new RequestHistory();
        try
        {
            return await PostForSecretAsync(name, TokenRules.Path(name), body, history, cancellationToken).ConfigureAwait(false);
        }
        catch (ReductException ex) when (ex.Status == (int)HttpStatusCode.Conflict && history.AfterAmbiguousFailure)
        {
            throw new ReductException(ex.Status,
                $"{ex.ServerMessage} (an earlier attempt of this call broke off after the server may have created the token; its secret cannot be read back: remove the token and create it again, or rotate it)",
                ex);
        }
    }

    /// <summary>Removes a token (<c>DELETE /api/v1/tokens/{name}</c>); its secret stops working at once.</summary>
    /// <param name="name">The token's name.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <exception cref="ArgumentException">The name is empty, <c>.</c> or <c>..</c>, or holds a control character.</exception>
    /// <exception cref="ReductException">
    /// 404 <c>Token '&lt;name&gt;' doesn't exist</c>, 409 for a provisioned token, 403 without full access, or another
    /// error.
    /// </exception>
    public virtual Task RemoveTokenAsync(string name, CancellationToken cancellationToken = default)
    {
        TokenRules.ValidateName(name, nameof(name));
        return Pipeline.SendAsync(new HttpRequestMessage(HttpMethod.Delete, Pipeline.Uri(TokenRules.Path(name))), cancellationToken);
    }

    /// <summary>
    /// Gives a token a new secret (<c>POST /api/v1/tokens/{name}/rotate</c>, API 1.19+). The old secret stops working at
    /// once, and so do the query links made with it.
    /// </summary>
    /// <param name="name">The token's name.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The new secret, which the server shows only this once.</returns>
    /// <exception cref="ArgumentException">The name is empty, <c>.</c> or <c>..</c>, or holds a control character.</exception>
    /// <exception cref="ReductException">
    /// 404 when the token does not exist; 409 for the init token or another provisioned one; 422 for an expired token;
    /// 403 without full access; <see cref="ReductException.NotSupportedByServer"/> on a server older than API 1.19
    /// (nothing is sent).
    /// </exception>
    public virtual async Task<CreatedToken> RotateTokenAsync(string name, CancellationToken cancellationToken = default)
    {
        TokenRules.ValidateName(name, nameof(name));
        await ApiVersionCheck.ThrowIfUnsupportedAsync(Pipeline, ApiFeature.TokenRotation, cancellationToken).ConfigureAwait(false);
        return await PostForSecretAsync(name, TokenRules.Path(name) + "/rotate", body: null, history: null, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>POSTs and reads the secret from the answer; the secret goes nowhere but the returned value.</summary>
    private async Task<CreatedToken> PostForSecretAsync(string name, string path, byte[]? body, RequestHistory? history, CancellationToken cancellationToken)
    {
        HttpRequestMessage request = body is null ? new HttpRequestMessage(HttpMethod.Post, Pipeline.Uri(path)) : Pipeline.JsonRequest(HttpMethod.Post, path, body);

        using HttpResponseMessage response = await Pipeline.SendAsync(
            request, HttpCompletionOption.ResponseContentRead, applyTimeout: true, history, extraHeaders: null, cancellationToken).ConfigureAwait(false);
        TokenSecretAnswer? answer;
        try
        {
            answer = await response.Content.ReadFromJsonAsync(ReductJsonContext.Default.TokenSecretAnswer, cancellationToken).ConfigureAwait(false);
        }
        catch (System.Text.Json.JsonException ex)
        {
            // The reader names the path and position of the fault, not the values, so the secret does not reach the message.
            throw new ReductException((int)response.StatusCode, $"POST {path} returned JSON this SDK cannot read: {ex.Message}", ex);
        }

        return answer?.Value is { Length: > 0 } value
            ? new CreatedToken(name, value, answer.CreatedAt)
            : throw new ReductException((int)response.StatusCode, $"POST {path} returned no token value.");
    }
}
