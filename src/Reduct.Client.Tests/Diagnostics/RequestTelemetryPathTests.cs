using Reduct.Client.Diagnostics;

namespace Reduct.Client.Tests.Diagnostics;

public class RequestTelemetryPathTests
{
    [Theory]
    [InlineData("/api/v1/info", "info", null)]
    [InlineData("/api/v1/alive", "alive", null)]
    [InlineData("/api/v1/b/sensors", "b/{bucket}", "sensors")]
    [InlineData("/reduct/api/v1/b/sensors/cam/front", "b/{bucket}/{entry}", "sensors")]
    [InlineData("/api/v1/io/sensors/write", "io/{bucket}/write", "sensors")]
    [InlineData("/api/v1/tokens/ci", "tokens/{name}", null)]
    [InlineData("/api/v1/something-new", "other", null)]
    [InlineData("/elsewhere", "other", null)]
    public void Paths_without_a_description_give_a_low_cardinality_route_and_their_bucket(string path, string template, string? bucket)
    {
        (string actualTemplate, string? actualBucket) = RequestTelemetry.DescribePath(path);

        Assert.Equal(template, actualTemplate);
        Assert.Equal(bucket, actualBucket);
    }
}
