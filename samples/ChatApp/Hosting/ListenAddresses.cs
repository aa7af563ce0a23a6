using System.Net;
using System.Net.Sockets;
using Microsoft.AspNetCore.Connections;

namespace ChatApp.Hosting;

/// <summary>Finds out, before the server starts, whether the address the app is to listen on is already taken.</summary>
internal static class ListenAddresses
{
    /// <summary>The first address of <paramref name="urls"/> (<c>;</c>-separated) whose port is taken, or <see langword="null"/>.</summary>
    public static string? FindTaken(string? urls)
    {
        foreach (var url in (urls ?? "").Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            // Kestrel's wildcards (http://*:5080, http://+:5080) are not valid URI hosts.
            var parsable = url.Replace("://*", "://0.0.0.0", StringComparison.Ordinal).Replace("://+", "://0.0.0.0", StringComparison.Ordinal);
            if (!Uri.TryCreate(parsable, UriKind.Absolute, out var uri) || uri.Port <= 0)
            {
                continue;
            }

            var address = uri.IsLoopback ? IPAddress.Loopback
                : IPAddress.TryParse(uri.Host.Trim('[', ']'), out var parsed) ? parsed
                : IPAddress.Any;
            if (IsTaken(address, uri.Port))
            {
                return url;
            }
        }

        return null;
    }

    public static string TakenMessage(string url) =>
        $"Cannot listen on {url}: the port is already in use (is the chat app already running?). Stop that process, "
        + "or pick another address with --urls, e.g. dotnet run --project samples/ChatApp -c Release -- --urls http://127.0.0.1:8080";

    public static bool IsAddressInUse(IOException exception) =>
        exception.InnerException is AddressInUseException
        || exception.InnerException is SocketException { SocketErrorCode: SocketError.AddressAlreadyInUse };

    private static bool IsTaken(IPAddress address, int port)
    {
        using var probe = new Socket(address.AddressFamily, SocketType.Stream, ProtocolType.Tcp);
        try
        {
            probe.Bind(new IPEndPoint(address, port));
            return false;
        }
        catch (SocketException ex) when (ex.SocketErrorCode == SocketError.AddressAlreadyInUse)
        {
            return true;
        }
        catch (SocketException)
        {
            // Not ours to judge (no such interface, no permission): Kestrel reports it.
            return false;
        }
    }
}
