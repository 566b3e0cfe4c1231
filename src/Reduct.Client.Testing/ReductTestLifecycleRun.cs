namespace Reduct.Client.Testing;

/// <summary>
/// One run of a lifecycle policy on the reference server: what the real server writes to its system events
/// (<c>processed_records</c>, or the error), kept here so that tests can see what a dry run counted.
/// </summary>
/// <param name="Policy">The policy's name.</param>
/// <param name="Time">When the run started, by <see cref="ReductTestServerOptions.TimeProvider"/>.</param>
/// <param name="DryRun">True when the policy's mode was <c>dry_run</c>: the records were counted, not removed.</param>
/// <param name="Records">The records removed, or counted by a dry run.</param>
/// <param name="Error">The error that stopped the run (for example its bucket was removed), or null.</param>
public sealed record ReductTestLifecycleRun(string Policy, DateTimeOffset Time, bool DryRun, ulong Records, string? Error);
