using System.Net;
using System.Net.Http.Headers;
using System.Text;
using Reduct.Client.Testing;

namespace Reduct.Client.Tests.ReferenceServer;

/// <summary>Plain HttpClient plumbing for talking to the reference server without the client library.</summary>
internal static class RawHttp
{
    public static HttpClient CreateClient(ReductTestServer server, string? token = null)
    {
        var client = new HttpClient(new SocketsHttpHandler { UseCookies = false, AllowAutoRedirect = false })
        {
            BaseAddress = server.Url,
            Timeout = TimeSpan.FromSeconds(30),
        };
        if (token is not null)
        {
            client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        }

        return client;
    }

    public static HttpRequestMessage Request(HttpMethod method, string path, byte[]? body = null, string? contentType = null)
    {
        var request = new HttpRequestMessage(method, path);
        if (body is not null)
        {
            request.Content = new ByteArrayContent(body);
            if (contentType is not null)
            {
                request.Content.Headers.ContentType = MediaTypeHeaderValue.Parse(contentType);
            }
        }

        return request;
    }

    /// <summary>A request without a body under <c>api/v1/</c>, with headers added as they are (no validation).</summary>
    public static HttpRequestMessage WithHeaders(HttpMethod method, string apiPath, params (string Name, string Value)[] headers)
    {
        var request = new HttpRequestMessage(method, "api/v1/" + apiPath);
        foreach (var (name, value) in headers)
        {
            request.Headers.TryAddWithoutValidation(name, value);
        }

        return request;
    }

    public static Task<HttpResponseMessage> PostAsync(this HttpClient client, string path, string? body = null) =>
        client.SendAsync(Request(HttpMethod.Post, path, body is null ? null : Encoding.UTF8.GetBytes(body)));

    public static async Task CreateBucketAsync(this HttpClient client, string bucket, string? settingsJson = null)
    {
        using var response = await client.PostAsync($"api/v1/b/{bucket}", settingsJson);
        await AssertOkAsync(response);
    }

    /// <summary>Writes one record and asserts 200.</summary>
    public static async Task WriteRecordAsync(this HttpClient client, string bucket, string entry, ulong timestamp, byte[] body, string? contentType = null, IDictionary<string, string>? labels = null)
    {
        using var request = Request(HttpMethod.Post, $"api/v1/b/{bucket}/{entry}?ts={timestamp}", body, contentType);
        foreach (var label in labels ?? new Dictionary<string, string>())
        {
            request.Headers.TryAddWithoutValidation("x-reduct-label-" + label.Key, label.Value);
        }

        using var response = await client.SendAsync(request);
        await AssertOkAsync(response);
    }

    public static async Task AssertOkAsync(HttpResponseMessage response)
    {
        var error = response.Headers.TryGetValues("x-reduct-error", out var values) ? values.Single() : null;
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"Expected 200, got {(int)response.StatusCode} {error}");
        Assert.Null(error);
    }

    /// <summary>Asserts the server's error convention: status, x-reduct-error and the JSON detail body.</summary>
    public static async Task AssertErrorAsync(HttpResponseMessage response, int status, string message)
    {
        var error = response.Headers.TryGetValues("x-reduct-error", out var values) ? values.Single() : null;
        Assert.True((int)response.StatusCode == status, $"Expected {status}, got {(int)response.StatusCode} '{error}'");
        Assert.Equal(message, error);
        if (response.RequestMessage?.Method != HttpMethod.Head)
        {
            Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
            var body = await response.Content.ReadAsStringAsync();
            Assert.Equal("{\"detail\": \"" + message.Replace('"', '\'') + "\"}", body);
        }
    }

    /// <summary>A header exactly as received (no parsing into product tokens and the like).</summary>
    public static string? Header(this HttpResponseMessage response, string name) =>
        response.Headers.NonValidated.TryGetValues(name, out var values) || response.Content.Headers.NonValidated.TryGetValues(name, out values)
            ? values.ToString()
            : null;

    /// <summary>The x-reduct-error-* headers of a batch response, by suffix.</summary>
    public static Dictionary<string, string> RecordErrors(this HttpResponseMessage response) =>
        response.Headers
            .Where(h => h.Key.StartsWith("x-reduct-error-", StringComparison.OrdinalIgnoreCase))
            .ToDictionary(h => h.Key["x-reduct-error-".Length..].ToLowerInvariant(), h => h.Value.Single());
}
