using System.Net;
using System.Net.Sockets;

namespace Chat.DataLayer.Testing;

/// <summary>
/// Decides cheaply (a couple of seconds at most) whether a Docker engine answers, so that the Testcontainers
/// path is tried only where it can work. The <c>docker</c> CLI being installed proves nothing: the engine's
/// socket must answer <c>GET /_ping</c>.
/// </summary>
public static class DockerProbe
{
    private static readonly TimeSpan Budget = TimeSpan.FromSeconds(2);
    private static readonly Lazy<Task<string?>> Result = new(ProbeAsync);

    /// <summary>
    /// A description of the reachable engine (e.g. <c>unix:///var/run/docker.sock</c>), or <see langword="null"/>
    /// when none answers or when <c>CHAT_DATALAYER_TESTCONTAINERS</c> turns the path off. Probed once per process.
    /// </summary>
    public static Task<string?> FindEngineAsync() =>
        TestEnvironment.TestcontainersDisabled ? Task.FromResult<string?>(null) : Result.Value;

    private static async Task<string?> ProbeAsync()
    {
        using var budget = new CancellationTokenSource(Budget);
        var dockerHost = TestEnvironment.GetVariable("DOCKER_HOST");
        if (dockerHost is not null)
        {
            return await ProbeHostAsync(dockerHost, budget.Token).ConfigureAwait(false) ? dockerHost : null;
        }

        foreach (var socket in CandidateSockets())
        {
            if (File.Exists(socket) && await PingUnixSocketAsync(socket, budget.Token).ConfigureAwait(false))
            {
                return "unix://" + socket;
            }
        }

        return null;
    }

    private static IEnumerable<string> CandidateSockets()
    {
        yield return "/var/run/docker.sock";
        var home = Environment.GetFolderPath(Environment.SpecialFolder.UserProfile);
        if (!string.IsNullOrEmpty(home))
        {
            yield return Path.Combine(home, ".docker", "run", "docker.sock");
            yield return Path.Combine(home, ".docker", "desktop", "docker.sock");
        }

        var runtime = TestEnvironment.GetVariable("XDG_RUNTIME_DIR");
        if (runtime is not null)
        {
            yield return Path.Combine(runtime, "docker.sock");
        }
    }

    private static async Task<bool> ProbeHostAsync(string dockerHost, CancellationToken cancellationToken)
    {
        if (!Uri.TryCreate(dockerHost, UriKind.Absolute, out var uri))
        {
            return false;
        }

        switch (uri.Scheme)
        {
            case "unix":
                return await PingUnixSocketAsync(uri.AbsolutePath, cancellationToken).ConfigureAwait(false);
            case "tcp":
                if (TestEnvironment.GetVariable("DOCKER_TLS_VERIFY") is not null)
                {
                    // A TLS engine needs client certificates to ping; an open port is the cheap answer.
                    return await CanConnectAsync(uri.Host, uri.Port, cancellationToken).ConfigureAwait(false);
                }

                return await PingAsync(new Uri($"http://{uri.Host}:{uri.Port}/_ping"), null, cancellationToken)
                    .ConfigureAwait(false);
            case "npipe":
                // Windows named pipe: no cheap managed probe; let Testcontainers try.
                return true;
            default:
                return false;
        }
    }

    private static Task<bool> PingUnixSocketAsync(string path, CancellationToken cancellationToken) =>
        PingAsync(new Uri("http://docker/_ping"), path, cancellationToken);

    private static async Task<bool> PingAsync(Uri uri, string? unixSocket, CancellationToken cancellationToken)
    {
        using var handler = new SocketsHttpHandler();
        if (unixSocket is not null)
        {
            handler.ConnectCallback = async (_, ct) =>
            {
                var socket = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
                try
                {
                    await socket.ConnectAsync(new UnixDomainSocketEndPoint(unixSocket), ct).ConfigureAwait(false);
                    return new NetworkStream(socket, ownsSocket: true);
                }
                catch
                {
                    socket.Dispose();
                    throw;
                }
            };
        }

        using var client = new HttpClient(handler) { Timeout = Timeout.InfiniteTimeSpan };
        try
        {
            using var response = await client.GetAsync(uri, cancellationToken).ConfigureAwait(false);
            return response.StatusCode == HttpStatusCode.OK;
        }
        catch (HttpRequestException)
        {
            return false;
        }
        catch (SocketException)
        {
            return false;
        }
        catch (OperationCanceledException)
        {
            // Out of budget: treat a slow engine as absent.
            return false;
        }
    }

    private static async Task<bool> CanConnectAsync(string host, int port, CancellationToken cancellationToken)
    {
        using var client = new TcpClient();
        try
        {
            await client.ConnectAsync(host, port, cancellationToken).ConfigureAwait(false);
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }
}
