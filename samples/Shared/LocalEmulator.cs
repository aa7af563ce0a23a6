// Compiled into each sample that needs a local service (<Compile Include="../Shared/LocalEmulator.cs" />).
using System.ComponentModel;
using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;

namespace Chat.DataLayer.Samples;

/// <summary>
/// One of the repository's pinned emulators (a Node CLI in <c>eng/emulators/node_modules/.bin</c>: dynalite,
/// azurite-blob, s3rver) running on 127.0.0.1 and a free port. <see cref="StartAsync"/> returns once the port accepts
/// connections; <see cref="DisposeAsync"/> kills the whole process tree and deletes the emulator's scratch folder.
/// </summary>
internal sealed class LocalEmulator : IAsyncDisposable
{
    /// <summary>The host every emulator binds to.</summary>
    public const string Host = "127.0.0.1";

    private const string InstallHint = "run 'npm ci --prefix eng/emulators' from the repository root (./build.sh sample does it)";
    private const int MaxOutputLines = 100;
    private const int PortAttempts = 3;

    private readonly Process _process;
    private readonly Queue<string> _output = new();
    private int _disposed;

    private LocalEmulator(string name, int port, string workingDirectory, Process process)
    {
        Name = name;
        Port = port;
        WorkingDirectory = workingDirectory;
        _process = process;
        AppDomain.CurrentDomain.ProcessExit += OnHostExit;
    }

    /// <summary>The CLI's name, such as <c>dynalite</c>.</summary>
    public string Name { get; }

    /// <summary>The port the emulator listens on (on <see cref="Host"/>).</summary>
    public int Port { get; }

    /// <summary>The emulator's base URL, <c>http://127.0.0.1:{port}</c>.</summary>
    public string ServiceUrl => string.Create(CultureInfo.InvariantCulture, $"http://{Host}:{Port}");

    /// <summary>A fresh temporary folder, the emulator's working directory; deleted on dispose.</summary>
    public string WorkingDirectory { get; }

    /// <summary>The last lines the emulator wrote to stdout and stderr.</summary>
    public string Output
    {
        get
        {
            lock (_output)
            {
                return string.Join(Environment.NewLine, _output);
            }
        }
    }

    /// <summary>
    /// Starts <c>eng/emulators/node_modules/.bin/<paramref name="name"/></c> on a free loopback port and waits until
    /// it listens. A port taken between the probe and the emulator's bind is retried on another port.
    /// </summary>
    /// <param name="name">The CLI (<c>dynalite</c>, <c>azurite-blob</c>, <c>s3rver</c>).</param>
    /// <param name="arguments">The command line for the chosen port and scratch folder.</param>
    /// <param name="startTimeout">How long to wait for the port; default 30 s.</param>
    /// <param name="cancellationToken">Cancels the wait.</param>
    /// <exception cref="InvalidOperationException">The emulator is not installed, exited, or did not listen in time.</exception>
    public static async Task<LocalEmulator> StartAsync(
        string name,
        Func<int, string, IEnumerable<string>> arguments,
        TimeSpan? startTimeout = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        ArgumentNullException.ThrowIfNull(arguments);

        var executable = FindExecutable(name);
        var timeout = startTimeout ?? TimeSpan.FromSeconds(30);
        for (var attempt = 1; ; attempt++)
        {
            var port = GetFreePort();
            var workingDirectory = Directory.CreateTempSubdirectory($"chat-datalayer-{name}-").FullName;
            var emulator = Launch(name, executable, port, workingDirectory, arguments(port, workingDirectory));
            try
            {
                await emulator.WaitUntilListeningAsync(timeout, cancellationToken).ConfigureAwait(false);
                return emulator;
            }
            catch (PortTakenException) when (attempt < PortAttempts)
            {
                await emulator.DisposeAsync().ConfigureAwait(false);
            }
            catch
            {
                await emulator.DisposeAsync().ConfigureAwait(false);
                throw;
            }
        }
    }

    /// <summary>
    /// The folder holding the emulators' <c>package.json</c>: <c>CHAT_DATALAYER_EMULATORS_DIR</c> when set, else
    /// <c>eng/emulators</c> of the first folder above the app's base directory (or the current directory) that has one.
    /// </summary>
    /// <exception cref="InvalidOperationException">No such folder.</exception>
    public static string FindEmulatorsDirectory()
    {
        var overridden = Environment.GetEnvironmentVariable("CHAT_DATALAYER_EMULATORS_DIR");
        if (!string.IsNullOrWhiteSpace(overridden) && File.Exists(Path.Combine(overridden, "package.json")))
        {
            return Path.GetFullPath(overridden);
        }

        foreach (var start in new[] { AppContext.BaseDirectory, Directory.GetCurrentDirectory() })
        {
            for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
            {
                var candidate = Path.Combine(dir.FullName, "eng", "emulators");
                if (File.Exists(Path.Combine(candidate, "package.json")))
                {
                    return candidate;
                }
            }
        }

        throw new InvalidOperationException(
            "Run the sample from inside the repository: eng/emulators/package.json was not found above "
            + $"{AppContext.BaseDirectory} (or set CHAT_DATALAYER_EMULATORS_DIR).");
    }

