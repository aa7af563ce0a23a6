// Chat app sample: a small chat web app on Chat.DataLayer (ASP.NET Core minimal API + one static page).
// With no DynamoDB or storage settings it starts the repository's dynalite and azurite-blob itself (npm ci --prefix
// eng/emulators installs them) and stops them on shutdown. See README.md for settings and endpoints.
using System.Reflection;
using Chat.DataLayer;
using ChatApp.Api;
using ChatApp.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.FileProviders;

var builder = WebApplication.CreateBuilder(args);

// Default address, unless --urls, ASPNETCORE_URLS or ASPNETCORE_HTTP_PORTS says otherwise.
if (string.IsNullOrEmpty(builder.Configuration[WebHostDefaults.ServerUrlsKey])
    && string.IsNullOrEmpty(builder.Configuration["http_ports"])
    && string.IsNullOrEmpty(builder.Configuration["https_ports"]))
{
    builder.WebHost.UseUrls("http://127.0.0.1:5080");
}

var plan = builder.AddChatAppBackends();
builder.Services.AddSingleton(TimeProvider.System);
builder.Services.AddSingleton<EchoAssistant>();
builder.Services.AddProblemDetails();
builder.Services.AddExceptionHandler<ApiExceptionHandler>();
builder.Services.Configure<FormOptions>(options =>
    options.MultipartBodyLengthLimit = ChatEndpoints.MaxUploadBytes(builder.Configuration) + 64 * 1024);

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

app.MapProjectEndpoints();
app.MapChatEndpoints();
app.MapHealthChecks("/health");

app.Lifetime.ApplicationStarted.Register(() =>
{
    var addresses = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()?.Addresses ?? [];
    Console.WriteLine($"Using {plan.Describe()}.");
    Console.WriteLine($"Chat app ready: {addresses.FirstOrDefault() ?? "(no address)"}");
});

await app.RunAsync();

/// <summary>The entry point, public for <c>WebApplicationFactory&lt;Program&gt;</c> in the browser tests.</summary>
public partial class Program;
