using Amazon.Runtime;
using Amazon.S3;
using Azure.Storage.Blobs;
using Chat.DataLayer.Hosting;
using Chat.DataLayer.Storage.AzureBlob;
using Chat.DataLayer.Storage.S3;
using Chat.DataLayer.Testing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Xunit;

namespace Chat.DataLayer.Storage.Tests;

/// <summary><c>AddS3Storage</c> and <c>AddAzureBlobStorage</c> on the data layer's builder. Resolving sends no request.</summary>
public sealed class StorageRegistrationTests
{
    private static IDataLayerBuilder NewBuilder() => new DataLayerBuilder(new ServiceCollection().AddLogging());

    private static AmazonS3Client S3Client() =>
        new(new BasicAWSCredentials("key", "secret"), new AmazonS3Config { ServiceURL = "http://127.0.0.1:9", ForcePathStyle = true });

    private static BlobServiceClient BlobClient(string account = "devstoreaccount1") =>
        new($"DefaultEndpointsProtocol=http;AccountName={account};AccountKey={AzuriteFixture.DevelopmentAccountKey};BlobEndpoint=http://127.0.0.1:9/{account};");

    private static IConfiguration Config(params (string Key, string Value)[] values) =>
        new ConfigurationBuilder().AddInMemoryCollection(values.Select(v => new KeyValuePair<string, string?>(v.Key, v.Value))).Build();

    // Each failure reads "{Options}.{Setting}: {why}"; the settings named, in order, are exactly these.
    private static void AssertSettingsNamed(OptionsValidationException ex, params string[] settings) =>
        Assert.Equal(settings, ex.Failures.Select(f => f[..f.IndexOf(": ", StringComparison.Ordinal)]));

    [Fact]
    public void AddS3Storage_ResolvesOneS3StorageClientAsTheStorageClient()
    {
        var builder = NewBuilder();
        builder.Services.AddSingleton<IAmazonS3>(_ => S3Client());

        var returned = builder.AddS3Storage(o => o.Bucket = "chat-files");

        using var provider = builder.Services.BuildServiceProvider();
        var storage = Assert.IsType<S3StorageClient>(provider.GetRequiredService<IStorageClient>());
        Assert.Same(builder, returned);
        Assert.Same(storage, provider.GetRequiredService<S3StorageClient>());
        Assert.Equal("chat-files", storage.Bucket);
        Assert.Equal("s3://chat-files", storage.StorageDescription);
    }

    [Fact]
    public void AddS3Storage_FromConfiguration_BindsEveryOption()
    {
        var builder = NewBuilder();
        builder.Services.AddSingleton<IAmazonS3>(_ => S3Client());

        builder.AddS3Storage(Config(
            ("Bucket", "chat-files"), ("UrlExpiry", "00:30:00"), ("UseChunkEncoding", "false"), ("ServerSideEncryption", "Kms"),
            ("KmsKeyId", "alias/chat"), ("UseHttpForPresignedUrls", "true"), ("MultipartPartSize", "16777216")));

        using var provider = builder.Services.BuildServiceProvider();
        var options = provider.GetRequiredService<IOptions<S3StorageOptions>>().Value;
        Assert.Equal(("chat-files", TimeSpan.FromMinutes(30), false, S3ServerSideEncryption.Kms, "alias/chat", true, 16 * 1024 * 1024),
            (options.Bucket, options.UrlExpiry, options.UseChunkEncoding, options.ServerSideEncryption, options.KmsKeyId,
                options.UseHttpForPresignedUrls, options.MultipartPartSize));
        Assert.IsType<S3StorageClient>(provider.GetRequiredService<IStorageClient>());
    }

    [Fact]
    public void AddS3Storage_WithServiceKey_UsesTheKeyedClient()
    {
        var builder = NewBuilder();
        builder.Services.AddSingleton<IAmazonS3>(_ => throw new InvalidOperationException("The unkeyed client must not be used."));
        builder.Services.AddKeyedSingleton<IAmazonS3>("files", (_, _) => S3Client());

        builder.AddS3Storage(o => { o.Bucket = "chat-files"; o.ServiceKey = "files"; });

        using var provider = builder.Services.BuildServiceProvider();
        Assert.IsType<S3StorageClient>(provider.GetRequiredService<IStorageClient>());
    }

    [Fact]
    public void AddS3Storage_InvalidOptions_FailStartUpValidationNamingTheSetting()
    {
        var builder = NewBuilder();
        builder.Services.AddSingleton<IAmazonS3>(_ => S3Client());

        builder.AddS3Storage(o => { o.Bucket = "chat-files"; o.UrlExpiry = TimeSpan.FromDays(30); });

        using var provider = builder.Services.BuildServiceProvider();
        var ex = Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<IStartupValidator>().Validate());
        Assert.Contains("S3StorageOptions.UrlExpiry", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void AddS3Storage_SeveralInvalidSettings_AreAllListedByName()
    {
        var builder = NewBuilder();
        builder.Services.AddSingleton<IAmazonS3>(_ => S3Client());

        builder.AddS3Storage(o =>
        {
            o.Bucket = "";
            o.UrlExpiry = TimeSpan.FromDays(30);
            o.KmsKeyId = "alias/chat";
            o.MultipartPartSize = 1;
        });

        using var provider = builder.Services.BuildServiceProvider();
        var ex = Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<IStartupValidator>().Validate());
        AssertSettingsNamed(
            ex, "S3StorageOptions.Bucket", "S3StorageOptions.UrlExpiry", "S3StorageOptions.KmsKeyId", "S3StorageOptions.MultipartPartSize");
    }

