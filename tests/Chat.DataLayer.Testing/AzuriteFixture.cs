using System.Globalization;
using Azure.Core.Pipeline;
using Azure.Storage;
using Azure.Storage.Blobs;
using Chat.DataLayer.Emulators;
using DotNet.Testcontainers.Builders;

namespace Chat.DataLayer.Testing;

/// <summary>
/// An Azure Blob endpoint for integration tests (use it as a class fixture). Discovery order:
/// <list type="number">
/// <item><c>CHAT_DATALAYER_AZURE_BLOB_CONNECTION_STRING</c> (an Azurite you run, or a real account);</item>
/// <item>Testcontainers with the <c>mcr.microsoft.com/azure-storage/azurite</c> image, when a Docker engine
/// answers;</item>
/// <item><c>azurite-blob</c> from <c>eng/emulators/node_modules</c>, in memory, on a free port;</item>
/// <item>none: tests skip through <see cref="EmulatorFixture.EnsureAvailable"/>, or fail under <c>CI=true</c>.</item>
/// </list>
/// </summary>
public sealed class AzuriteFixture : EmulatorFixture
{
    /// <summary>The variable that holds a connection string to use instead of starting Azurite.</summary>
    public const string ConnectionStringVariable = "CHAT_DATALAYER_AZURE_BLOB_CONNECTION_STRING";

    /// <summary>The Docker image of the Testcontainers path.</summary>
    public const string DockerImage = "mcr.microsoft.com/azure-storage/azurite:latest";

    /// <summary>Azurite's well-known development account.</summary>
    public const string DevelopmentAccountName = "devstoreaccount1";

    /// <summary>Azurite's well-known development account key (public, documented by Microsoft).</summary>
    public const string DevelopmentAccountKey =
        "Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==";

    private const string HowToProvide =
        "Alternatively, set " + ConnectionStringVariable + ", or start a Docker engine for Testcontainers.";

    /// <summary>The blob endpoint, e.g. <c>http://127.0.0.1:41236/devstoreaccount1</c>.</summary>
    public string BlobEndpoint { get; private set; } = string.Empty;

    /// <summary>The storage account name (<c>devstoreaccount1</c> for Azurite).</summary>
    public string AccountName { get; private set; } = string.Empty;

    /// <summary>The account key; <see langword="null"/> when the connection string has none (e.g. a SAS).</summary>
    public string? AccountKey { get; private set; }

    /// <summary>A connection string for the endpoint.</summary>
    public string ConnectionString { get; private set; } = string.Empty;

    /// <inheritdoc />
    protected override string ServiceName => "Azure Blob";

    /// <summary>
    /// A new client authenticated with <see cref="StorageSharedKeyCredential"/> (the connection string when it
    /// has no key), 2 quick retries, and <paramref name="counter"/> (when given) counting every request.
    /// Skips or fails the calling test when no endpoint is available.
    /// </summary>
    /// <param name="counter">Counts the client's requests, and can inject failures.</param>
    /// <param name="configure">Adjusts the options last.</param>
    public BlobServiceClient CreateServiceClient(RequestCounter? counter = null, Action<BlobClientOptions>? configure = null)
    {
        EnsureAvailable();
        var options = new BlobClientOptions();
        options.Retry.MaxRetries = 2;
        options.Retry.Delay = TimeSpan.FromMilliseconds(100);
        if (counter is not null)
        {
            options.Transport = new HttpClientTransport(counter.CreateHttpClient());
        }

        configure?.Invoke(options);
        return AccountKey is null
            ? new BlobServiceClient(ConnectionString, options)
            : new BlobServiceClient(new Uri(BlobEndpoint), new StorageSharedKeyCredential(AccountName, AccountKey), options);
    }

    /// <summary>
    /// A container name unique to this call: <paramref name="prefix"/> (lower-case letters, digits, dashes), a
    /// dash and 12 hex characters. Use one container per test class.
    /// </summary>
    public static string UniqueContainerName(string prefix)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(prefix);
        if (prefix.Length > 40 || !prefix.All(c => char.IsAsciiLetterLower(c) || char.IsAsciiDigit(c) || c == '-'))
        {
            throw new ArgumentException(
                $"A container prefix must be at most 40 lower-case letters, digits or dashes; got '{prefix}'.",
                nameof(prefix));
        }

