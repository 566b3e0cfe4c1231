namespace Reduct.Client.Testing.Querying;

/// <summary>What the filters of a query make of one record.</summary>
internal enum FilterVerdict
{
    Skip,
    Keep,

    /// <summary>Keep it, and it is the last one (the legacy <c>limit</c> is used up).</summary>
    KeepLast,

    /// <summary>Drop it and end the query (<c>$limit</c> is used up).</summary>
    Stop,
}
