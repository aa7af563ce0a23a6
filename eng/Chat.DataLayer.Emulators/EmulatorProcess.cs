using System.ComponentModel;
using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;

namespace Chat.DataLayer.Emulators;

/// <summary>
/// One emulator (a Node CLI from <c>eng/emulators/node_modules/.bin</c>) listening on 127.0.0.1 and a free
/// port. <see cref="StartAsync"/> returns once the port accepts connections; <see cref="DisposeAsync"/> kills
/// the whole process tree and deletes the emulator's scratch folder. The repository's one launcher: the test
/// fixtures, the samples and the benchmarks all start their emulators through it.
/// </summary>
/// <remarks>
/// An emulator never outlives the process that started it, even when that process is killed hard (<c>kill -9</c>, an
/// IDE's stop button) and no clean-up code runs: the launcher holds the write end of the emulator's stdin, and a
/// small script preloaded into Node (<c>--require</c> through <c>NODE_OPTIONS</c>) exits the emulator when its
/// stdin closes, which the operating system does when the launching process dies, however it dies. The same signal
/// stops it on <see cref="DisposeAsync"/>: closing stdin makes the emulator shut down the way it does on SIGTERM
/// (Azurite saves its metadata first, which matters for data kept on disk); the process tree is killed only if it is
/// still there after <see cref="GracefulStopTimeout"/>.
/// </remarks>
public sealed class EmulatorProcess : IAsyncDisposable
{
    /// <summary>The install step, quoted in every "not installed" message.</summary>
    public const string InstallHint =
        "run `npm ci --prefix eng/emulators` from the repository root (`./build.sh test` and `./build.sh sample` do it)";

    /// <summary>The variable that points at another folder holding the emulators' <c>package.json</c> and <c>node_modules</c>.</summary>
    public const string EmulatorsDirectoryVariable = "CHAT_DATALAYER_EMULATORS_DIR";

    /// <summary>The host every emulator binds to.</summary>
    public const string Host = "127.0.0.1";

    /// <summary>How long <see cref="DisposeAsync"/> lets the emulator shut down on its own before killing it.</summary>
    public static readonly TimeSpan GracefulStopTimeout = TimeSpan.FromSeconds(5);

    private const int MaxOutputLines = 200;
    private const string ExitWithParentScriptName = "exit-with-parent.cjs";

    // Preloaded into the emulator's Node process. The launcher keeps the other end of stdin open; the OS closes it when
    // the launcher exits for any reason, and the emulator follows. Nothing is ever written to stdin.
    private const string ExitWithParentScript = """
        // Written by Chat.DataLayer's emulator launcher (eng/Chat.DataLayer.Emulators): this emulator stops when the
        // process that started it closes this process's stdin, or is gone (even after a kill -9: the OS closes it then).
        // It stops the way it does on SIGTERM when it handles that (Azurite saves its data), else it exits at once.
        'use strict';
        let stopping = false;
        function stop() {
          if (stopping) return;
          stopping = true;
          setTimeout(() => process.exit(0), 10000).unref();
          if (process.listenerCount('SIGTERM') > 0) process.kill(process.pid, 'SIGTERM');
          else process.exit(0);
        }
        process.stdin.on('end', stop);
        process.stdin.on('close', stop);
        process.stdin.on('error', stop);
        process.stdin.resume();
        """;
    private const int PortAttempts = 3;

    private readonly Process _process;
    private readonly Queue<string> _output = new();
    private int _disposed;

    private EmulatorProcess(string name, int port, string workingDirectory, Process process)
    {
        Name = name;
        Port = port;
        WorkingDirectory = workingDirectory;
        _process = process;
        AppDomain.CurrentDomain.ProcessExit += OnHostExit;
    }

    /// <summary>The CLI name, e.g. <c>dynalite</c>.</summary>
    public string Name { get; }

    /// <summary>The port the emulator listens on (on <see cref="Host"/>).</summary>
    public int Port { get; }

    /// <summary>The emulator's base URL, <c>http://127.0.0.1:{port}</c>.</summary>
    public string ServiceUrl => string.Create(CultureInfo.InvariantCulture, $"http://{Host}:{Port}");

    /// <summary>A fresh temporary folder, the emulator's working directory, deleted on dispose.</summary>
    public string WorkingDirectory { get; }

