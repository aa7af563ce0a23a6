using Amazon.DynamoDBv2;
using Amazon.DynamoDBv2.Model;
using Amazon.Runtime;
using Chat.DataLayer.Emulators;
using DotNet.Testcontainers.Builders;
using DotNet.Testcontainers.Containers;

namespace Chat.DataLayer.Testing;

/// <summary>
/// A DynamoDB API endpoint for integration tests (use it as an xunit v3 assembly fixture). Discovery order:
/// <list type="number">
/// <item><c>CHAT_DATALAYER_DYNAMODB_URL</c>: an endpoint you run (DynamoDB Local, another emulator, a real
/// endpoint), or <c>aws</c> for real AWS with the default credential and region chains;</item>
/// <item>Testcontainers with the <c>amazon/dynamodb-local</c> image, when a Docker engine answers (and
/// <c>CHAT_DATALAYER_TESTCONTAINERS</c> is not <c>0</c>);</item>
/// <item>dynalite from <c>eng/emulators/node_modules</c>, started on a free port;</item>
/// <item>none: tests skip through <see cref="EmulatorFixture.EnsureAvailable"/>, or fail under <c>CI=true</c>.</item>
/// </list>
/// </summary>
public sealed class DynamoDbServerFixture : EmulatorFixture
{
    /// <summary>The variable that names an endpoint to use instead of starting one.</summary>
    public const string UrlVariable = "CHAT_DATALAYER_DYNAMODB_URL";

    /// <summary>The Docker image of the Testcontainers path (the user's own pull).</summary>
    public const string DockerImage = "amazon/dynamodb-local:latest";

    /// <summary>The access key and secret used with emulators (any value works).</summary>
    public const string LocalCredential = "local";

    private const string HowToProvide =
        "Alternatively, set " + UrlVariable + " to a DynamoDB endpoint (or `aws`), or start a Docker engine for Testcontainers.";

    /// <summary>
    /// The endpoint URL (e.g. <c>http://127.0.0.1:41234</c>); <see langword="null"/> when
    /// <see cref="IsRealAws"/> (the SDK resolves the regional endpoint) or when unavailable.
    /// </summary>
    public string? ServiceUrl { get; private set; }

    /// <summary><see langword="true"/> when <c>CHAT_DATALAYER_DYNAMODB_URL=aws</c>: tests run against real AWS.</summary>
    public bool IsRealAws { get; private set; }

    /// <inheritdoc />
    protected override string ServiceName => "DynamoDB";

    /// <summary>
    /// A new client for the endpoint: credentials <c>local</c>/<c>local</c> and region us-east-1 (the default
    /// chains for real AWS), 2 retries, and <paramref name="counter"/> (when given) counting every request.
    /// Skips or fails the calling test when no endpoint is available.
    /// </summary>
    /// <param name="counter">Counts the client's requests, and can inject failures.</param>
    /// <param name="configure">Adjusts the configuration last (e.g. <c>MaxErrorRetry = 0</c>).</param>
    public AmazonDynamoDBClient CreateClient(RequestCounter? counter = null, Action<AmazonDynamoDBConfig>? configure = null)
    {
        EnsureAvailable();
        var config = new AmazonDynamoDBConfig { MaxErrorRetry = 2 };
        if (!IsRealAws)
        {
            config.ServiceURL = ServiceUrl;
            config.AuthenticationRegion = "us-east-1";
        }

        if (counter is not null)
        {
            config.HttpClientFactory = new CountingAwsHttpClientFactory(counter);
        }

        configure?.Invoke(config);
        return IsRealAws
            ? new AmazonDynamoDBClient(config)
            : new AmazonDynamoDBClient(new BasicAWSCredentials(LocalCredential, LocalCredential), config);
    }

