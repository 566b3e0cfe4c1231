using Reduct.Client.Testing;

namespace Reduct.Client.Tests.BadInput;

/// <summary>
/// Bad input fails with a clear exception before anything is sent: the server sees no request and holds nothing.
/// </summary>
public sealed class BadInputTests : IAsyncLifetime
{
    private ReductTestServer _server = null!;
    private ReductClient _client = null!;
    private Bucket _bucket = null!;

    public async Task InitializeAsync()
    {
        _server = await ReductTestServer.StartAsync();
        _client = new ReductClient(_server.Url);
        _bucket = await _client.CreateBucketAsync("bad-input");
    }

    public async Task DisposeAsync()
    {
        _client.Dispose();
        await _server.DisposeAsync();
    }

    [Theory]
    [MemberData(nameof(BadInputCases.Names), MemberType = typeof(BadInputCases))]
    public async Task Bad_input_fails_before_any_request(string name)
    {
        BadInputCase row = BadInputCases.All.Single(c => c.Name == name);
        long requestsBefore = _server.Statistics.RequestCount;

        Exception error = await Record.ExceptionAsync(() => row.Act(_client, _bucket));

        Assert.NotNull(error);
        Assert.IsType(row.Expected, error);
        Assert.False(string.IsNullOrWhiteSpace(error.Message));
        if (row.ParamName is not null)
        {
            Assert.Equal(row.ParamName, ((ArgumentException)error).ParamName);
        }

        Assert.Equal(requestsBefore, _server.Statistics.RequestCount);
        Assert.Equal(0, _server.Storage.CountRecords("bad-input"));
    }
}
