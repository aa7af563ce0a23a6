using Azure;
using Azure.Storage.Blobs;
using Chat.DataLayer.Storage.AzureBlob;
using Chat.DataLayer.Testing;
using Xunit;

namespace Chat.DataLayer.Storage.Tests;

/// <summary>The storage contract on Azure Blob (Azurite by default), plus what is Azure-specific.</summary>
public sealed class AzureBlobStorageClientTests(AzuriteFixture azurite) : StorageClientTests
{
    // One container for the whole class; CreateIfNotExists is idempotent.
    private static readonly string ContainerName = AzuriteFixture.UniqueContainerName("storage-tests");

    protected override async Task<IStorageClient> CreateClientAsync(RequestCounter counter)
    {
        azurite.EnsureAvailable();
        await azurite.CreateServiceClient().GetBlobContainerClient(ContainerName).CreateIfNotExistsAsync(cancellationToken: Cancel);
        return NewClient(ContainerName, counter);
    }

    protected override IStorageClient CreateClientForMissingStore() =>
        NewClient(AzuriteFixture.UniqueContainerName("missing"), null);

    protected override void AssertMissingStoreError(Exception inner)
    {
        var azureError = Assert.IsType<RequestFailedException>(inner);
        Assert.Equal(404, azureError.Status);
        Assert.Equal("ContainerNotFound", azureError.ErrorCode);
    }

    protected override void AssertBatchDeleteRequests(int keys)
    {
        // No Blob Batch API (Azurite lacks it): one DELETE call per blob, nothing else.
        Assert.Equal(keys, Calls("DELETE"));
        Assert.True(Sent.All(r => r.Operation == "DELETE"), string.Join(" | ", Sent));
    }

    [Fact]
    public async Task DeleteFiles_CountsOnlyBlobsThatExisted()
    {
        var first = await Client.UploadFileAsync(NewKey(), new MemoryStream(TestBytes.Random(10)), cancellationToken: Cancel);
        var second = await Client.UploadFileAsync(NewKey(), new MemoryStream(TestBytes.Random(10)), cancellationToken: Cancel);

        var deleted = await Client.DeleteFilesAsync([first.ObjectKey, NewKey(), second.ObjectKey, NewKey()], Cancel);

        Assert.Equal(2, deleted);
    }

    [Fact]
    public async Task CreateContainerIfNotExists_FirstUploadCreatesTheContainer()
    {
        var container = AzuriteFixture.UniqueContainerName("created");
        await using var client = new AzureBlobStorageClient(azurite.CreateServiceClient(),
            new AzureBlobStorageOptions { ContainerName = container, CreateContainerIfNotExists = true });
        var data = TestBytes.Random(100);

        var stored = await client.UploadFileAsync(NewKey(), new MemoryStream(data), cancellationToken: Cancel);

        Assert.Equal(data, (await Downloaded.GetAsync(stored.Url)).Body);
        Assert.True(await azurite.CreateServiceClient().GetBlobContainerClient(container).ExistsAsync(Cancel));
    }

    [Fact]
    public async Task Upload_WithoutOverwrite_IsOneConditionalRequest()
    {
        ResetCounters();

        await Client.UploadFileAsync(NewKey(), new MemoryStream(TestBytes.Random(10)), overwrite: false, cancellationToken: Cancel);

        Assert.Equal(["PUT"], Sent.DistinctBy(r => r.CallId).Select(r => r.Operation));
    }

    [Theory]
    [InlineData("folder/")]
    [InlineData("a/b/")]
    public async Task KeyWithTrailingSlash_IsRejected(string suffix)
    {
        var ex = await Assert.ThrowsAsync<ArgumentException>(() =>
            Client.UploadFileAsync(NewKey(suffix), new MemoryStream(TestBytes.Random(10)), cancellationToken: Cancel));

        Assert.Equal("objectKey", ex.ParamName);
    }

    [Fact]
    public async Task ReadUrl_WithSharedKey_IsAServiceSasForReadingOneBlob()
    {
        var url = new Uri(await Client.GetReadUrlAsync("some/key.txt", cancellationToken: Cancel));

        Assert.Contains("sr=b", url.Query, StringComparison.Ordinal);
        Assert.Contains("sp=r", url.Query, StringComparison.Ordinal);
        Assert.DoesNotContain("skoid=", url.Query, StringComparison.Ordinal);
    }

    private AzureBlobStorageClient NewClient(string container, RequestCounter? counter)
    {
        BlobServiceClient service = azurite.CreateServiceClient(counter);
        return new AzureBlobStorageClient(service, new AzureBlobStorageOptions { ContainerName = container });
    }
}
