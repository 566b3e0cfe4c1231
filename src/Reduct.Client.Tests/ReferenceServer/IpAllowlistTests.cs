using System.Net;
using Reduct.Client.Testing.Auth;

namespace Reduct.Client.Tests.ReferenceServer;

public sealed class IpAllowlistTests
{
    [Theory]
    [InlineData("203.0.113.5", "203.0.113.5", true)]
    [InlineData("203.0.113.5", "203.0.113.6", false)]
    [InlineData("10.1.2.0/24", "10.1.2.42", true)]
    [InlineData("10.1.2.0/24", "10.1.3.1", false)]
    [InlineData("10.0.0.0/9", "10.127.0.1", true)]
    [InlineData("10.0.0.0/9", "10.128.0.1", false)]
    [InlineData("0.0.0.0/0", "192.0.2.1", true)]
    [InlineData("2001:db8::/32", "2001:db8::1234", true)]
    [InlineData("2001:db8::/32", "2001:db9::1", false)]
    [InlineData("10.0.0.0/24", "2001:db8::1", false)]
    [InlineData("10.0.0.0/33", "10.0.0.1", false)]
    [InlineData("10.0.0.0/abc", "10.0.0.1", false)]
    [InlineData("not-an-ip", "10.0.0.1", false)]
    public void Entries_match_exact_addresses_and_cidr_ranges_of_the_same_family(string entry, string client, bool matches)
    {
        Assert.Equal(matches, IpAllowlist.Matches(entry, IPAddress.Parse(client)));
    }
}
