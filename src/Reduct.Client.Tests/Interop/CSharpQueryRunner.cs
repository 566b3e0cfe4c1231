namespace Reduct.Client.Tests.Interop;

/// <summary>Runs a query of the manifest with Reduct.Client's <see cref="Bucket.QueryAsync(string, ReductTimestamp?, ReductTimestamp?, QueryOptions?, CancellationToken)"/>.</summary>
public static class CSharpQueryRunner
{
    /// <summary>How long a continuous query may take to deliver its next record before the run gives up on it.</summary>
    private static readonly TimeSpan ContinuousWait = TimeSpan.FromSeconds(15);

    /// <summary>
    /// Runs the query on a bucket that holds its scenario: a query on one entry with the one-entry overload, a
    /// query over several with the overload for many. A continuous query is read until it has delivered every
    /// expected record: once the records stored before have arrived, the query's <c>after</c> records are written
    /// (single writes), and they must arrive too; then the enumeration stops.
    /// </summary>
    public static async Task<QueryResult> RunAsync(Bucket bucket, InteropQuery query)
    {
        var options = query.Options.ToQueryOptions();
        var records = query.Entry is not null
            ? bucket.QueryAsync(query.Entry, query.StartTimestamp, query.StopTimestamp, options)
            : bucket.QueryAsync(query.Entries!, query.StartTimestamp, query.StopTimestamp, options);
        var received = new List<QueriedRecord>();
        InteropQueryError? error = null;
        using var deadline = new CancellationTokenSource();
        try
        {
            if (options.Continuous)
            {
                deadline.CancelAfter(ContinuousWait);
            }

            await foreach (var record in records.WithCancellation(deadline.Token))
            {
                await using (record)
                {
                    received.Add(await QueriedRecord.ReadAsync(record));
                }

                if (!options.Continuous)
                {
                    continue;
                }

                if (received.Count == query.StoredBefore)
                {
                    foreach (var after in query.After)
                    {
                        await CSharpScenarioWriter.WriteSingleAsync(bucket, after);
                    }
                }

                if (received.Count == query.Expected.Count)
                {
                    break;
                }

                deadline.CancelAfter(ContinuousWait);
            }
        }
        catch (ReductException exception)
        {
            error = new InteropQueryError(exception.Status, exception.ServerMessage);
        }
        catch (OperationCanceledException) when (deadline.IsCancellationRequested)
        {
            return new QueryResult { Name = query.Name, Records = received, TimedOut = true };
        }

        return new QueryResult { Name = query.Name, Records = received, Error = error };
    }
}