    /// <summary>
    /// A table name unique to this call: <paramref name="prefix"/>, a dash and 12 hex characters
    /// (e.g. <c>threads-3f2a9c0d51be</c>). Use one table per test class.
    /// </summary>
    public static string UniqueTableName(string prefix)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(prefix);
        foreach (var c in prefix)
        {
            if (!(char.IsAsciiLetterOrDigit(c) || c is '_' or '-' or '.'))
            {
                throw new ArgumentException(
                    $"A DynamoDB table name allows only a-z, A-Z, 0-9, '_', '-' and '.'; '{prefix}' has '{c}'.",
                    nameof(prefix));
            }
        }

        if (prefix.Length > 200)
        {
            throw new ArgumentException("The prefix must be at most 200 characters.", nameof(prefix));
        }

        return prefix + "-" + Guid.NewGuid().ToString("N")[..12];
    }

    /// <summary>
    /// Polls <c>DescribeTable</c> until <paramref name="tableName"/> is ACTIVE (emulators too can report
    /// CREATING for a moment), or throws <see cref="TimeoutException"/> after <paramref name="timeout"/>
    /// (default 30 s).
    /// </summary>
    public static async Task WaitForTableActiveAsync(
        IAmazonDynamoDB client,
        string tableName,
        TimeSpan? timeout = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(client);
        ArgumentException.ThrowIfNullOrWhiteSpace(tableName);
        var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(30));
        while (true)
        {
            try
            {
                var response = await client.DescribeTableAsync(tableName, cancellationToken).ConfigureAwait(false);
                if (response.Table?.TableStatus == TableStatus.ACTIVE)
                {
                    return;
                }
            }
            catch (ResourceNotFoundException) when (DateTime.UtcNow < deadline)
            {
                // Eventually consistent on real DynamoDB right after CreateTable.
            }

            if (DateTime.UtcNow >= deadline)
            {
                throw new TimeoutException($"Table {tableName} did not become ACTIVE in time.");
            }

            await Task.Delay(50, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <inheritdoc />
    protected override async ValueTask StartAsync(CancellationToken cancellationToken)
    {
        var url = TestEnvironment.GetVariable(UrlVariable);
        if (url is not null)
        {
            if (url.Equals("aws", StringComparison.OrdinalIgnoreCase))
            {
                IsRealAws = true;
            }
            else if (Uri.TryCreate(url, UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https")
            {
                ServiceUrl = url;
            }
            else
            {
                throw new InvalidOperationException($"{UrlVariable}='{url}' is neither `aws` nor an http(s) URL.");
            }

            MarkReady("env");
            return;
        }

        if (await DockerProbe.FindEngineAsync().ConfigureAwait(false) is not null)
        {
            const int port = 8000;
            var builder = new ContainerBuilder(DockerImage)
                .WithCommand("-jar", "DynamoDBLocal.jar", "-inMemory", "-sharedDb")
                .WithPortBinding(port, assignRandomHostPort: true)
                .WithWaitStrategy(Wait.ForUnixContainer().UntilHttpRequestIsSucceeded(request => request
                    .ForPath("/")
                    .ForPort(port)
                    .ForStatusCode(System.Net.HttpStatusCode.BadRequest)));
            IContainer container = await StartContainerAsync(builder, cancellationToken).ConfigureAwait(false);
            ServiceUrl = $"http://{container.Hostname}:{container.GetMappedPublicPort(port)}";
            MarkReady("testcontainers");
            return;
        }

        var dynalite = await StartEmulatorAsync(
            "dynalite",
            (port, _) =>
            [
                "--host", EmulatorProcess.Host,
                "--port", port.ToString(System.Globalization.CultureInfo.InvariantCulture),
                "--createTableMs", "0",
                "--deleteTableMs", "0",
                "--updateTableMs", "0",
            ],
            HowToProvide,
            cancellationToken).ConfigureAwait(false);
        if (dynalite is null)
        {
            return;
        }

        ServiceUrl = $"http://{EmulatorProcess.Host}:{dynalite.Port}";
        MarkReady("dynalite");
    }
}
