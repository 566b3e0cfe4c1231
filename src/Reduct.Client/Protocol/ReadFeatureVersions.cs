using System.Globalization;

namespace Reduct.Client.Protocol;

/// <summary>The API versions (minor, of major 1) from which the read side's requests exist (read reference §2, §3, §11).</summary>
internal static class ReadFeatureVersions
{
    /// <summary>Queries created with a JSON body, which carries conditions (<c>POST /b/{bucket}/{entry}/q</c>).</summary>
    public const int JsonQueries = 13;

    /// <summary>Queries over many entries through the I/O API (<c>POST /io/{bucket}/q</c>, <c>GET /io/{bucket}/read</c>).</summary>
    public const int MultiEntryQueries = 18;

    /// <summary>The error of a call that needs API 1.<paramref name="sinceMinor"/> on a server whose API is <paramref name="serverApi"/>.</summary>
    public static ReductException Refusal(string feature, int sinceMinor, Version serverApi) => new(
        ReductException.NotSupportedByServer,
        string.Create(CultureInfo.InvariantCulture,
            $"{feature} needs ReductStore API 1.{sinceMinor} or newer; the server speaks API {serverApi.Major}.{serverApi.Minor}. Nothing was sent."));
}
