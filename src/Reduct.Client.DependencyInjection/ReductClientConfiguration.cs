using System.Globalization;
using Microsoft.Extensions.Configuration;

namespace Reduct.Client.DependencyInjection;

/// <summary>
/// Reads <see cref="ReductClientOptions"/> from a configuration section, key by key. Written out rather than
/// left to the reflection-based configuration binder, so that it stays safe for trimming and native AOT and
/// its errors name the key at fault (never the token's value).
/// </summary>
/// <remarks>
/// Keys: <c>Url</c>, <c>ApiToken</c>, <c>Timeout</c>, <c>ConnectTimeout</c>, <c>ExpectContinueThreshold</c>,
/// <c>BatchMaxRecords</c>, <c>BatchMaxBodySize</c>, <c>BatchMaxHeaderSize</c>, <c>MaxLabelHeaderSize</c>, and
/// <c>Retry:MaxRetryAttempts</c>, <c>Retry:BaseDelay</c>, <c>Retry:MaxDelay</c>, <c>Retry:TotalBudget</c>,
/// <c>Retry:UseJitter</c>. Durations are written like <c>00:00:30</c> (<see cref="TimeSpan"/>'s invariant format,
/// as the standard binder reads them) or <c>Infinite</c>. Missing or empty keys keep their defaults; unknown keys
/// are ignored.
/// </remarks>
internal static class ReductClientConfiguration
{
    public static void Bind(IConfiguration section, ReductClientOptions options)
    {
        if (Read(section, "Url") is { } url)
        {
            options.Url = Uri.TryCreate(url, UriKind.Absolute, out Uri? parsed)
                ? parsed
                : throw Invalid(section, "Url", $"'{url}' is not an absolute URL such as http://localhost:8383");
        }

        if (Read(section, "ApiToken") is { } token)
        {
            options.ApiToken = token;
        }

        options.Timeout = ReadTimeSpan(section, "Timeout") ?? options.Timeout;
        options.ConnectTimeout = ReadTimeSpan(section, "ConnectTimeout") ?? options.ConnectTimeout;
        options.ExpectContinueThreshold = ReadInt64(section, "ExpectContinueThreshold") ?? options.ExpectContinueThreshold;
        options.BatchMaxRecords = ReadInt32(section, "BatchMaxRecords") ?? options.BatchMaxRecords;
        options.BatchMaxBodySize = ReadInt64(section, "BatchMaxBodySize") ?? options.BatchMaxBodySize;
        options.BatchMaxHeaderSize = ReadInt32(section, "BatchMaxHeaderSize") ?? options.BatchMaxHeaderSize;
        options.MaxLabelHeaderSize = ReadInt32(section, "MaxLabelHeaderSize") ?? options.MaxLabelHeaderSize;

        IConfigurationSection retry = section.GetSection("Retry");
        options.Retry.MaxRetryAttempts = ReadInt32(retry, "MaxRetryAttempts") ?? options.Retry.MaxRetryAttempts;
        options.Retry.BaseDelay = ReadTimeSpan(retry, "BaseDelay") ?? options.Retry.BaseDelay;
        options.Retry.MaxDelay = ReadTimeSpan(retry, "MaxDelay") ?? options.Retry.MaxDelay;
        options.Retry.TotalBudget = ReadTimeSpan(retry, "TotalBudget") ?? options.Retry.TotalBudget;
        options.Retry.UseJitter = ReadBoolean(retry, "UseJitter") ?? options.Retry.UseJitter;
    }

    private static string? Read(IConfiguration section, string key)
    {
        string? value = section[key];
        return string.IsNullOrWhiteSpace(value) ? null : value.Trim();
    }

    private static TimeSpan? ReadTimeSpan(IConfiguration section, string key)
    {
        string? text = Read(section, key);
        if (text is null)
        {
            return null;
        }

        if (string.Equals(text, "Infinite", StringComparison.OrdinalIgnoreCase))
        {
            return System.Threading.Timeout.InfiniteTimeSpan;
        }

        return TimeSpan.TryParse(text, CultureInfo.InvariantCulture, out TimeSpan value)
            ? value
            : throw Invalid(section, key, $"'{text}' is not a duration such as 00:00:30 or Infinite");
    }

    private static int? ReadInt32(IConfiguration section, string key)
    {
        string? text = Read(section, key);
        return text is null ? null
            : int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out int value) ? value
            : throw Invalid(section, key, $"'{text}' is not a whole number");
    }

    private static long? ReadInt64(IConfiguration section, string key)
    {
        string? text = Read(section, key);
        return text is null ? null
            : long.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out long value) ? value
            : throw Invalid(section, key, $"'{text}' is not a whole number");
    }

    private static bool? ReadBoolean(IConfiguration section, string key)
    {
        string? text = Read(section, key);
        return text is null ? null
            : bool.TryParse(text, out bool value) ? value
            : throw Invalid(section, key, $"'{text}' is not true or false");
    }

    private static InvalidOperationException Invalid(IConfiguration section, string key, string problem)
    {
        string path = section is IConfigurationSection { Path.Length: > 0 } named ? named.Path + ":" + key : key;
        return new InvalidOperationException($"Configuration key '{path}': {problem}.");
    }
}
