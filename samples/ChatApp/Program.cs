// Chat app sample: a small chat web app on Chat.DataLayer (ASP.NET Core minimal API + one static page).
// With no DynamoDB or storage settings it starts the repository's dynalite and azurite-blob itself (npm ci --prefix
// eng/emulators installs them) and stops them on shutdown. See README.md for settings and endpoints.
using System.Reflection;
using Chat.DataLayer;
using Chat.DataLayer.Emulators;
using ChatApp.Api;
using ChatApp.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.FileProviders;

// --durable is ChatApp:Durable=true: the embedded emulators keep their data on disk across restarts.
var builder = WebApplication.CreateBuilder(BackendPlan.ExpandSwitches(args));

// Default address, unless --urls, ASPNETCORE_URLS or ASPNETCORE_HTTP_PORTS says otherwise.
var urls = builder.Configuration[WebHostDefaults.ServerUrlsKey];
if (string.IsNullOrEmpty(urls)
    && string.IsNullOrEmpty(builder.Configuration["http_ports"])
    && string.IsNullOrEmpty(builder.Configuration["https_ports"]))
{
    urls = "http://127.0.0.1:5080";
    builder.WebHost.UseUrls(urls);
}

// A taken port is the most common first-run failure: say so in one line, before starting any emulator.
if (ListenAddresses.FindTaken(urls) is { } taken)
{
    Console.Error.WriteLine(ListenAddresses.TakenMessage(taken));
    return 1;
}

// The host logs a failed start with its stack trace before rethrowing; the failures a user can fix are caught below
// and said in one line, and anything else still ends as an unhandled exception with its trace.
builder.Logging.AddFilter("Microsoft.Extensions.Hosting.Internal.Host", LogLevel.None);

BackendPlan plan;
try
{
    plan = builder.AddChatAppBackends();
}
catch (InvalidOperationException ex)
{
    // A configuration mistake (both storages set, a bad endpoint URL, ...): the message says which setting.
    Console.Error.WriteLine($"The chat app cannot start: {ex.Message}");
    return 1;
}

builder.Services.AddSingleton(TimeProvider.System);
builder.Services.AddSingleton<Assistant>();
builder.Services.AddProblemDetails();
builder.Services.AddExceptionHandler<ApiExceptionHandler>();
builder.Services.Configure<FormOptions>(options =>
    options.MultipartBodyLengthLimit = Uploads.MaxUploadBytes(builder.Configuration) + Uploads.FormOverheadBytes);
builder.Services.AddHttpClient(ElementContent.HttpClientName);
builder.Services.AddSingleton<ElementContent>();

var app = builder.Build();

app.UseExceptionHandler();
app.UseStatusCodePages();

// The page (wwwroot/index.html, app.js, app.css) is embedded in the assembly: no front-end build, any working directory.
var page = new EmbeddedFileProvider(Assembly.GetExecutingAssembly(), "ChatApp.wwwroot");
app.UseDefaultFiles(new DefaultFilesOptions { FileProvider = page });
app.UseStaticFiles(new StaticFileOptions
{
    FileProvider = page,
    OnPrepareResponse = context => context.Context.Response.Headers.CacheControl = "no-cache",
});

// Browsers ask for /favicon.ico whatever the page links: answer with the page's SVG icon rather than a 404.
app.MapGet("/favicon.ico", () => Results.Stream(page.GetFileInfo("favicon.svg").CreateReadStream(), "image/svg+xml"));
app.MapProjectEndpoints();
app.MapChatEndpoints();
app.MapHealthChecks("/health");

app.Lifetime.ApplicationStarted.Register(() =>
{
    var addresses = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()?.Addresses ?? [];
    Console.WriteLine($"Chat app ready: {addresses.FirstOrDefault() ?? "(no address)"}");
});

StartupProgress.Write($"Starting: {plan.Describe()}.");
try
{
    await app.RunAsync();
}
catch (EmulatorUnavailableException ex)
{
    Console.Error.WriteLine($"The chat app cannot start its emulators: {ex.Message}");
    return 1;
}
catch (IOException ex) when (ListenAddresses.IsAddressInUse(ex))
{
    // Taken between the check above and Kestrel's bind.
    Console.Error.WriteLine(ListenAddresses.TakenMessage(urls ?? ex.Message));
    return 1;
}

return 0;

/// <summary>The entry point, public for <c>WebApplicationFactory&lt;Program&gt;</c> in the browser tests.</summary>
public partial class Program;
