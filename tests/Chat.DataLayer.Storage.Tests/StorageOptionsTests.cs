using Amazon.Runtime;
using Amazon.S3;
using Azure.Storage.Blobs;
using Chat.DataLayer.Storage.AzureBlob;
using Chat.DataLayer.Storage.S3;
using Xunit;

namespace Chat.DataLayer.Storage.Tests;

/// <summary>Options validation: no emulator involved.</summary>
public sealed class StorageOptionsTests
{
    private static S3StorageOptions ValidS3() => new() { Bucket = "chat-files" };

    private static AzureBlobStorageOptions ValidAzure() => new() { ContainerName = "chat-files" };

    public static TheoryData<string, Action<S3StorageOptions>> InvalidS3Settings => new()
    {
        { nameof(S3StorageOptions.Bucket), o => o.Bucket = "" },
        { nameof(S3StorageOptions.Bucket), o => o.Bucket = "   " },
        { nameof(S3StorageOptions.Bucket), o => o.Bucket = "ab" },
        { nameof(S3StorageOptions.Bucket), o => o.Bucket = "has space" },
        { nameof(S3StorageOptions.Bucket), o => o.Bucket = "slash/bucket" },
        { nameof(S3StorageOptions.Bucket), o => o.Bucket = "-leading-dash" },
        { nameof(S3StorageOptions.Bucket), o => o.Bucket = new string('a', 256) },
        { nameof(S3StorageOptions.UrlExpiry), o => o.UrlExpiry = TimeSpan.Zero },
        { nameof(S3StorageOptions.UrlExpiry), o => o.UrlExpiry = TimeSpan.FromSeconds(-5) },
        { nameof(S3StorageOptions.UrlExpiry), o => o.UrlExpiry = TimeSpan.FromDays(7) + TimeSpan.FromSeconds(1) },
        { nameof(S3StorageOptions.ServerSideEncryption), o => o.ServerSideEncryption = (S3ServerSideEncryption)42 },
        { nameof(S3StorageOptions.KmsKeyId), o => o.KmsKeyId = "alias/chat" },
        { nameof(S3StorageOptions.KmsKeyId), o => { o.ServerSideEncryption = S3ServerSideEncryption.S3Managed; o.KmsKeyId = "alias/chat"; } },
        { nameof(S3StorageOptions.KmsKeyId), o => { o.ServerSideEncryption = S3ServerSideEncryption.Kms; o.KmsKeyId = " "; } },
        { nameof(S3StorageOptions.MultipartPartSize), o => o.MultipartPartSize = 5 * 1024 * 1024 - 1 },
    };

