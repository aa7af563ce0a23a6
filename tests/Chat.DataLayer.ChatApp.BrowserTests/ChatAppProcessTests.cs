using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Net.Sockets;
using System.Text;
using System.Text.RegularExpressions;

namespace Chat.DataLayer.ChatApp.BrowserTests;

/// <summary>
/// The app as a user starts it: its own process (<c>dotnet ChatApp.dll</c>), its own emulators. A taken port, a hard
/// kill and a restart with <c>--durable</c>.
/// </summary>
public sealed partial class ChatAppProcessTests(ChatAppFixture app)
{
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(90);

    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Fact]
    public async Task TakenPort_EndsInOneLineNamingUrls_WithoutStartingEmulators()
    {
        app.RequireApp();
        using var taken = new TcpListener(IPAddress.Loopback, 0);
        taken.Start();
        var port = ((IPEndPoint)taken.LocalEndpoint).Port;

        await using var process = AppProcess.Start($"--urls=http://127.0.0.1:{port}");
        var exitCode = await process.WaitForExitAsync(TimeSpan.FromSeconds(60));

        Assert.Equal(1, exitCode);
        var output = process.Output;
        Assert.Contains($"Cannot listen on http://127.0.0.1:{port}: the port is already in use", output, StringComparison.Ordinal);
        Assert.Contains("--urls", output, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", output, StringComparison.Ordinal);
        Assert.DoesNotContain("Exception", output, StringComparison.Ordinal);
        Assert.DoesNotContain("emulator", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task KilledHard_LeavesNoEmulatorRunning()
    {
        app.RequireApp();
        Assert.SkipUnless(OperatingSystem.IsLinux(), "Reads process states from /proc.");
        await using var process = AppProcess.Start($"--urls=http://127.0.0.1:{FreePort()}");
        await process.WaitForReadyAsync(StartTimeout);
        var emulators = process.EmulatorProcessIds();
        Assert.Equal(2, emulators.Count);
        Assert.All(emulators, pid => Assert.True(IsRunning(pid), $"emulator pid {pid} should be running"));

        process.KillHard();

        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(15);
        while (emulators.Any(IsRunning) && DateTime.UtcNow < deadline)
        {
            await Task.Delay(200, Cancel);
        }

        Assert.All(emulators, pid => Assert.False(IsRunning(pid), $"emulator pid {pid} outlived the killed app"));
    }

    [Fact]
    public async Task Durable_KeepsThreadsAndFilesAcrossARestart_EvenAfterAHardKill()
    {
        app.RequireApp();
        var dataDirectory = Directory.CreateTempSubdirectory("chat-app-durable-").FullName;
        try
        {
            var port = FreePort();
            var threadId = Guid.NewGuid().ToString();
            var png = TestImages.Png(10, 10);
            await using (var first = AppProcess.Start($"--urls=http://127.0.0.1:{port}", "--durable", $"--ChatApp:DataDirectory={dataDirectory}"))
            {
                await first.WaitForReadyAsync(StartTimeout);
                Assert.Contains($"kept in {dataDirectory}", first.Output, StringComparison.Ordinal);
                using var client = await LoggedInClientAsync(port);
                using var form = new MultipartFormDataContent
                {
                    { new StringContent("Remember me after a restart"), "content" },
                    { new ByteArrayContent(png) { Headers = { ContentType = new("image/png") } }, "file", "dot.png" },
                };
                using var sent = await client.PostAsync($"/api/threads/{threadId}/messages", form, Cancel);
                sent.EnsureSuccessStatusCode();
                first.KillHard();
            }

            await using var second = AppProcess.Start($"--urls=http://127.0.0.1:{port}", "--durable", $"--ChatApp:DataDirectory={dataDirectory}");
            await second.WaitForReadyAsync(StartTimeout);
            using var again = await LoggedInClientAsync(port);
            var thread = await again.GetFromJsonAsync<System.Text.Json.JsonElement>($"/project/thread/{threadId}", Cancel);
            Assert.Equal("Remember me after a restart", thread.GetProperty("name").GetString());
            var element = Assert.Single(thread.GetProperty("elements").EnumerateArray());
            Assert.Equal(png, await again.GetByteArrayAsync(element.GetProperty("url").GetString(), Cancel));
        }
        finally
        {
            try
            {
                Directory.Delete(dataDirectory, recursive: true);
            }
            catch (IOException)
            {
                // An emulator still closing a file: the folder is in the temp directory.
            }
        }
    }

    private static async Task<HttpClient> LoggedInClientAsync(int port)
    {
        var client = new HttpClient(new HttpClientHandler { CookieContainer = new CookieContainer(), UseCookies = true })
        {
            BaseAddress = new Uri($"http://127.0.0.1:{port}"),
            Timeout = TimeSpan.FromSeconds(30),
        };
        using var login = await client.PostAsJsonAsync("/auth/login", new { name = "durable-user" }, Cancel);
        login.EnsureSuccessStatusCode();
        return client;
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    // Gone, or a zombie waiting for a parent that does not reap (the state letter after the command in /proc/{pid}/stat).
    private static bool IsRunning(int pid)
    {
        try
        {
            var stat = File.ReadAllText($"/proc/{pid}/stat");
            var state = stat[(stat.LastIndexOf(')') + 2)..].Split(' ')[0];
            return state is not ("Z" or "X");
        }
        catch (Exception ex) when (ex is FileNotFoundException or DirectoryNotFoundException or IOException)
        {
            return false;
        }
    }

    [GeneratedRegex(@"emulator ready: \S+ \(pid (\d+)\)")]
    private static partial Regex EmulatorReadyLine();

    /// <summary><c>dotnet ChatApp.dll</c> from the test's output folder, with its output collected.</summary>
    private sealed class AppProcess : IAsyncDisposable
    {
        private readonly Process _process;
        private readonly StringBuilder _output = new();
        private readonly TaskCompletionSource _ready = new(TaskCreationOptions.RunContinuationsAsynchronously);

        private AppProcess(Process process) => _process = process;

        public string Output
        {
            get
            {
                lock (_output)
                {
                    return _output.ToString();
                }
            }
        }

        public static AppProcess Start(params string[] arguments)
        {
            var startInfo = new ProcessStartInfo("dotnet")
            {
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                UseShellExecute = false,
                WorkingDirectory = AppContext.BaseDirectory,
            };
            startInfo.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "ChatApp.dll"));
            foreach (var argument in arguments)
            {
                startInfo.ArgumentList.Add(argument);
            }

            // Whatever the test environment says, the app uses its own emulators.
            startInfo.Environment["ChatApp__UseEmbeddedEmulators"] = "true";
            startInfo.Environment.Remove("ASPNETCORE_URLS");
            startInfo.Environment.Remove("ASPNETCORE_HTTP_PORTS");
            startInfo.Environment["Logging__LogLevel__Default"] = "Warning";

            var process = new Process { StartInfo = startInfo };
            var app = new AppProcess(process);
            process.OutputDataReceived += (_, e) => app.Capture(e.Data);
            process.ErrorDataReceived += (_, e) => app.Capture(e.Data);
            process.Start();
            process.BeginOutputReadLine();
            process.BeginErrorReadLine();
            return app;
        }

        public async Task WaitForReadyAsync(TimeSpan timeout)
        {
            var finished = await Task.WhenAny(_ready.Task, _process.WaitForExitAsync(Cancel), Task.Delay(timeout, Cancel));
            if (!_ready.Task.IsCompleted)
            {
                Assert.Fail($"The app did not say 'Chat app ready' ({(finished == _ready.Task ? "" : _process.HasExited ? $"exited with {_process.ExitCode}" : "timed out")}). Output:\n{Output}");
            }
        }

        public async Task<int> WaitForExitAsync(TimeSpan timeout)
        {
            using var wait = CancellationTokenSource.CreateLinkedTokenSource(Cancel);
            wait.CancelAfter(timeout);
            await _process.WaitForExitAsync(wait.Token);
            return _process.ExitCode;
        }

        public IReadOnlyList<int> EmulatorProcessIds() =>
            [.. EmulatorReadyLine().Matches(Output).Select(m => int.Parse(m.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture))];

        /// <summary>SIGKILL: no clean-up code runs in the app.</summary>
        public void KillHard()
        {
            if (!_process.HasExited)
            {
                _process.Kill(entireProcessTree: false);
                _process.WaitForExit(10_000);
            }
        }

        public async ValueTask DisposeAsync()
        {
            if (!_process.HasExited)
            {
                _process.Kill(entireProcessTree: true);
                await _process.WaitForExitAsync(CancellationToken.None);
            }

            _process.Dispose();
        }

        private void Capture(string? line)
        {
            if (line is null)
            {
                return;
            }

            lock (_output)
            {
                _output.AppendLine(line);
            }

            if (line.StartsWith("Chat app ready:", StringComparison.Ordinal))
            {
                _ready.TrySetResult();
            }
        }
    }
}
