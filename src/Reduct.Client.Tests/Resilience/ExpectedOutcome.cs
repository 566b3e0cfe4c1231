namespace Reduct.Client.Tests.Resilience;

/// <summary>What the caller is told in a cell of the fault matrix (beyond the invariant that always holds).</summary>
public enum ExpectedOutcome
{
    /// <summary>Every record is reported stored (retries absorbed the fault).</summary>
    AllStored,

    /// <summary>
    /// Every record is reported stored, some of them as already stored: a retry after a broken attempt met
    /// <c>409 already exists</c> for records the broken attempt had stored.
    /// </summary>
    AllStoredSomeAlreadyStored,

    /// <summary>
    /// The records hit by the fault are reported failed, not retried because their body cannot be read twice, with
    /// that reason in the message; the server holds none of them.
    /// </summary>
    NotRetriedNotStored,

    /// <summary>
    /// As <see cref="NotRetriedNotStored"/>, but the attempt broke off after the server may have acted on it: the
    /// failure says so (<see cref="ReductException.IsOutcomeUnknown"/>) and the record may or may not be stored.
    /// </summary>
    NotRetriedOutcomeUnknown,
}
