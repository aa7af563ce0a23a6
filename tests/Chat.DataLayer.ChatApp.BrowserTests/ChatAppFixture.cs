using System.Net;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Playwright;

[assembly: AssemblyFixture(typeof(Chat.DataLayer.ChatApp.BrowserTests.ChatAppFixture))]

namespace Chat.DataLayer.ChatApp.BrowserTests;

/// <summary>
/// Runs samples/ChatApp once for the whole assembly: in-process (<see cref="WebApplicationFactory{TEntryPoint}"/>) on a
/// real Kestrel port, with its embedded dynalite and azurite-blob; and one headless system Chromium driven by Playwright.
/// Without Node's emulators or without /usr/bin/chromium the tests skip with a message, or fail under <c>CI=true</c>.
/// </summary>
public sealed class ChatAppFixture : IAsyncLifetime
{
    /// <summary>The browser the tests drive: Debian's chromium package. Playwright's own browser download is never used.</summary>
    public const string DefaultChromiumPath = "/usr/bin/chromium";

    /// <summary>Names another Chromium or Chrome executable (for example on a developer's Mac).</summary>
    public const string ChromiumPathVariable = "CHAT_DATALAYER_CHROMIUM_PATH";

    /// <summary>The app's <c>ChatApp:MaxUploadBytes</c> in these tests: 2 MB.</summary>
    public const long MaxUploadBytes = 2 * 1024 * 1024;

    private static readonly string[] ChromiumArgs =
    [
        "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
        "--no-first-run", "--disable-sync",
    ];

    private ChatAppFactory? _factory;
    private IPlaywright? _playwright;

    /// <summary>The app's base URL, e.g. <c>http://127.0.0.1:41234</c>.</summary>
    public Uri BaseUrl { get; private set; } = new("http://127.0.0.1/");

    /// <summary>The running browser, once <see cref="RequireBrowser"/> passed.</summary>
    public IBrowser? Browser { get; private set; }

    /// <summary>Why the app did not start, or <see langword="null"/>.</summary>
    public string? AppUnavailable { get; private set; }

    /// <summary>Why the browser did not start, or <see langword="null"/>.</summary>
    public string? BrowserUnavailable { get; private set; }

    /// <summary>Where screenshots go: <c>TestResults/screenshots</c> under the test's output folder.</summary>
    public static string ScreenshotDirectory => Path.Combine(AppContext.BaseDirectory, "TestResults", "screenshots");

    private static string ChromiumPath =>
        Environment.GetEnvironmentVariable(ChromiumPathVariable) is { Length: > 0 } path ? path : DefaultChromiumPath;

    private static bool IsCi => Environment.GetEnvironmentVariable("CI") is { } ci
        && (ci.Trim().Equals("true", StringComparison.OrdinalIgnoreCase) || ci.Trim() == "1");

    public async ValueTask InitializeAsync()
    {
        try
        {
            _factory = new ChatAppFactory();
            _factory.UseKestrel(options => options.Listen(IPAddress.Loopback, 0));
            _factory.StartServer();
            var address = _factory.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()?.Addresses.FirstOrDefault()
                ?? throw new InvalidOperationException("Kestrel reported no address.");
            BaseUrl = new Uri(address.Replace("localhost", "127.0.0.1", StringComparison.Ordinal));
        }
        catch (Exception ex) when (ex is InvalidOperationException or IOException or AggregateException or Emulators.EmulatorUnavailableException)
        {
            AppUnavailable = "samples/ChatApp did not start (its embedded emulators need `npm ci --prefix eng/emulators` "
                + $"and Node.js): {ex.GetBaseException().Message}";
            return;
        }

        if (!File.Exists(ChromiumPath))
        {
            BrowserUnavailable = $"{ChromiumPath} is missing: install Debian's chromium package (apt-get install -y chromium), "
                + $"or set {ChromiumPathVariable} to a Chromium or Chrome executable.";
            return;
        }

        try
        {
            _playwright = await Playwright.CreateAsync();
            // Launch gives the browser a fresh temporary user-data dir, deleted when it closes; each test then uses
            // its own BrowserContext (own cookies and storage).
            Browser = await _playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
            {
                ExecutablePath = ChromiumPath,
                Headless = true,
                Args = ChromiumArgs,
                Timeout = 60_000,
            });
        }
        catch (PlaywrightException ex)
        {
            BrowserUnavailable = $"Chromium did not start through Playwright: {ex.Message}";
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (Browser is not null)
        {
            await Browser.CloseAsync();
        }

        _playwright?.Dispose();
        if (_factory is not null)
        {
            // Stops the host, which stops the embedded emulators.
            await _factory.DisposeAsync();
        }
    }

    /// <summary>Skips (locally) or fails (CI) the calling test when the app is not running.</summary>
    public void RequireApp()
    {
        if (AppUnavailable is { } reason)
        {
            SkipOrFail(reason);
        }
    }

    /// <summary>Skips (locally) or fails (CI) the calling test when the app or the browser is not running.</summary>
    public IBrowser RequireBrowser()
    {
        RequireApp();
        if (BrowserUnavailable is { } reason || Browser is null)
        {
            SkipOrFail(BrowserUnavailable ?? "The browser did not start.");
        }

        return Browser!;
    }

    /// <summary>A client for the app's API with its own cookie jar (its own login).</summary>
    public HttpClient CreateApiClient()
    {
        RequireApp();
        return new HttpClient(new HttpClientHandler { CookieContainer = new CookieContainer(), UseCookies = true })
        {
            BaseAddress = BaseUrl,
            Timeout = TimeSpan.FromSeconds(30),
        };
    }

    private static void SkipOrFail(string reason)
    {
        if (IsCi)
        {
            Assert.Fail(reason + " (CI=true: the browser tests fail instead of skipping; the build script installs chromium and the emulators.)");
        }

        Assert.Skip(reason);
    }

    private sealed class ChatAppFactory : WebApplicationFactory<Program>
    {
        protected override IHost CreateHost(IHostBuilder builder)
        {
            // Host configuration reaches Program.cs before builder.Build() (the factory passes it as arguments), where the
            // app decides which services to use: always its own emulators here, whatever the environment says.
            builder.ConfigureHostConfiguration(configuration => configuration.AddInMemoryCollection(new Dictionary<string, string?>
            {
                ["ChatApp:UseEmbeddedEmulators"] = "true",
                ["ChatDataLayer:TableName"] = "chat-browser-tests",
                // Small enough that a test can send a file over the limit without moving 10 MB through the browser.
                ["ChatApp:MaxUploadBytes"] = MaxUploadBytes.ToString(System.Globalization.CultureInfo.InvariantCulture),
                ["urls"] = "http://127.0.0.1:0",
            }));
            builder.ConfigureLogging(logging => logging
                .SetMinimumLevel(LogLevel.Warning)
                .AddFilter("ChatApp", LogLevel.Information));
            return base.CreateHost(builder);
        }

        protected override void ConfigureWebHost(IWebHostBuilder builder) => builder.UseEnvironment(Environments.Development);
    }
}
