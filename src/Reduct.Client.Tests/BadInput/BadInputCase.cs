namespace Reduct.Client.Tests.BadInput;

/// <summary>One row of the bad-input matrix: what the caller does wrong and the exception it must get before any request.</summary>
/// <param name="Name">The row's name, shown as the theory's argument.</param>
/// <param name="Act">The call with the bad input, against a live client and a bucket that exists.</param>
/// <param name="Expected">The exception type (exactly; <see cref="ArgumentNullException"/> is not accepted for <see cref="ArgumentException"/>).</param>
/// <param name="ParamName">The parameter the exception must name, or null when it names none.</param>
internal sealed record BadInputCase(string Name, Func<ReductClient, Bucket, Task> Act, Type Expected, string? ParamName);
