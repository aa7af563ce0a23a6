using System.Globalization;
using System.Net;
using Amazon.Runtime;
using Amazon.S3;
using Amazon.S3.Model;
using Chat.DataLayer.Emulators;
using DotNet.Testcontainers.Builders;

namespace Chat.DataLayer.Testing;

/// <summary>
/// An S3-compatible endpoint for integration tests (use it as a class fixture). Discovery order:
/// <list type="number">
/// <item><c>CHAT_DATALAYER_S3_URL</c> (with <c>CHAT_DATALAYER_S3_ACCESS_KEY</c> and
/// <c>CHAT_DATALAYER_S3_SECRET_KEY</c>; <c>aws</c> for real AWS with the default chains);</item>
/// <item>Testcontainers with the <c>minio/minio</c> image, when a Docker engine answers;</item>
/// <item>s3rver from <c>eng/emulators/node_modules</c>, on a free port and a fresh temporary folder;</item>
/// <item>none: tests skip through <see cref="EmulatorFixture.EnsureAvailable"/>, or fail under <c>CI=true</c>.</item>
/// </list>
/// </summary>
/// <remarks>
/// The clients it creates keep the SDK's defaults on purpose (only path-style addressing is forced): the
/// s3rver traps (aws-chunked uploads stored verbatim, https presigned URLs) are for the storage client under
/// test to handle, and tests must compare downloaded bytes.
/// </remarks>
public sealed class S3ServerFixture : EmulatorFixture
{
    /// <summary>The variable that names an endpoint to use instead of starting one.</summary>
    public const string UrlVariable = "CHAT_DATALAYER_S3_URL";

    /// <summary>The access key for <see cref="UrlVariable"/>.</summary>
    public const string AccessKeyVariable = "CHAT_DATALAYER_S3_ACCESS_KEY";

    /// <summary>The secret key for <see cref="UrlVariable"/>.</summary>
    public const string SecretKeyVariable = "CHAT_DATALAYER_S3_SECRET_KEY";

    /// <summary>The Docker image of the Testcontainers path.</summary>
    public const string DockerImage = "minio/minio:latest";

    /// <summary>The bucket that exists from the start (s3rver's <c>--configure-bucket</c>; created otherwise).</summary>
    public const string DefaultBucketName = "chat-datalayer-tests";

    private const string S3rverCredential = "S3RVER";
    private const string MinioCredential = "minioadmin";

    private const string HowToProvide =
        "Alternatively, set " + UrlVariable + " (with " + AccessKeyVariable + " and " + SecretKeyVariable
        + "), or start a Docker engine for Testcontainers.";

    /// <summary>The endpoint URL (e.g. <c>http://127.0.0.1:41235</c>); <see langword="null"/> for real AWS or
    /// when unavailable.</summary>
    public string? ServiceUrl { get; private set; }

    /// <summary><see langword="true"/> when <c>CHAT_DATALAYER_S3_URL=aws</c>.</summary>
    public bool IsRealAws { get; private set; }

    /// <summary>The access key (<c>S3RVER</c> for s3rver); <see langword="null"/> for real AWS.</summary>
    public string? AccessKey { get; private set; }

    /// <summary>The secret key (<c>S3RVER</c> for s3rver); <see langword="null"/> for real AWS.</summary>
    public string? SecretKey { get; private set; }

    /// <inheritdoc />
    protected override string ServiceName => "S3";

    /// <summary>
    /// A new client: path-style addressing, region us-east-1, 2 retries, and <paramref name="counter"/> (when
    /// given) counting every request. Skips or fails the calling test when no endpoint is available.
    /// </summary>
    /// <param name="counter">Counts the client's requests, and can inject failures.</param>
    /// <param name="configure">Adjusts the configuration last.</param>
    public AmazonS3Client CreateClient(RequestCounter? counter = null, Action<AmazonS3Config>? configure = null)
    {
        EnsureAvailable();
        var config = new AmazonS3Config { MaxErrorRetry = 2 };
        if (!IsRealAws)
        {
            config.ServiceURL = ServiceUrl;
            config.AuthenticationRegion = "us-east-1";
            config.ForcePathStyle = true;
        }

        if (counter is not null)
        {
            config.HttpClientFactory = new CountingAwsHttpClientFactory(counter);
        }

        configure?.Invoke(config);
        return AccessKey is null || SecretKey is null
            ? new AmazonS3Client(config)
            : new AmazonS3Client(new BasicAWSCredentials(AccessKey, SecretKey), config);
    }