    [Fact]
    public void AddS3Storage_Twice_RegistersOneStorage()
    {
        var builder = NewBuilder();

        builder.AddS3Storage(o => o.Bucket = "chat-files").AddS3Storage(o => o.UrlExpiry = TimeSpan.FromMinutes(5));

        Assert.Single(builder.Services, d => d.ServiceType == typeof(IStorageClient));
        var registration = Assert.Single(builder.Services, d => d.ServiceType == typeof(StorageClientRegistration));
        Assert.Equal("s3", ((StorageClientRegistration)registration.ImplementationInstance!).Name);
    }

    [Fact]
    public void AddS3StorageAndAddAzureBlobStorage_RecordBothSoTheDataLayerCanRefuseTwoStorages()
    {
        var builder = NewBuilder();

        builder.AddS3Storage(o => o.Bucket = "chat-files").AddAzureBlobStorage(o => o.ContainerName = "chat-files");

        Assert.Equal(["s3", "azureblob"], builder.Services
            .Where(d => d.ServiceType == typeof(StorageClientRegistration))
            .Select(d => ((StorageClientRegistration)d.ImplementationInstance!).Name));
    }

    [Fact]
    public void AddAzureBlobStorage_WithHostClient_ResolvesOneAzureBlobStorageClient()
    {
        var builder = NewBuilder();
        builder.Services.AddSingleton(_ => BlobClient());

        builder.AddAzureBlobStorage(o => o.ContainerName = "chat-files");

        using var provider = builder.Services.BuildServiceProvider();
        var storage = Assert.IsType<AzureBlobStorageClient>(provider.GetRequiredService<IStorageClient>());
        Assert.Same(storage, provider.GetRequiredService<AzureBlobStorageClient>());
        Assert.Equal("chat-files", storage.ContainerName);
        Assert.Equal("http://127.0.0.1:9/devstoreaccount1/chat-files", storage.StorageDescription);
    }

    [Fact]
    public void AddAzureBlobStorage_WithClientFactory_UsesItInsteadOfTheHostClient()
    {
        var builder = NewBuilder();
        builder.Services.AddSingleton(_ => BlobClient("hostaccount"));

        builder.AddAzureBlobStorage(o => o.ContainerName = "chat-files", _ => BlobClient("factoryaccount"));

        using var provider = builder.Services.BuildServiceProvider();
        var storage = provider.GetRequiredService<AzureBlobStorageClient>();
        Assert.Contains("/factoryaccount/", storage.StorageDescription, StringComparison.Ordinal);
    }

    [Fact]
    public void AddAzureBlobStorage_WithServiceKey_UsesTheKeyedClient()
    {
        var builder = NewBuilder();
        builder.Services.AddSingleton(_ => BlobClient("hostaccount"));
        builder.Services.AddKeyedSingleton("files", (_, _) => BlobClient("keyedaccount"));

        builder.AddAzureBlobStorage(Config(("ContainerName", "chat-files"), ("ServiceKey", "files")));

        using var provider = builder.Services.BuildServiceProvider();
        Assert.Contains("/keyedaccount/", provider.GetRequiredService<AzureBlobStorageClient>().StorageDescription, StringComparison.Ordinal);
    }

    [Fact]
    public void AddAzureBlobStorage_FromConfiguration_BindsEveryOption()
    {
        var builder = NewBuilder();

        builder.AddAzureBlobStorage(Config(
            ("ContainerName", "chat-files"), ("UrlExpiry", "02:00:00"), ("CreateContainerIfNotExists", "true"), ("DeleteParallelism", "4")),
            _ => BlobClient());

        using var provider = builder.Services.BuildServiceProvider();
        var options = provider.GetRequiredService<IOptions<AzureBlobStorageOptions>>().Value;
        Assert.Equal(("chat-files", TimeSpan.FromHours(2), true, 4),
            (options.ContainerName, options.UrlExpiry, options.CreateContainerIfNotExists, options.DeleteParallelism));
    }

    [Fact]
    public void AddAzureBlobStorage_NoServiceClient_ExplainsHowToProvideOne()
    {
        var builder = NewBuilder();

        builder.AddAzureBlobStorage(o => o.ContainerName = "chat-files");

        using var provider = builder.Services.BuildServiceProvider();
        var ex = Assert.Throws<InvalidOperationException>(() => provider.GetRequiredService<IStorageClient>());
        Assert.Contains("AddBlobServiceClient", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void AddAzureBlobStorage_InvalidOptions_FailStartUpValidationNamingTheSetting()
    {
        var builder = NewBuilder();

        builder.AddAzureBlobStorage(o => o.ContainerName = "Not_Valid", _ => BlobClient());

        using var provider = builder.Services.BuildServiceProvider();
        var ex = Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<IStartupValidator>().Validate());
        Assert.Contains("AzureBlobStorageOptions.ContainerName", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void AddAzureBlobStorage_SeveralInvalidSettings_AreAllListedByName()
    {
        var builder = NewBuilder();

        builder.AddAzureBlobStorage(
            o =>
            {
                o.ContainerName = "Not_Valid";
                o.UrlExpiry = TimeSpan.Zero;
                o.DeleteParallelism = 0;
                o.TimeProvider = null!;
            },
            _ => BlobClient());

        using var provider = builder.Services.BuildServiceProvider();
        var ex = Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<IStartupValidator>().Validate());
        AssertSettingsNamed(
            ex, "AzureBlobStorageOptions.ContainerName", "AzureBlobStorageOptions.UrlExpiry",
            "AzureBlobStorageOptions.DeleteParallelism", "AzureBlobStorageOptions.TimeProvider");
    }
}