    [Theory]
    [MemberData(nameof(InvalidS3Settings))]
    public void S3Options_InvalidSetting_ThrowsArgumentExceptionNamingIt(string setting, Action<S3StorageOptions> breakIt)
    {
        var options = ValidS3();
        breakIt(options);

        var ex = Assert.ThrowsAny<ArgumentException>(options.Validate);

        Assert.Equal(setting, ex.ParamName);
        Assert.Contains(setting, ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void S3Options_Defaults_AreValidOnceTheBucketIsSet()
    {
        var options = ValidS3();

        options.Validate();

        Assert.Equal(TimeSpan.FromHours(1), options.UrlExpiry);
        Assert.True(options.UseChunkEncoding);
        Assert.Equal(S3ServerSideEncryption.None, options.ServerSideEncryption);
        Assert.Null(options.UseHttpForPresignedUrls);
    }

    [Theory]
    [InlineData("my.bucket.name")]
    [InlineData("legacy_Bucket")]
    [InlineData("abc")]
    public void S3Options_AcceptedBucketNames_AreValid(string bucket) => new S3StorageOptions { Bucket = bucket }.Validate();

    [Fact]
    public void S3Options_KmsWithKeyId_IsValid() =>
        new S3StorageOptions { Bucket = "b-1", ServerSideEncryption = S3ServerSideEncryption.Kms, KmsKeyId = "alias/chat" }.Validate();

    [Fact]
    public void S3Client_InvalidOptions_ThrowsFromTheConstructor()
    {
        using var sdk = new AmazonS3Client(new BasicAWSCredentials("k", "s"), new AmazonS3Config { ServiceURL = "http://127.0.0.1:9" });

        var ex = Assert.ThrowsAny<ArgumentException>(() => new S3StorageClient(sdk, new S3StorageOptions()));

        Assert.Equal(nameof(S3StorageOptions.Bucket), ex.ParamName);
    }

    public static TheoryData<string, Action<AzureBlobStorageOptions>> InvalidAzureSettings => new()
    {
        { nameof(AzureBlobStorageOptions.ContainerName), o => o.ContainerName = "" },
        { nameof(AzureBlobStorageOptions.ContainerName), o => o.ContainerName = "ab" },
        { nameof(AzureBlobStorageOptions.ContainerName), o => o.ContainerName = new string('a', 64) },
        { nameof(AzureBlobStorageOptions.ContainerName), o => o.ContainerName = "Upper-Case" },
        { nameof(AzureBlobStorageOptions.ContainerName), o => o.ContainerName = "double--hyphen" },
        { nameof(AzureBlobStorageOptions.ContainerName), o => o.ContainerName = "-leading" },
        { nameof(AzureBlobStorageOptions.ContainerName), o => o.ContainerName = "trailing-" },
        { nameof(AzureBlobStorageOptions.ContainerName), o => o.ContainerName = "under_score" },
        { nameof(AzureBlobStorageOptions.ContainerName), o => o.ContainerName = "dot.ted" },
        { nameof(AzureBlobStorageOptions.UrlExpiry), o => o.UrlExpiry = TimeSpan.Zero },
        { nameof(AzureBlobStorageOptions.UrlExpiry), o => o.UrlExpiry = TimeSpan.FromDays(8) },
        { nameof(AzureBlobStorageOptions.DeleteParallelism), o => o.DeleteParallelism = 0 },
        { nameof(AzureBlobStorageOptions.DeleteParallelism), o => o.DeleteParallelism = 257 },
        { nameof(AzureBlobStorageOptions.TimeProvider), o => o.TimeProvider = null! },
    };

    [Theory]
    [MemberData(nameof(InvalidAzureSettings))]
    public void AzureOptions_InvalidSetting_ThrowsArgumentExceptionNamingIt(string setting, Action<AzureBlobStorageOptions> breakIt)
    {
        var options = ValidAzure();
        breakIt(options);

        var ex = Assert.ThrowsAny<ArgumentException>(options.Validate);

        Assert.Equal(setting, ex.ParamName);
        Assert.Contains(setting, ex.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("abc")]
    [InlineData("chat-files-2026")]
    [InlineData("0digits")]
    [InlineData("$root")]
    [InlineData("$web")]
    public void AzureOptions_AcceptedContainerNames_AreValid(string container) =>
        new AzureBlobStorageOptions { ContainerName = container }.Validate();

    [Fact]
    public void AzureOptions_Defaults_AreValidOnceTheContainerIsSet()
    {
        var options = ValidAzure();

        options.Validate();

        Assert.Equal(TimeSpan.FromHours(1), options.UrlExpiry);
        Assert.False(options.CreateContainerIfNotExists);
        Assert.Equal(16, options.DeleteParallelism);
    }

    [Fact]
    public void AzureClient_InvalidOptions_ThrowsFromTheConstructor()
    {
        var service = new BlobServiceClient(new Uri("https://account.blob.core.windows.net"));

        var ex = Assert.ThrowsAny<ArgumentException>(() => new AzureBlobStorageClient(service, new AzureBlobStorageOptions()));

        Assert.Equal(nameof(AzureBlobStorageOptions.ContainerName), ex.ParamName);
    }
}
