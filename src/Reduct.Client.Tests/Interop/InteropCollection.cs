namespace Reduct.Client.Tests.Interop;

/// <summary>The interop test classes share one server and one Node setup.</summary>
[CollectionDefinition(Name)]
public sealed class InteropCollection : ICollectionFixture<InteropFixture>
{
    /// <summary>The collection's name.</summary>
    public const string Name = "Interop with reduct-js";
}
