namespace Reduct.Client.Tests.Resilience;

/// <summary>
/// The fault matrix: for each fault and write path, what the caller is told. docs/guarantees.md is this table in
/// words; the invariant checked in every cell is in <see cref="FaultScenario"/>.
/// </summary>
internal static class FaultMatrixTable
{
    private const ExpectedOutcome Stored = ExpectedOutcome.AllStored;
    private const ExpectedOutcome SomeAlready = ExpectedOutcome.AllStoredSomeAlreadyStored;
    private const ExpectedOutcome NotRetried = ExpectedOutcome.NotRetriedNotStored;
    private const ExpectedOutcome Unknown = ExpectedOutcome.NotRetriedOutcomeUnknown;

    private static readonly (Fault Fault, ExpectedOutcome[] ByPath)[] Rows =
    [
        //                               Bytes   SeekableStream  NonSeekableStream  Chunks   BatchV1      RecordBatchV2 Writer
        (Fault.Unavailable503,        [Stored, Stored,         NotRetried,        NotRetried, Stored,      Stored,       Stored]),
        (Fault.RateLimited429,        [Stored, Stored,         NotRetried,        NotRetried, Stored,      Stored,       Stored]),
        (Fault.ConnectionDropMidBody, [Stored, Stored,         Unknown,           Unknown,    SomeAlready, SomeAlready,  Stored]),
        (Fault.ResponseAfterTimeout,  [Stored, Stored,         Unknown,           Unknown,    SomeAlready, SomeAlready,  Stored]),
        (Fault.ServerRestart,         [Stored, Stored,         Stored,            Stored,     Stored,      Stored,       Stored]),
    ];

    public static ExpectedOutcome Expected(Fault fault, WritePath path) =>
        Rows.Single(row => row.Fault == fault).ByPath[(int)path];

    public static TheoryData<Fault> AllFaults() => new(Enum.GetValues<Fault>());
}