    /// <summary>Kills the emulator's process tree and deletes its scratch folder. Safe to call twice.</summary>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        AppDomain.CurrentDomain.ProcessExit -= OnHostExit;
        Kill();
        using (var wait = new CancellationTokenSource(TimeSpan.FromSeconds(10)))
        {
            try
            {
                await _process.WaitForExitAsync(wait.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                // The kill was sent; the OS reaps the process.
            }
        }

        _process.Dispose();
        DeleteDirectory(WorkingDirectory);
    }

    /// <inheritdoc />
    public override string ToString() => $"{Name} (pid {_process.Id}) on {Host}:{Port}";

    private static string FindExecutable(string name)
    {
        var root = FindEmulatorsDirectory();
        var executable = Path.Combine(root, "node_modules", ".bin", OperatingSystem.IsWindows() ? name + ".cmd" : name);
        if (!File.Exists(executable))
        {
            throw new InvalidOperationException($"{name} is not installed ({executable} is missing): {InstallHint}.");
        }

        return executable;
    }

    private static int GetFreePort()
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        try
        {
            return ((IPEndPoint)listener.LocalEndpoint).Port;
        }
        finally
        {
            listener.Stop();
        }
    }

    private static LocalEmulator Launch(string name, string executable, int port, string workingDirectory, IEnumerable<string> arguments)
    {
        var startInfo = new ProcessStartInfo(executable)
        {
            UseShellExecute = false,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = workingDirectory,
            CreateNoWindow = true,
        };
        foreach (var argument in arguments)
        {
            startInfo.ArgumentList.Add(argument);
        }

        var process = new Process { StartInfo = startInfo, EnableRaisingEvents = true };
        var emulator = new LocalEmulator(name, port, workingDirectory, process);
        process.OutputDataReceived += (_, e) => emulator.Capture(e.Data);
        process.ErrorDataReceived += (_, e) => emulator.Capture(e.Data);
        try
        {
            process.Start();
        }
        catch (Win32Exception ex)
        {
            AppDomain.CurrentDomain.ProcessExit -= emulator.OnHostExit;
            process.Dispose();
            DeleteDirectory(workingDirectory);
            throw new InvalidOperationException($"Could not start {executable} (is Node.js installed?): {ex.Message}", ex);
        }

        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return emulator;
    }

    private async Task WaitUntilListeningAsync(TimeSpan timeout, CancellationToken cancellationToken)
    {
        var clock = Stopwatch.StartNew();
        while (true)
        {
            if (_process.HasExited)
            {
                // Let the output readers drain what the process wrote before it died.
                await _process.WaitForExitAsync(cancellationToken).ConfigureAwait(false);
                var message = $"{Name} exited with code {_process.ExitCode} before listening on {Host}:{Port}. Output:{Environment.NewLine}{Output}";
                if (Output.Contains("EADDRINUSE", StringComparison.Ordinal))
                {
                    throw new PortTakenException(message);
                }

                throw new InvalidOperationException(message);
            }

            using (var client = new TcpClient())
            using (var attempt = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken))
            {
                attempt.CancelAfter(TimeSpan.FromSeconds(1));
                try
                {
                    await client.ConnectAsync(IPAddress.Loopback, Port, attempt.Token).ConfigureAwait(false);
                    return;
                }
                catch (SocketException)
                {
                    // Not listening yet.
                }
                catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
                {
                    // This attempt timed out; try again.
                }
            }

            if (clock.Elapsed > timeout)
            {
                throw new InvalidOperationException(
                    $"{Name} (pid {_process.Id}) did not listen on {Host}:{Port} within {timeout.TotalSeconds:0} s. Output:{Environment.NewLine}{Output}");
            }

            await Task.Delay(100, cancellationToken).ConfigureAwait(false);
        }
    }

    private void Capture(string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (_output)
        {
            _output.Enqueue(line);
            while (_output.Count > MaxOutputLines)
            {
                _output.Dequeue();
            }
        }
    }

    private void Kill()
    {
        try
        {
            if (!_process.HasExited)
            {
                _process.Kill(entireProcessTree: true);
            }
        }
        catch (InvalidOperationException)
        {
            // Never started or already gone.
        }
        catch (Win32Exception)
        {
            // Exited between the check and the kill.
        }
    }

    // The host is exiting without disposing us (an unhandled exception, Environment.Exit): do not leave Node behind.
    private void OnHostExit(object? sender, EventArgs e) => Kill();

    private static void DeleteDirectory(string path)
    {
        try
        {
            Directory.Delete(path, recursive: true);
        }
        catch (IOException)
        {
            // A file is still held; the temp folder is cleaned by the OS eventually.
        }
        catch (UnauthorizedAccessException)
        {
            // Same.
        }
    }

    private sealed class PortTakenException(string message) : InvalidOperationException(message);
}
