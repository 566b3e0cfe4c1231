using System.Net;
using System.Net.Sockets;

namespace Reduct.Client.Tests;

/// <summary>
/// A loopback port that refuses connections for as long as the tests run: bound by this process and never listened
/// on. A port found free and let go could be taken by another test's server meanwhile, and the "down" server would
/// answer.
/// </summary>
internal static class ClosedPort
{
    private static readonly Socket Reserved = Reserve();

    /// <summary>The port's number.</summary>
    public static int Number => ((IPEndPoint)Reserved.LocalEndPoint!).Port;

    /// <summary><c>http://127.0.0.1:{port}/</c>.</summary>
    public static Uri Url => new($"http://127.0.0.1:{Number}/");

    private static Socket Reserve()
    {
        var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        socket.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        return socket;
    }
}