    /// <summary>The id of the emulator's (root) process.</summary>
    public int ProcessId => _process.Id;

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
    /// The folder that holds the emulators' <c>package.json</c> and <c>node_modules</c>: the value of
    /// <c>CHAT_DATALAYER_EMULATORS_DIR</c> when set, else <c>eng/emulators</c> of the first folder above
    /// <see cref="AppContext.BaseDirectory"/> (or else the current directory) that has <c>eng/emulators/package.json</c>.
    /// </summary>
    /// <exception cref="EmulatorUnavailableException">Neither is found.</exception>
    public static string FindEmulatorsDirectory()
    {
        var overridden = Environment.GetEnvironmentVariable(EmulatorsDirectoryVariable)?.Trim();
        if (!string.IsNullOrEmpty(overridden))
        {
            if (!File.Exists(Path.Combine(overridden, "package.json")))
            {
                throw new EmulatorUnavailableException(
                    $"{EmulatorsDirectoryVariable}={overridden} does not hold a package.json.");
            }

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

        throw new EmulatorUnavailableException(
            $"No eng/emulators/package.json above {AppContext.BaseDirectory} or the current directory: run from inside the repository, or set {EmulatorsDirectoryVariable} to the folder that has it.");
    }

    /// <summary>
    /// Starts <c>node_modules/.bin/<paramref name="name"/></c> on a free port and waits until it listens.
    /// </summary>
    /// <param name="name">The CLI name (<c>dynalite</c>, <c>s3rver</c>, <c>azurite-blob</c>).</param>
    /// <param name="arguments">Builds the command line from the chosen port and the scratch folder.</param>
    /// <param name="startTimeout">How long to wait for the port (default 30 s).</param>
    /// <param name="cancellationToken">Cancels the wait.</param>
    /// <exception cref="EmulatorUnavailableException">Node.js or the npm packages are not installed.</exception>
    /// <exception cref="InvalidOperationException">The emulator exited or did not listen in time; the message
    /// carries its output.</exception>
    public static async Task<EmulatorProcess> StartAsync(
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
                // Another process took the port between our probe and the emulator's bind: pick another.
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
    /// Starts dynalite (DynamoDB) with tables created, updated and deleted at once: in memory, or on disk in
    /// <paramref name="dataDirectory"/> (created when missing), where the data outlives the process.
    /// </summary>
    /// <param name="dataDirectory">A folder that keeps the data across restarts, or <see langword="null"/> for memory.</param>
    /// <param name="cancellationToken">Cancels the wait.</param>
    public static Task<EmulatorProcess> StartDynaliteAsync(string? dataDirectory = null, CancellationToken cancellationToken = default)
    {
        var path = PrepareDataDirectory(dataDirectory);
        return StartAsync("dynalite", (port, _) =>
        {
            List<string> arguments =
            [
                "--host", Host, "--port", port.ToString(CultureInfo.InvariantCulture),
                "--createTableMs", "0", "--deleteTableMs", "0", "--updateTableMs", "0",
            ];
            if (path is not null)
            {
                arguments.AddRange(["--path", path]);
            }

            return arguments;
        }, cancellationToken: cancellationToken);
    }

    /// <summary>
    /// Starts azurite-blob (Azure Blob Storage; <c>--skipApiVersionCheck</c>, which the current Azure SDK needs): in
    /// memory, or on disk in <paramref name="dataDirectory"/> (created when missing), where the blobs outlive the process.
    /// </summary>
    /// <param name="dataDirectory">A folder that keeps the blobs across restarts, or <see langword="null"/> for memory.</param>
    /// <param name="cancellationToken">Cancels the wait.</param>
    public static Task<EmulatorProcess> StartAzuriteBlobAsync(string? dataDirectory = null, CancellationToken cancellationToken = default)
    {
        var path = PrepareDataDirectory(dataDirectory);
        return StartAsync("azurite-blob", (port, _) =>
        [
            "--blobHost", Host, "--blobPort", port.ToString(CultureInfo.InvariantCulture),
            .. path is null ? new[] { "--inMemoryPersistence" } : ["--location", path],
            "--skipApiVersionCheck", "--disableTelemetry", "--silent",
        ], cancellationToken: cancellationToken);
    }

    /// <summary>Kills the emulator's process tree and deletes its scratch folder. Safe to call twice.</summary>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        AppDomain.CurrentDomain.ProcessExit -= OnHostExit;
        if (!await StopGracefullyAsync(GracefulStopTimeout).ConfigureAwait(false))
        {
            Kill();
            using var wait = new CancellationTokenSource(TimeSpan.FromSeconds(10));
            try
            {
                await _process.WaitForExitAsync(wait.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                // Reported by nothing: the kill was sent, the OS reaps the process.
            }
        }

        _process.Dispose();
        DeleteDirectory(WorkingDirectory);
    }

    /// <summary>Returns a port that was free a moment ago (bound on port 0, then released).</summary>
    public static int GetFreePort()
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

    /// <summary>Describes the emulator for messages: name, pid and address.</summary>
    public override string ToString() => $"{Name} (pid {_process.Id}) on {Host}:{Port}";

    private static string? PrepareDataDirectory(string? dataDirectory)
    {
        if (string.IsNullOrWhiteSpace(dataDirectory))
        {
            return null;
        }

        return Directory.CreateDirectory(Path.GetFullPath(dataDirectory)).FullName;
    }

    private static string FindExecutable(string name)
    {
        var emulators = FindEmulatorsDirectory();
        var binDirectory = Path.Combine(emulators, "node_modules", ".bin");
        var executable = Path.Combine(binDirectory, OperatingSystem.IsWindows() ? name + ".cmd" : name);
        if (!File.Exists(executable))
        {
            throw new EmulatorUnavailableException(
                $"The {name} emulator is not installed ({executable} is missing): {InstallHint}.");
        }

        if (FindOnPath(OperatingSystem.IsWindows() ? "node.exe" : "node") is null)
        {
            throw new EmulatorUnavailableException(
                $"Node.js (`node`) is not on PATH, and the {name} emulator needs it: install Node.js 20 or later, then {InstallHint}.");
        }

        return executable;
    }

    private static string? FindOnPath(string fileName)
    {
        var path = Environment.GetEnvironmentVariable("PATH") ?? string.Empty;
        foreach (var directory in path.Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries))
        {
            var candidate = Path.Combine(directory, fileName);
            if (File.Exists(candidate))
            {
                return candidate;
            }
        }

        return null;
    }

    private static EmulatorProcess Launch(
        string name, string executable, int port, string workingDirectory, IEnumerable<string> arguments)
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

        // Exit with the launcher (see the remarks on the class): preload the script that watches stdin.
        var script = Path.Combine(workingDirectory, ExitWithParentScriptName);
        File.WriteAllText(script, ExitWithParentScript);
        var preload = $"--require \"{script.Replace('\\', '/')}\"";
        var inherited = Environment.GetEnvironmentVariable("NODE_OPTIONS");
        startInfo.Environment["NODE_OPTIONS"] = string.IsNullOrWhiteSpace(inherited) ? preload : $"{inherited} {preload}";

        var process = new Process { StartInfo = startInfo, EnableRaisingEvents = true };
        var emulator = new EmulatorProcess(name, port, workingDirectory, process);
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
            throw new InvalidOperationException($"Could not start {executable}: {ex.Message}", ex);
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
                var output = Output;
                var message =
                    $"The {Name} emulator exited with code {_process.ExitCode} before listening on {Host}:{Port}. Output:{Environment.NewLine}{output}";
                if (output.Contains("EADDRINUSE", StringComparison.Ordinal))
                {
                    throw new PortTakenException(message);
                }

                throw new InvalidOperationException(message);
            }

