namespace Reduct.Client.Tests;

/// <summary>
/// Tests that install process-wide telemetry listeners run in this collection, alone: a sampling activity
/// listener makes every request of the process carry a <c>traceparent</c> header, which would change the
/// request-head sizes that other tests measure.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class ProcessWideListenerCollection
{
    public const string Name = "Process-wide telemetry listeners";
}
