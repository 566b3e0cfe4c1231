using Reduct.Client.Testing;

namespace Reduct.Client.Tests.Resilience;

/// <summary>Runs one cell of the fault matrix against a reference server of its own and checks the outcome.</summary>
internal static class FaultScenario
{
    private const string BucketName = "matrix";
    private static readonly TimeSpan ClientTimeout = TimeSpan.FromSeconds(1);
    private static readonly TimeSpan ResponseDelay = TimeSpan.FromSeconds(2.5);

    public static async Task RunAsync(Fault fault, WritePath path)
    {
        ExpectedOutcome expected = FaultMatrixTable.Expected(fault, path);
        string? folder = fault == Fault.ServerRestart ? Directory.CreateTempSubdirectory("reduct-matrix-").FullName : null;
        var serverOptions = new ReductTestServerOptions { ApiVersion = WritePaths.ApiVersionFor(path), DataPath = folder };
        ReductTestServer server = await ReductTestServer.StartAsync(serverOptions);
        try
        {
            var signal = new RetrySignal();
            ReductClientOptions options = FastRetry.Options(server.Url,
                timeout: fault == Fault.ResponseAfterTimeout ? ClientTimeout : null, loggerFactory: signal);
            options.BatchMaxRecords = WritePaths.BatchMaxRecords;
            if (fault == Fault.ServerRestart)
            {
                // Keep trying, briefly spaced, for as long as the restart takes.
                options.Retry.MaxRetryAttempts = 1000;
                options.Retry.MaxDelay = TimeSpan.FromMilliseconds(100);
                options.Retry.TotalBudget = TimeSpan.FromSeconds(60);
            }

            using var client = new ReductClient(options);
            Bucket bucket = await client.CreateBucketAsync(BucketName);
            List<TestRecord> records = WritePaths.RecordsFor(path);

            WriteReport report;
            switch (fault)
            {
                case Fault.Unavailable503:
                    server.Faults.FailNextRequests(2, 503, "The server is starting up, please try again later", includeApiHeader: false, pathFilter: FastRetry.IsWrite);
                    report = await WritePaths.WriteAsync(path, bucket, records);
                    break;
                case Fault.RateLimited429:
                    server.Faults.FailNextRequests(2, 429, "rate limit for ingress bytes (bucket) exceeded: used=9000 limit=1000 retry_after=0s",
                        includeApiHeader: false, pathFilter: FastRetry.IsWrite);
                    report = await WritePaths.WriteAsync(path, bucket, records);
                    break;
                case Fault.ConnectionDropMidBody:
                    // Mid-record for single writes (3000-byte records); after two and a half records of the first batch request.
                    server.Faults.AbortConnectionAfterBodyBytes(records.Count > 3 ? 2500 : 1000);
                    report = await WritePaths.WriteAsync(path, bucket, records);
                    break;
                case Fault.ResponseAfterTimeout:
                    server.Faults.DelayResponses(ResponseDelay, 1);
                    report = await WritePaths.WriteAsync(path, bucket, records);
                    break;
                case Fault.ServerRestart:
                    int port = server.Url.Port;
                    await server.DisposeAsync();
                    Task<WriteReport> writing = WritePaths.WriteAsync(path, bucket, records);
                    await signal.FirstRetry.WaitAsync(TimeSpan.FromSeconds(30));
                    serverOptions.Port = port;
                    server = await ReductTestServer.StartAsync(serverOptions);
                    report = await writing;
                    break;
                default:
                    throw new ArgumentOutOfRangeException(nameof(fault), fault, null);
            }

            await server.Statistics.WaitForIdleAsync().WaitAsync(TimeSpan.FromSeconds(30));
            AssertStoredMatchesReport(server, records, report);
            AssertExpected(expected, report);
        }
        finally
        {
            await server.DisposeAsync();
            if (folder is not null)
            {
                Directory.Delete(folder, recursive: true);
            }
        }
    }

    /// <summary>
    /// The invariant of every cell: the server holds exactly the records reported stored (or already stored), each
    /// once and with its own body; every other record was reported failed; a failed record is on the server only
    /// when its failure says the outcome is unknown.
    /// </summary>
    public static void AssertStoredMatchesReport(ReductTestServer server, IReadOnlyList<TestRecord> records, WriteReport report)
    {
        foreach (TestRecord record in records)
        {
            int answers = (report.Stored.Contains(record.Key) ? 1 : 0) + (report.AlreadyStored.Contains(record.Key) ? 1 : 0)
                + (report.Failed.ContainsKey(record.Key) ? 1 : 0);
            Assert.True(answers == 1, $"{record.Key} got {answers} answers: {report}");
        }

        Dictionary<RecordKey, TestRecord> sent = records.ToDictionary(r => r.Key);
        var onServer = new Dictionary<RecordKey, StoredRecord>();
        foreach (string entry in records.Select(r => r.Entry).Distinct())
        {
            foreach (StoredRecord stored in server.Storage.GetRecords(BucketName, entry))
            {
                var key = new RecordKey(stored.Entry, stored.Timestamp);

                // Add throws on a second record under one key: nothing is stored twice.
                onServer.Add(key, stored);
                Assert.True(sent.TryGetValue(key, out TestRecord? original), $"The server holds {key}, which was never sent.");
                Assert.Equal(original.Data, stored.ReadData());
            }
        }

        Assert.Equal(onServer.Count, server.Storage.CountRecords(BucketName));
        foreach (TestRecord record in records)
        {
            if (report.Stored.Contains(record.Key) || report.AlreadyStored.Contains(record.Key))
            {
                Assert.True(onServer.ContainsKey(record.Key), $"{record.Key} was reported stored but is not on the server: {report}");
            }
            else if (!report.Failed[record.Key].IsOutcomeUnknown)
            {
                Assert.False(onServer.ContainsKey(record.Key), $"{record.Key} was reported failed but is on the server: {report}");
            }
        }
    }

    private static void AssertExpected(ExpectedOutcome expected, WriteReport report)
    {
        switch (expected)
        {
            case ExpectedOutcome.AllStored:
                Assert.True(report.Failed.Count == 0 && report.AlreadyStored.Count == 0, report.ToString());
                break;
            case ExpectedOutcome.AllStoredSomeAlreadyStored:
                Assert.True(report.Failed.Count == 0 && report.AlreadyStored.Count > 0, report.ToString());
                break;
            case ExpectedOutcome.NotRetriedNotStored:
            case ExpectedOutcome.NotRetriedOutcomeUnknown:
                Assert.True(report.Failed.Count > 0, report.ToString());
                Assert.All(report.Failed.Values, error =>
                {
                    Assert.Contains("cannot be sent a second time", error.Message, StringComparison.Ordinal);
                    Assert.Equal(expected == ExpectedOutcome.NotRetriedOutcomeUnknown, error.IsOutcomeUnknown);
                });
                break;
            default:
                throw new ArgumentOutOfRangeException(nameof(expected), expected, null);
        }
    }
}
