using Amazon.Runtime;
using Amazon.S3;
using Azure.Identity;
using Azure.Storage.Blobs;
using Chat.DataLayer.Hosting;
using Chat.DataLayer.Storage.AzureBlob;
using Chat.DataLayer.Storage.S3;
using Chat.DataLayer.Testing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Xunit;

namespace Chat.DataLayer.Storage.Tests;

/// <summary>
/// The code blocks of src/Chat.DataLayer.Storage.S3/README.md and src/Chat.DataLayer.Storage.AzureBlob/README.md,
/// kept here so they compile; keep both in step. The wiring examples run (resolving sends no request); the usage
/// examples run against the emulators.
/// </summary>
public sealed class ReadmeExamples(S3ServerFixture s3, AzuriteFixture azurite)
{
    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Fact]
    public async Task S3Readme_Wiring_ResolvesAnS3StorageClient()
    {
        var services = new ServiceCollection().AddLogging();
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["AWS:Region"] = "eu-west-1",
            ["Storage:S3:Bucket"] = "my-chat-files",
            ["Storage:S3:UrlExpiry"] = "01:00:00",
        }).Build();
        // The AWS section and the default credential chain would supply these in an application.
        var aws = configuration.GetAWSOptions();
        aws.Credentials = new BasicAWSCredentials("example", "example");
        services.AddDefaultAWSOptions(aws);
        IDataLayerBuilder StandInForAddDynamoDbDataLayer() => new DataLayerBuilder(services);

        // --- README: Wiring (builder.Services -> services, builder.Configuration -> configuration) ---
        services.AddAWSService<IAmazonS3>();
        StandInForAddDynamoDbDataLayer() // README: services.AddDynamoDbDataLayer(configuration.GetSection("ChatDataLayer"))
            .AddS3Storage(options =>
            {
                options.Bucket = "my-chat-files";
                options.UrlExpiry = TimeSpan.FromHours(1);
                options.ServerSideEncryption = S3ServerSideEncryption.Kms;
                options.KmsKeyId = "alias/chat-files";
            });
        // --- end ---

        await using (var provider = services.BuildServiceProvider())
        {
            provider.GetRequiredService<IStartupValidator>().Validate();
            Assert.IsType<S3StorageClient>(provider.GetRequiredService<IStorageClient>());
        }

        // --- README: or .AddS3Storage(configuration.GetSection("Storage:S3")) ---
        var fromConfiguration = new ServiceCollection().AddLogging();
        fromConfiguration.AddDefaultAWSOptions(aws);
        fromConfiguration.AddAWSService<IAmazonS3>();
        new DataLayerBuilder(fromConfiguration).AddS3Storage(configuration.GetSection("Storage:S3"));
        await using (var provider = fromConfiguration.BuildServiceProvider())
        {
            provider.GetRequiredService<IStartupValidator>().Validate();
            Assert.Equal("s3://my-chat-files", provider.GetRequiredService<S3StorageClient>().StorageDescription);
        }

        // --- README: Without dependency injection ---
        using var loggerFactory = LoggerFactory.Create(_ => { });
        using var sdk = new AmazonS3Client(new BasicAWSCredentials("example", "example"), Amazon.RegionEndpoint.EUWest1); // README: new AmazonS3Client()
        IStorageClient storage = new S3StorageClient(
            sdk,
            new S3StorageOptions { Bucket = "my-chat-files" },
            loggerFactory.CreateLogger<S3StorageClient>());
        // --- end ---
        await storage.DisposeAsync();
    }

    [Fact]
    public async Task S3Readme_EmulatorAndUsage_RoundTrip()
    {
        s3.EnsureAvailable();
        var bucket = await s3.CreateBucketAsync(S3ServerFixture.UniqueBucketName("readme"), Cancel);

        // --- README: S3-compatible stores and local emulators ---
        using var client = new AmazonS3Client(
            new BasicAWSCredentials(s3.AccessKey ?? "S3RVER", s3.SecretKey ?? "S3RVER"),
            new AmazonS3Config
            {
                ServiceURL = s3.ServiceUrl,
                ForcePathStyle = true,
                AuthenticationRegion = "us-east-1",
            });

        await using var storage = new S3StorageClient(client, new S3StorageOptions
        {
            Bucket = bucket,
            UseChunkEncoding = false,
        });
        // --- end ---

        await UsageAsync(storage);
    }

    [Fact]
    public async Task AzureReadme_Wiring_ResolvesAnAzureBlobStorageClient()
    {
        var services = new ServiceCollection().AddLogging();
        IDataLayerBuilder StandInForAddDynamoDbDataLayer() => new DataLayerBuilder(services);

        // --- README: Wiring (builder.Services -> services) ---
        StandInForAddDynamoDbDataLayer() // README: services.AddDynamoDbDataLayer(configuration.GetSection("ChatDataLayer"))
            .AddAzureBlobStorage(
                options => options.ContainerName = "chat-files",
                _ => new BlobServiceClient(new Uri("https://myaccount.blob.core.windows.net"), new DefaultAzureCredential()));
        // --- end ---

        await using var provider = services.BuildServiceProvider();
        provider.GetRequiredService<IStartupValidator>().Validate();
        Assert.IsType<AzureBlobStorageClient>(provider.GetRequiredService<IStorageClient>());
    }

    [Fact]
    public async Task AzureReadme_ConnectionStringAndUsage_RoundTrip()
    {
        azurite.EnsureAvailable();

        // --- README: Without dependency injection, with an account key ---
        var service = new BlobServiceClient(azurite.ConnectionString);
        await using var storage = new AzureBlobStorageClient(service, new AzureBlobStorageOptions
        {
            ContainerName = AzuriteFixture.UniqueContainerName("readme"), // README: "chat-files"
            CreateContainerIfNotExists = true,
        });
        // --- end ---

        await UsageAsync(storage);
    }

    // --- README: Using it --- (File.OpenRead("report.pdf") replaced by a temporary file)
    private static async Task UsageAsync(IStorageClient storage)
    {
        var userId = Guid.NewGuid().ToString("N");
        var elementId = Guid.NewGuid().ToString("N");
        var path = Path.GetTempFileName();
        try
        {
            await File.WriteAllBytesAsync(path, TestBytes.Random(2048), Cancel);

            await using var file = File.OpenRead(path);
            StoredObject stored = await storage.UploadFileAsync(
                $"{userId}/{elementId}/report.pdf", file, "application/pdf",
                overwrite: false, contentDisposition: "attachment; filename=\"report.pdf\"", Cancel);

            string url = await storage.GetReadUrlAsync(stored.ObjectKey, TimeSpan.FromMinutes(10), Cancel);
            bool deleted = await storage.DeleteFileAsync(stored.ObjectKey, Cancel);
            IEnumerable<string> keysOfAThread = [stored.ObjectKey];
            int count = await storage.DeleteFilesAsync(keysOfAThread, Cancel);

            Assert.Equal(2048, stored.Size);
            Assert.StartsWith("http", url, StringComparison.Ordinal);
            Assert.True(deleted);
            Assert.True(count <= 1);
        }
        finally
        {
            File.Delete(path);
        }
    }
}
