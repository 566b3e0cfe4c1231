namespace Reduct.Client.Tests;

/// <summary>
/// Tests that measure the allocations of the whole process (<see cref="GC.GetTotalAllocatedBytes(bool)"/>) run
/// in this collection: after every parallel test has finished, and one at a time, so that no other test's
/// allocations are counted.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class ProcessAllocationCollection
{
    public const string Name = "Process allocation measurements";
}
