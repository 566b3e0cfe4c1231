using System.Text.Json;
using Reduct.Client.Http;
using Reduct.Client.Protocol;

namespace Reduct.Client;

/// <summary>Lifecycle policies (servers 1.20 and newer): rules the server runs on a schedule to remove or recompress old records.</summary>
public partial class ReductClient
{
    /// <summary>Lists the lifecycle policies (<c>GET /api/v1/lifecycles</c>). Needs a full-access token.</summary>
    /// <exception cref="ReductException">
    /// 403 without full access, or another error; <see cref="ReductException.NotSupportedByServer"/> on a server older
    /// than API 1.20 (nothing is sent).
    /// </exception>
    public virtual async Task<IReadOnlyList<LifecycleInfo>> ListLifecyclesAsync(CancellationToken cancellationToken = default)
    {
        await ApiVersionCheck.ThrowIfUnsupportedAsync(Pipeline, ApiFeature.Lifecycles, cancellationToken).ConfigureAwait(false);
        return await GetLifecycleJsonAsync("lifecycles", LifecycleMessages.ReadList, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Gets a lifecycle policy with its settings (<c>GET /api/v1/lifecycles/{name}</c>). Needs a full-access token.</summary>
    /// <param name="name">The policy's name.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <exception cref="ArgumentException">The name is empty.</exception>
    /// <exception cref="ReductException">404 when there is no such policy, or another error; <see cref="ReductException.NotSupportedByServer"/> before API 1.20.</exception>
    public virtual async Task<FullLifecycleInfo> GetLifecycleAsync(string name, CancellationToken cancellationToken = default)
    {
        LifecycleMessages.ValidateName(name, nameof(name));
        await ApiVersionCheck.ThrowIfUnsupportedAsync(Pipeline, ApiFeature.Lifecycles, cancellationToken).ConfigureAwait(false);
        return await GetLifecycleJsonAsync(LifecyclePath(name), LifecycleMessages.ReadFull, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Creates a lifecycle policy (<c>POST /api/v1/lifecycles/{name}</c>). Its first run comes one
    /// <see cref="LifecycleSettings.Interval"/> later. Needs a full-access token.
    /// </summary>
    /// <param name="name">The policy's name.</param>
    /// <param name="settings">What the policy does, to which records, how often.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <exception cref="ArgumentException">
    /// The name is empty, or a setting is one the server refuses: an invalid bucket name, a negative
    /// <see cref="LifecycleSettings.OlderThan"/>, an <see cref="LifecycleSettings.Interval"/> under 10 minutes, a
    /// condition on a compress policy, a duration that is not a whole number of microseconds.
    /// </exception>
    /// <exception cref="ReductException">
    /// 409 when a policy of that name exists, 404 when the bucket does not, 422 for a condition the server cannot
    /// parse, or another error; <see cref="ReductException.NotSupportedByServer"/> before API 1.20, or before 1.21
    /// with <see cref="LifecycleSettings.ProcessingInterval"/> (nothing is sent).
    /// </exception>
    public virtual Task CreateLifecycleAsync(string name, LifecycleSettings settings, CancellationToken cancellationToken = default) =>
        SendLifecycleSettingsAsync(HttpMethod.Post, name, settings, cancellationToken);

    /// <summary>
    /// Replaces every setting of a lifecycle policy (<c>PUT /api/v1/lifecycles/{name}</c>) and restarts its schedule.
    /// A setting left null takes the server's default: without <see cref="LifecycleSettings.Mode"/> the policy is
    /// enabled again, even if it was disabled. Needs a full-access token.
    /// </summary>
    /// <param name="name">The policy's name.</param>
    /// <param name="settings">The new settings, whole.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <exception cref="ArgumentException">As for <see cref="CreateLifecycleAsync"/>.</exception>
    /// <exception cref="ReductException">
    /// 404 when there is no such policy or no such bucket, 409 for a provisioned policy, 422 for a condition the
    /// server cannot parse, or another error; <see cref="ReductException.NotSupportedByServer"/> as for
    /// <see cref="CreateLifecycleAsync"/>.
    /// </exception>
    public virtual Task UpdateLifecycleAsync(string name, LifecycleSettings settings, CancellationToken cancellationToken = default) =>
        SendLifecycleSettingsAsync(HttpMethod.Put, name, settings, cancellationToken);

    /// <summary>Removes a lifecycle policy (<c>DELETE /api/v1/lifecycles/{name}</c>); it does not run again. Needs a full-access token.</summary>
    /// <param name="name">The policy's name.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <exception cref="ArgumentException">The name is empty.</exception>
    /// <exception cref="ReductException">404 when there is no such policy, 409 for a provisioned one, or another error; <see cref="ReductException.NotSupportedByServer"/> before API 1.20.</exception>
    public virtual async Task RemoveLifecycleAsync(string name, CancellationToken cancellationToken = default)
    {
        LifecycleMessages.ValidateName(name, nameof(name));
        await ApiVersionCheck.ThrowIfUnsupportedAsync(Pipeline, ApiFeature.Lifecycles, cancellationToken).ConfigureAwait(false);
        await Pipeline.SendAsync(new HttpRequestMessage(HttpMethod.Delete, Pipeline.Uri(LifecyclePath(name))), cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Sets a lifecycle policy's mode (<c>PATCH /api/v1/lifecycles/{name}/mode</c>) without touching its other
    /// settings or its schedule: <see cref="LifecycleMode.Disabled"/> skips its runs, <see cref="LifecycleMode.DryRun"/>
    /// only counts. Needs a full-access token.
    /// </summary>
    /// <param name="name">The policy's name.</param>
    /// <param name="mode">The new mode.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <exception cref="ArgumentException">The name is empty or the mode is not a defined value.</exception>
    /// <exception cref="ReductException">404 when there is no such policy, or another error; <see cref="ReductException.NotSupportedByServer"/> before API 1.20.</exception>
    public virtual async Task SetLifecycleModeAsync(string name, LifecycleMode mode, CancellationToken cancellationToken = default)
    {
        LifecycleMessages.ValidateName(name, nameof(name));
        byte[] body = LifecycleMessages.EncodeMode(mode, nameof(mode));
        await ApiVersionCheck.ThrowIfUnsupportedAsync(Pipeline, ApiFeature.Lifecycles, cancellationToken).ConfigureAwait(false);
        await Pipeline.SendAsync(Pipeline.JsonRequest(HttpMethod.Patch, LifecyclePath(name) + "/mode", body), cancellationToken).ConfigureAwait(false);
    }

    private static string LifecyclePath(string name) => "lifecycles/" + Uri.EscapeDataString(name);

    private async Task SendLifecycleSettingsAsync(HttpMethod method, string name, LifecycleSettings settings, CancellationToken cancellationToken)
    {
        LifecycleMessages.ValidateName(name, nameof(name));
        byte[] body = LifecycleMessages.EncodeSettings(settings, nameof(settings));
        await ApiVersionCheck.ThrowIfUnsupportedAsync(Pipeline, ApiFeature.Lifecycles, cancellationToken).ConfigureAwait(false);
        if (settings.ProcessingInterval is not null)
        {
            await ApiVersionCheck.ThrowIfUnsupportedAsync(Pipeline, ApiFeature.LifecycleProcessingInterval, cancellationToken).ConfigureAwait(false);
        }

        await Pipeline.SendAsync(Pipeline.JsonRequest(method, LifecyclePath(name), body), cancellationToken).ConfigureAwait(false);
    }

    /// <summary>GETs a lifecycle answer and reads it; a shape the SDK cannot read is an error that says so.</summary>
    private async Task<T> GetLifecycleJsonAsync<T>(string path, Func<JsonElement, T> read, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, Pipeline.Uri(path));
        using HttpResponseMessage response = await Pipeline.SendAsync(request, HttpCompletionOption.ResponseContentRead, applyTimeout: true, cancellationToken).ConfigureAwait(false);
        try
        {
            await using Stream stream = await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
            using JsonDocument document = await JsonDocument.ParseAsync(stream, cancellationToken: cancellationToken).ConfigureAwait(false);
            return read(document.RootElement);
        }
        catch (Exception ex) when (ex is JsonException or InvalidOperationException or FormatException)
        {
            throw new ReductException((int)response.StatusCode, $"GET {path} returned JSON this SDK cannot read: {ex.Message}", ex);
        }
    }
}