            if (await CanConnectAsync(cancellationToken).ConfigureAwait(false))
            {
                return;
            }

            if (clock.Elapsed > timeout)
            {
                throw new InvalidOperationException(
                    $"The {Name} emulator (pid {_process.Id}) did not listen on {Host}:{Port} within {timeout.TotalSeconds:0} s. Output:{Environment.NewLine}{Output}");
            }

            await Task.Delay(100, cancellationToken).ConfigureAwait(false);
        }
    }

    private async Task<bool> CanConnectAsync(CancellationToken cancellationToken)
    {
        using var client = new TcpClient();
        using var attempt = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        attempt.CancelAfter(TimeSpan.FromSeconds(1));
        try
        {
            await client.ConnectAsync(IPAddress.Loopback, Port, attempt.Token).ConfigureAwait(false);
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return false;
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
            // Already exited, or never started.
        }
        catch (Win32Exception)
        {
            // Exited between the check and the kill.
        }
    }

    // Closes stdin (the emulator's signal to stop, see the class remarks) and waits for the exit.
    private async Task<bool> StopGracefullyAsync(TimeSpan timeout)
    {
        try
        {
            if (_process.HasExited)
            {
                return true;
            }

            _process.StandardInput.Close();
            using var wait = new CancellationTokenSource(timeout);
            await _process.WaitForExitAsync(wait.Token).ConfigureAwait(false);
            return true;
        }
        catch (OperationCanceledException)
        {
            return false;
        }
        catch (InvalidOperationException)
        {
            // Never started.
            return true;
        }
        catch (IOException)
        {
            // The pipe is already broken: the emulator is going anyway; make sure.
            return false;
        }
    }

    // The host is exiting without disposing us: a short graceful stop, then the kill.
    private void OnHostExit(object? sender, EventArgs e)
    {
        try
        {
            if (!_process.HasExited)
            {
                _process.StandardInput.Close();
                if (_process.WaitForExit(TimeSpan.FromSeconds(2)))
                {
                    return;
                }
            }
        }
        catch (InvalidOperationException)
        {
            return;
        }
        catch (IOException)
        {
            // Fall through to the kill.
        }

        Kill();
    }

    private static void DeleteDirectory(string path)
    {
        try
        {
            Directory.Delete(path, recursive: true);
        }
        catch (IOException)
        {
            // A file still open by a dying process: the folder is under the temp directory anyway.
        }
        catch (UnauthorizedAccessException)
        {
            // Same.
        }
    }

    private sealed class PortTakenException(string message) : InvalidOperationException(message);
}
