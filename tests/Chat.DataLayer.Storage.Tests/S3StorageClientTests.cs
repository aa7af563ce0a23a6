using Amazon.S3;
using Chat.DataLayer.Storage.S3;
using Chat.DataLayer.Testing;
using Xunit;

namespace Chat.DataLayer.Storage.Tests;

/// <summary>The storage contract on S3 (s3rver by default), plus what is S3-specific.</summary>
public sealed class S3StorageClientTests(S3ServerFixture s3) : StorageClientTests
{
    // One bucket for the whole class; CreateBucketAsync is idempotent.
    private static readonly string BucketName = S3ServerFixture.UniqueBucketName("storage-tests");

    private readonly List<IAmazonS3> _sdkClients = [];

    protected override async Task<IStorageClient> CreateClientAsync(RequestCounter counter)
    {
        s3.EnsureAvailable();
        await s3.CreateBucketAsync(BucketName, Cancel);
        return NewClient(BucketName, counter);
    }

    protected override IStorageClient CreateClientForMissingStore() =>
        NewClient(S3ServerFixture.UniqueBucketName("missing"), null);

    protected override void AssertMissingStoreError(Exception inner)
    {
        var s3Error = Assert.IsType<AmazonS3Exception>(inner);
        Assert.Equal("NoSuchBucket", s3Error.ErrorCode);
    }

    protected override void AssertBatchDeleteRequests(int keys)
    {
        // One DeleteObjects call (POST /bucket?delete) for up to 1,000 keys, and nothing else.
        var sent = string.Join(" | ", Sent);
        Assert.True(Calls("POST") == 1, sent);
        Assert.True(Sent.All(r => r.Operation == "POST"), sent);
        Assert.Contains("delete", Counter.RequestUris[0]!.Query, StringComparison.Ordinal);
    }

    [Fact]
    public async Task DeleteFiles_MoreThanAThousandKeys_SendsOneRequestPerThousand()
    {
        // S3 reports keys that do not exist as deleted, so no uploads are needed to measure the chunking.
        var keys = Enumerable.Range(0, 1_001).Select(i => $"tests/absent/{i}").ToList();
        ResetCounters();

        var deleted = await Client.DeleteFilesAsync(keys, Cancel);

        Assert.Equal(1_001, deleted);
        Assert.Equal(2, Calls("POST"));
        Assert.True(Sent.All(r => r.Operation == "POST"), string.Join(" | ", Sent));
    }

    [Fact]
    public async Task DeleteFiles_DuplicateKeys_AreSentOnce()
    {
        ResetCounters();

        var deleted = await Client.DeleteFilesAsync(["tests/dup/a", "tests/dup/a", "tests/dup/b"], Cancel);

        Assert.Equal(2, deleted);
        Assert.Equal(1, Calls("POST"));
    }

    [Fact]
    public async Task Upload_WithoutOverwrite_ChecksWithHeadBeforeTheConditionalPut()
    {
        ResetCounters();

        await Client.UploadFileAsync(NewKey(), new MemoryStream(TestBytes.Random(10)), overwrite: false, cancellationToken: Cancel);

        Assert.Equal(["HEAD", "PUT"], Sent.DistinctBy(r => r.CallId).Select(r => r.Operation));
    }

    [Fact]
    public async Task Delete_ExistingKey_SendsHeadThenDelete()
    {
        var stored = await Client.UploadFileAsync(NewKey(), new MemoryStream(TestBytes.Random(10)), cancellationToken: Cancel);
        ResetCounters();

        Assert.True(await Client.DeleteFileAsync(stored.ObjectKey, Cancel));

        Assert.Equal(["HEAD", "DELETE"], Sent.DistinctBy(r => r.CallId).Select(r => r.Operation));
    }

    [Fact]
    public async Task ReadUrl_ForAnHttpServiceUrl_IsHttp()
    {
        var url = await Client.GetReadUrlAsync("some/key.txt", cancellationToken: Cancel);

        Assert.Equal(s3.IsRealAws ? "https" : new Uri(s3.ServiceUrl!).Scheme, new Uri(url).Scheme);
    }

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        foreach (var client in _sdkClients)
        {
            client.Dispose();
        }
    }

    private S3StorageClient NewClient(string bucket, RequestCounter? counter)
    {
        var sdk = s3.CreateClient(counter);
        _sdkClients.Add(sdk);
        return new S3StorageClient(sdk, new S3StorageOptions
        {
            Bucket = bucket,
            // s3rver stores aws-chunked framing as content; real AWS works either way.
            UseChunkEncoding = s3.IsRealAws,
        });
    }
}