    /// <summary>
    /// A bucket name unique to this call: <paramref name="prefix"/> (lower-case letters, digits, dashes), a dash
    /// and 12 hex characters. Use one bucket per test class.
    /// </summary>
    public static string UniqueBucketName(string prefix)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(prefix);
        if (prefix.Length > 40 || !prefix.All(c => char.IsAsciiLetterLower(c) || char.IsAsciiDigit(c) || c == '-'))
        {
            throw new ArgumentException(
                $"A bucket prefix must be at most 40 lower-case letters, digits or dashes; got '{prefix}'.",
                nameof(prefix));
        }

        return prefix + "-" + Guid.NewGuid().ToString("N")[..12];
    }

    /// <summary>Creates <paramref name="bucketName"/> (no error if this account already owns it) and returns it.</summary>
    public async Task<string> CreateBucketAsync(string bucketName, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(bucketName);
        using var client = CreateClient();
        await EnsureBucketAsync(client, bucketName, cancellationToken).ConfigureAwait(false);
        return bucketName;
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
                AccessKey = TestEnvironment.GetVariable(AccessKeyVariable);
                SecretKey = TestEnvironment.GetVariable(SecretKeyVariable);
            }
            else if (Uri.TryCreate(url, UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https")
            {
                ServiceUrl = url;
                AccessKey = TestEnvironment.GetVariable(AccessKeyVariable) ?? S3rverCredential;
                SecretKey = TestEnvironment.GetVariable(SecretKeyVariable) ?? S3rverCredential;
            }
            else
            {
                throw new InvalidOperationException($"{UrlVariable}='{url}' is neither `aws` nor an http(s) URL.");
            }

            MarkReady("env");
            await CreateBucketAsync(DefaultBucketName, cancellationToken).ConfigureAwait(false);
            return;
        }

        if (await DockerProbe.FindEngineAsync().ConfigureAwait(false) is not null)
        {
            const int port = 9000;
            var builder = new ContainerBuilder(DockerImage)
                .WithCommand("server", "/data")
                .WithEnvironment("MINIO_ROOT_USER", MinioCredential)
                .WithEnvironment("MINIO_ROOT_PASSWORD", MinioCredential)
                .WithPortBinding(port, assignRandomHostPort: true)
                .WithWaitStrategy(Wait.ForUnixContainer().UntilHttpRequestIsSucceeded(request => request
                    .ForPath("/minio/health/live")
                    .ForPort(port)));
            var container = await StartContainerAsync(builder, cancellationToken).ConfigureAwait(false);
            ServiceUrl = $"http://{container.Hostname}:{container.GetMappedPublicPort(port)}";
            AccessKey = MinioCredential;
            SecretKey = MinioCredential;
            MarkReady("testcontainers");
            await CreateBucketAsync(DefaultBucketName, cancellationToken).ConfigureAwait(false);
            return;
        }

        var s3rver = await StartEmulatorAsync(
            "s3rver",
            (port, directory) =>
            [
                "--directory", Path.Combine(directory, "data"),
                "--address", EmulatorProcess.Host,
                "--port", port.ToString(CultureInfo.InvariantCulture),
                "--silent",
                "--configure-bucket", DefaultBucketName,
            ],
            HowToProvide,
            cancellationToken).ConfigureAwait(false);
        if (s3rver is null)
        {
            return;
        }

        ServiceUrl = $"http://{EmulatorProcess.Host}:{s3rver.Port}";
        AccessKey = S3rverCredential;
        SecretKey = S3rverCredential;
        MarkReady("s3rver");
    }

    private static async Task EnsureBucketAsync(IAmazonS3 client, string bucketName, CancellationToken cancellationToken)
    {
        try
        {
            await client.PutBucketAsync(new PutBucketRequest { BucketName = bucketName }, cancellationToken)
                .ConfigureAwait(false);
        }
        catch (AmazonS3Exception ex) when (ex.ErrorCode == "BucketAlreadyOwnedByYou"
            || (ex.StatusCode == HttpStatusCode.Conflict && ex.ErrorCode == "BucketAlreadyExists"))
        {
            // Already there: fine for a test bucket (s3rver answers BucketAlreadyExists for its own buckets).
        }
    }
}