        return prefix + "-" + Guid.NewGuid().ToString("N")[..12];
    }

    /// <inheritdoc />
    protected override async ValueTask StartAsync(CancellationToken cancellationToken)
    {
        var connectionString = TestEnvironment.GetVariable(ConnectionStringVariable);
        if (connectionString is not null)
        {
            UseConnectionString(connectionString);
            MarkReady("env");
            return;
        }

        if (await DockerProbe.FindEngineAsync().ConfigureAwait(false) is not null)
        {
            const int port = 10000;
            var builder = new ContainerBuilder(DockerImage)
                .WithCommand(
                    "azurite-blob",
                    "--blobHost", "0.0.0.0",
                    "--blobPort", port.ToString(CultureInfo.InvariantCulture),
                    "--inMemoryPersistence",
                    "--skipApiVersionCheck",
                    "--disableTelemetry",
                    "--silent")
                .WithPortBinding(port, assignRandomHostPort: true)
                .WithWaitStrategy(Wait.ForUnixContainer().UntilMessageIsLogged("Azurite Blob service successfully listens on"));
            var container = await StartContainerAsync(builder, cancellationToken).ConfigureAwait(false);
            UseDevelopmentAccount($"http://{container.Hostname}:{container.GetMappedPublicPort(port)}/{DevelopmentAccountName}");
            MarkReady("testcontainers");
            return;
        }

        var azurite = await StartEmulatorAsync(
            "azurite-blob",
            // No --location: Azurite refuses it together with --inMemoryPersistence; its working directory
            // (where it would write anything) is already a fresh temporary folder.
            (port, _) =>
            [
                "--blobHost", EmulatorProcess.Host,
                "--blobPort", port.ToString(CultureInfo.InvariantCulture),
                "--inMemoryPersistence",
                "--skipApiVersionCheck",
                "--disableTelemetry",
                "--silent",
            ],
            HowToProvide,
            cancellationToken).ConfigureAwait(false);
        if (azurite is null)
        {
            return;
        }

        UseDevelopmentAccount($"http://{EmulatorProcess.Host}:{azurite.Port}/{DevelopmentAccountName}");
        MarkReady("azurite");
    }

    private void UseDevelopmentAccount(string blobEndpoint)
    {
        BlobEndpoint = blobEndpoint;
        AccountName = DevelopmentAccountName;
        AccountKey = DevelopmentAccountKey;
        ConnectionString =
            $"DefaultEndpointsProtocol=http;AccountName={AccountName};AccountKey={AccountKey};BlobEndpoint={BlobEndpoint};";
    }

    private void UseConnectionString(string connectionString)
    {
        var parts = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var segment in connectionString.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var equals = segment.IndexOf('=', StringComparison.Ordinal);
            if (equals > 0)
            {
                parts[segment[..equals]] = segment[(equals + 1)..];
            }
        }

        if (parts.TryGetValue("UseDevelopmentStorage", out var development)
            && development.Equals("true", StringComparison.OrdinalIgnoreCase))
        {
            UseDevelopmentAccount($"http://127.0.0.1:10000/{DevelopmentAccountName}");
            return;
        }

        ConnectionString = connectionString;
        AccountName = parts.GetValueOrDefault("AccountName") ?? string.Empty;
        AccountKey = parts.GetValueOrDefault("AccountKey");
        if (parts.TryGetValue("BlobEndpoint", out var endpoint))
        {
            BlobEndpoint = endpoint.TrimEnd('/');
        }
        else if (AccountName.Length > 0)
        {
            var protocol = parts.GetValueOrDefault("DefaultEndpointsProtocol") ?? "https";
            var suffix = parts.GetValueOrDefault("EndpointSuffix") ?? "core.windows.net";
            BlobEndpoint = $"{protocol}://{AccountName}.blob.{suffix}";
        }
        else
        {
            throw new InvalidOperationException(
                $"{ConnectionStringVariable} has neither BlobEndpoint nor AccountName; cannot tell the blob endpoint.");
        }
    }
}
