using System.Globalization;
using Azure.Storage.Blobs;
using Chat.DataLayer.Emulators;

namespace ChatApp.Hosting;

/// <summary>
/// Starts the repository's pinned dynalite and azurite-blob (eng/emulators) on free loopback ports when the app has no
/// configured services, creates the blob container, and stops both when the host stops. Registered as the first hosted
/// service, so it runs before the data layer creates its table and before the server takes requests. With a
/// <see cref="BackendPlan.DataDirectory"/> (<c>--durable</c>) they keep their data there (<c>dynalite/</c>,
/// <c>azurite/</c>) instead of in memory. They exit with the app even when it is killed hard (see
/// <see cref="EmulatorProcess"/>).
/// </summary>
internal sealed partial class EmbeddedEmulators(BackendPlan plan, ILogger<EmbeddedEmulators> logger) : IHostedService, IAsyncDisposable
{
    /// <summary>Azurite's well-known development account (public, documented by Microsoft).</summary>
    private const string AccountName = "devstoreaccount1";
    private const string AccountKey = "Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==";

    private EmulatorProcess? _dynalite;
    private EmulatorProcess? _azurite;

    /// <summary>The container <see cref="StartAsync"/> creates in the embedded azurite.</summary>
    public string ContainerName { get; init; } = "chat-files";

    /// <summary>The embedded dynalite's URL.</summary>
    public string DynamoDbServiceUrl =>
        _dynalite?.ServiceUrl ?? throw new InvalidOperationException("The embedded dynalite is not running (the host has not started).");

    /// <summary>A connection string for the embedded azurite-blob, with the development account key.</summary>
    public string BlobConnectionString => _azurite is { } azurite
        ? string.Create(CultureInfo.InvariantCulture,
            $"DefaultEndpointsProtocol=http;AccountName={AccountName};AccountKey={AccountKey};BlobEndpoint={azurite.ServiceUrl}/{AccountName};")
        : throw new InvalidOperationException("The embedded azurite-blob is not running (the host has not started).");

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        // Both start at once; each takes a second or two.
        var dynalite = plan.DynamoDb == DynamoDbBackend.Embedded
            ? StartAsync("dynalite", "DynamoDB", dataDirectory => EmulatorProcess.StartDynaliteAsync(dataDirectory, cancellationToken))
            : Task.FromResult<EmulatorProcess?>(null);
        var azurite = plan.Storage == StorageBackend.Embedded
            ? StartAsync("azurite", "Azure Blob Storage", dataDirectory => EmulatorProcess.StartAzuriteBlobAsync(dataDirectory, cancellationToken))
            : Task.FromResult<EmulatorProcess?>(null);
        try
        {
            await Task.WhenAll(dynalite, azurite);
        }
        catch
        {
            // The host does not call StopAsync after a failed start: stop the one that did start.
            await DisposeIfStartedAsync(dynalite);
            await DisposeIfStartedAsync(azurite);
            throw;
        }

        _dynalite = dynalite.Result;
        _azurite = azurite.Result;

        if (_dynalite is not null)
        {
            LogStarted(logger, _dynalite.ToString());
        }

        if (_azurite is not null)
        {
            LogStarted(logger, _azurite.ToString());
            StartupProgress.Write($"Creating the blob container '{ContainerName}'...");
            var container = new BlobServiceClient(BlobConnectionString).GetBlobContainerClient(ContainerName);
            await container.CreateIfNotExistsAsync(cancellationToken: cancellationToken);
        }
    }

    public async Task StopAsync(CancellationToken cancellationToken) => await DisposeAsync();

    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _dynalite, null) is { } dynalite)
        {
            await dynalite.DisposeAsync();
            LogStopped(logger, "dynalite");
        }

        if (Interlocked.Exchange(ref _azurite, null) is { } azurite)
        {
            await azurite.DisposeAsync();
            LogStopped(logger, "azurite-blob");
        }
    }

    private async Task<EmulatorProcess?> StartAsync(string folder, string service, Func<string?, Task<EmulatorProcess>> start)
    {
        var dataDirectory = plan.DataDirectory is null ? null : Path.Combine(plan.DataDirectory, folder);
        StartupProgress.Write($"Starting the {service} emulator ({(dataDirectory is null ? "in memory" : dataDirectory)})...");
        var emulator = await start(dataDirectory);
        StartupProgress.Write($"{service} emulator ready: {emulator}.");
        return emulator;
    }

    private static async Task DisposeIfStartedAsync(Task<EmulatorProcess?> start)
    {
        if (start.IsCompletedSuccessfully && start.Result is { } emulator)
        {
            await emulator.DisposeAsync();
        }
    }

    [LoggerMessage(1, LogLevel.Information, "Started {Emulator}")]
    private static partial void LogStarted(ILogger logger, string emulator);

    [LoggerMessage(2, LogLevel.Information, "Stopped {Emulator}")]
    private static partial void LogStopped(ILogger logger, string emulator);
}
