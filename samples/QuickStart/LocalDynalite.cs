using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace QuickStart;

/// <summary>Starts the repository's pinned dynalite (eng/emulators) on a free loopback port, in memory.</summary>
internal sealed class LocalDynalite : IAsyncDisposable
{
    private readonly Process _process;

    private LocalDynalite(Process process, string serviceUrl)
    {
        _process = process;
        ServiceUrl = serviceUrl;
    }

    public string ServiceUrl { get; }

    public static async Task<LocalDynalite> StartAsync()
    {
        var root = FindRepositoryRoot();
        var cli = Path.Combine(root, "eng", "emulators", "node_modules", ".bin", "dynalite");
        if (!File.Exists(cli))
        {
            throw new InvalidOperationException($"dynalite is not installed: run 'npm ci --prefix eng/emulators' in {root} (./build.sh sample does it).");
        }

        var port = FreePort();
        var process = Process.Start(new ProcessStartInfo(cli,
            ["--host", "127.0.0.1", "--port", port.ToString(System.Globalization.CultureInfo.InvariantCulture),
             "--createTableMs", "0", "--deleteTableMs", "0", "--updateTableMs", "0"])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        }) ?? throw new InvalidOperationException("dynalite did not start.");

        for (var i = 0; i < 150; i++)
        {
            if (process.HasExited)
            {
                throw new InvalidOperationException($"dynalite exited: {await process.StandardError.ReadToEndAsync()}");
            }

            try
            {
                using var probe = new TcpClient();
                await probe.ConnectAsync(IPAddress.Loopback, port);
                return new LocalDynalite(process, $"http://127.0.0.1:{port}");
            }
            catch (SocketException)
            {
                await Task.Delay(100);
            }
        }

        process.Kill(entireProcessTree: true);
        throw new TimeoutException("dynalite did not open its port within 15 s.");
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }

        _process.Dispose();
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private static string FindRepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "eng", "emulators", "package.json")))
            {
                return dir.FullName;
            }
        }

        for (var dir = new DirectoryInfo(Directory.GetCurrentDirectory()); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "eng", "emulators", "package.json")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException("Run the sample from inside the repository (eng/emulators/package.json not found).");
    }
}
