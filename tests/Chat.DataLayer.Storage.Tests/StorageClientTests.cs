using System.Net;
using System.Text;
using Chat.DataLayer.Testing;
using Xunit;

namespace Chat.DataLayer.Storage.Tests;

/// <summary>
/// The <see cref="IStorageClient"/> contract, run against each store's emulator by a subclass. Every test downloads
/// through the returned URL with a plain <see cref="HttpClient"/> and compares bytes, not just status codes.
/// </summary>
public abstract class StorageClientTests : IAsyncLifetime
{
    /// <summary>Counts the requests of <see cref="Client"/>'s SDK client (reset before each measured call).</summary>
    protected RequestCounter Counter { get; } = new();

    private readonly System.Collections.Concurrent.ConcurrentQueue<SentRequest> _sent = new();

    protected StorageClientTests()
    {
        // Request counts are of SDK calls, not attempts: the SDKs retry (s3rver answers 500 to a DeleteObjects whose
        // keys share a folder, from a race in its folder clean-up, and the retry succeeds). A retry keeps the SDK's
        // per-call id, so distinct ids count calls; the attempt header shows what happened when an assertion fails.
        Counter.Intercept = request =>
        {
            _sent.Enqueue(new SentRequest(
                RequestCounter.GetOperation(request),
                Header(request, "amz-sdk-invocation-id") ?? Header(request, "x-ms-client-request-id"),
                Header(request, "amz-sdk-request") ?? Header(request, "x-ms-client-request-id")));
            return null;
        };
    }

    /// <summary>A request seen by <see cref="Counter"/>: its operation, the SDK's id of the call it belongs to, and its attempt.</summary>
    protected sealed record SentRequest(string Operation, string? CallId, string? Attempt);

    /// <summary>The requests sent since the last <see cref="ResetCounters"/>.</summary>
    protected IReadOnlyList<SentRequest> Sent => [.. _sent];

    /// <summary>Forgets the requests counted so far.</summary>
    protected void ResetCounters()
    {
        Counter.Reset();
        _sent.Clear();
    }

    /// <summary>How many SDK calls (each possibly retried) of <paramref name="operation"/> were sent.</summary>
    protected int Calls(string operation) => Sent.Where(r => r.Operation == operation).Select(r => r.CallId).Distinct().Count();

    private static string? Header(HttpRequestMessage request, string name) =>
        request.Headers.TryGetValues(name, out var values) ? string.Join(",", values) : null;

    /// <summary>The client under test, on this class's own bucket or container, with 1-hour URLs.</summary>
    protected IStorageClient Client { get; private set; } = null!;

    protected static CancellationToken Cancel => TestContext.Current.CancellationToken;

    /// <summary>Creates the store's bucket/container once per test class (idempotent) and a client on it.</summary>
    protected abstract Task<IStorageClient> CreateClientAsync(RequestCounter counter);

    /// <summary>A client on a bucket/container that does not exist.</summary>
    protected abstract IStorageClient CreateClientForMissingStore();

    /// <summary>Asserts the store's own exception for a missing bucket/container.</summary>
    protected abstract void AssertMissingStoreError(Exception inner);

    /// <summary>Asserts the requests a batch delete of <paramref name="keys"/> distinct keys sent.</summary>
    protected abstract void AssertBatchDeleteRequests(int keys);

    public async ValueTask InitializeAsync() => Client = await CreateClientAsync(Counter);

    public virtual async ValueTask DisposeAsync()
    {
        if (Client is not null)
        {
            await Client.DisposeAsync();
        }

        GC.SuppressFinalize(this);
    }

    protected static string NewKey(string name = "file.bin") => $"tests/{Guid.NewGuid():N}/{name}";

    private static MemoryStream Bytes(byte[] data) => new(data, writable: false);

    [Fact]
    public async Task Upload_LargeRandomBytes_DownloadsIdenticalThroughUrl()
    {
        var data = TestBytes.Random(6 * 1024 * 1024 + 123);
        var key = NewKey("large.bin");

        var stored = await Client.UploadFileAsync(key, Bytes(data), "application/x-large", cancellationToken: Cancel);

        var download = await Downloaded.GetAsync(stored.Url);
        Assert.Equal(HttpStatusCode.OK, download.Status);
        Assert.Equal("application/x-large", download.ContentType);
        Assert.True(data.AsSpan().SequenceEqual(download.Body), $"Downloaded {download.Body.Length} bytes differ from the {data.Length} uploaded.");
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(4096)]
    [InlineData(300_000)]
    public async Task Upload_SmallRandomBytes_DownloadsIdenticalThroughUrl(int length)
    {
        var data = TestBytes.Random(length);
        var key = NewKey();

        var stored = await Client.UploadFileAsync(key, Bytes(data), "image/png", cancellationToken: Cancel);

        var download = await Downloaded.GetAsync(stored.Url);
        Assert.Equal(HttpStatusCode.OK, download.Status);
        Assert.Equal("image/png", download.ContentType);
        Assert.Equal(data, download.Body);
    }

    [Fact]
    public async Task Upload_ReturnsKeySizeETagAndContentType()
    {
        var data = TestBytes.Random(12_345);
        var key = NewKey();

        var stored = await Client.UploadFileAsync(key, Bytes(data), "text/plain; charset=utf-8", cancellationToken: Cancel);

        Assert.Equal(key, stored.ObjectKey);
        Assert.Equal(data.Length, stored.Size);
        Assert.False(string.IsNullOrEmpty(stored.ETag));
        Assert.Equal("text/plain; charset=utf-8", stored.ContentType);
        Assert.StartsWith("http", stored.Url, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(100_000)]
    [InlineData(9 * 1024 * 1024)] // more than one 8 MiB part: the S3 client switches to a multipart upload
    public async Task Upload_NonSeekableStream_CountsSizeAndDownloadsIdentical(int length)
    {
        var data = TestBytes.Random(length);
        var key = NewKey("piped.bin");

        var stored = await Client.UploadFileAsync(key, NonSeekable.Of(data), "application/x-piped", cancellationToken: Cancel);

        Assert.Equal(length, stored.Size);
        var download = await Downloaded.GetAsync(stored.Url);
        Assert.Equal(HttpStatusCode.OK, download.Status);
        Assert.Equal("application/x-piped", download.ContentType);
        Assert.True(data.AsSpan().SequenceEqual(download.Body), $"Downloaded {download.Body.Length} bytes differ from the {data.Length} uploaded.");
    }

    [Fact]
    public async Task Upload_SeekableStreamNotAtStart_UploadsFromCurrentPosition()
    {
        var data = TestBytes.Random(10_000);
        var stream = Bytes(data);
        stream.Position = 1_000;

        var stored = await Client.UploadFileAsync(NewKey(), stream, cancellationToken: Cancel);

        Assert.Equal(9_000, stored.Size);
        var download = await Downloaded.GetAsync(stored.Url);
        Assert.Equal(data[1_000..], download.Body);
    }

    [Fact]
    public async Task Upload_WithOverwrite_ReplacesExistingBytes()
    {
        var key = NewKey();
        var first = TestBytes.Random(2_000);
        var second = TestBytes.Random(3_000);
        await Client.UploadFileAsync(key, Bytes(first), "application/x-first", cancellationToken: Cancel);

        var stored = await Client.UploadFileAsync(key, Bytes(second), "application/x-second", overwrite: true, cancellationToken: Cancel);

        var download = await Downloaded.GetAsync(stored.Url);
        Assert.Equal(second, download.Body);
        Assert.Equal("application/x-second", download.ContentType);
    }

    [Fact]
    public async Task Upload_WithoutOverwrite_ThrowsObjectExistsAndKeepsOldBytes()
    {
        var key = NewKey();
        var first = TestBytes.Random(2_000);
        var stored = await Client.UploadFileAsync(key, Bytes(first), cancellationToken: Cancel);

        var ex = await Assert.ThrowsAsync<StorageObjectExistsException>(() =>
            Client.UploadFileAsync(key, Bytes(TestBytes.Random(3_000)), overwrite: false, cancellationToken: Cancel));

        Assert.Equal(key, ex.ObjectKey);
        Assert.Equal(first, (await Downloaded.GetAsync(stored.Url)).Body);
    }

    [Fact]
    public async Task Upload_WithoutOverwrite_WritesANewKey()
    {
        var data = TestBytes.Random(1_500);

        var stored = await Client.UploadFileAsync(NewKey(), Bytes(data), overwrite: false, cancellationToken: Cancel);

        Assert.Equal(data, (await Downloaded.GetAsync(stored.Url)).Body);
    }

    [Fact]
    public async Task Upload_WithoutOverwrite_NonSeekableStreamOnExistingKey_ThrowsObjectExists()
    {
        var key = NewKey();
        var first = TestBytes.Random(1_000);
        var stored = await Client.UploadFileAsync(key, Bytes(first), cancellationToken: Cancel);

        await Assert.ThrowsAsync<StorageObjectExistsException>(() => Client.UploadFileAsync(
            key, NonSeekable.Of(TestBytes.Random(1_000)), overwrite: false, cancellationToken: Cancel));

        Assert.Equal(first, (await Downloaded.GetAsync(stored.Url)).Body);
    }

    [Fact]
    public async Task Upload_ContentDisposition_ComesBackOnDownload()
    {
        const string disposition = "attachment; filename=\"report 2026.pdf\"";

        var stored = await Client.UploadFileAsync(NewKey("report.pdf"), Bytes(TestBytes.Random(500)), "application/pdf",
            contentDisposition: disposition, cancellationToken: Cancel);

        var download = await Downloaded.GetAsync(stored.Url);
        Assert.Equal(HttpStatusCode.OK, download.Status);
        Assert.Equal(disposition, download.ContentDisposition);
    }

    [Fact]
    public async Task Upload_CanceledToken_ThrowsOperationCanceledNotStorageException()
    {
        using var canceled = new CancellationTokenSource();
        await canceled.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() =>
            Client.UploadFileAsync(NewKey(), Bytes(TestBytes.Random(100)), cancellationToken: canceled.Token));
    }

    [Fact]
    public async Task ReadUrl_WorksUntilExpiryThenIsRefused()
    {
        var data = TestBytes.Random(256);
        var stored = await Client.UploadFileAsync(NewKey(), Bytes(data), cancellationToken: Cancel);

        var url = await Client.GetReadUrlAsync(stored.ObjectKey, TimeSpan.FromSeconds(3), Cancel);
        var early = await Downloaded.GetAsync(url);

        Assert.Equal(HttpStatusCode.OK, early.Status);
        Assert.Equal(data, early.Body);

        // Expiry times have one-second granularity: poll from just past 3 s instead of sleeping long.
        await Task.Delay(TimeSpan.FromSeconds(3.5), Cancel);
        var deadline = DateTime.UtcNow.AddSeconds(5);
        var late = await Downloaded.GetAsync(url);
        while (late.Status == HttpStatusCode.OK && DateTime.UtcNow < deadline)
        {
            await Task.Delay(250, Cancel);
            late = await Downloaded.GetAsync(url);
        }

        Assert.Equal(HttpStatusCode.Forbidden, late.Status);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-1)]
    [InlineData(7 * 24 * 3600 + 1)]
    public async Task GetReadUrl_ExpiryOutOfRange_ThrowsArgumentOutOfRange(int seconds)
    {
        var ex = await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() =>
            Client.GetReadUrlAsync(NewKey(), TimeSpan.FromSeconds(seconds), Cancel));

        Assert.Equal("expiresIn", ex.ParamName);
    }

    [Fact]
    public async Task GetReadUrl_SevenDays_IsAccepted()
    {
        var stored = await Client.UploadFileAsync(NewKey(), Bytes(TestBytes.Random(10)), cancellationToken: Cancel);

        var url = await Client.GetReadUrlAsync(stored.ObjectKey, TimeSpan.FromDays(7), Cancel);

        Assert.Equal(HttpStatusCode.OK, (await Downloaded.GetAsync(url)).Status);
    }

    [Fact]
    public async Task Delete_ReturnsTrueThenFalse_AndTheObjectIsGone()
    {
        var stored = await Client.UploadFileAsync(NewKey(), Bytes(TestBytes.Random(100)), cancellationToken: Cancel);

        Assert.True(await Client.DeleteFileAsync(stored.ObjectKey, Cancel));
        Assert.False(await Client.DeleteFileAsync(stored.ObjectKey, Cancel));
        Assert.Equal(HttpStatusCode.NotFound, (await Downloaded.GetAsync(stored.Url)).Status);
    }

    [Fact]
    public async Task Delete_NeverWrittenKey_ReturnsFalse()
    {
        Assert.False(await Client.DeleteFileAsync(NewKey(), Cancel));
    }

    [Fact]
    public async Task DeleteFiles_ThirtyKeys_DeletesEveryOneAndReturnsThirty()
    {
        var stored = await UploadManyAsync(30);

        var deleted = await Client.DeleteFilesAsync(stored.Select(s => s.ObjectKey), Cancel);

        Assert.Equal(30, deleted);
        foreach (var item in stored)
        {
            Assert.Equal(HttpStatusCode.NotFound, (await Downloaded.GetAsync(item.Url)).Status);
        }
    }

    [Fact]
    public async Task DeleteFiles_ThirtyKeys_SendsTheStoresFewestRequests()
    {
        var stored = await UploadManyAsync(30);
        ResetCounters();

        await Client.DeleteFilesAsync(stored.Select(s => s.ObjectKey), Cancel);

        AssertBatchDeleteRequests(30);
    }

    [Fact]
    public async Task DeleteFiles_NoKeys_ReturnsZeroWithoutRequests()
    {
        ResetCounters();

        Assert.Equal(0, await Client.DeleteFilesAsync([], Cancel));
        Assert.Equal(0, Counter.Total);
    }

    [Fact]
    public async Task DeleteFiles_DotSegmentKey_ThrowsBeforeDeletingAnything()
    {
        var stored = await UploadManyAsync(2);
        ResetCounters();

        var ex = await Assert.ThrowsAsync<ArgumentException>(() =>
            Client.DeleteFilesAsync([stored[0].ObjectKey, "a/../b", stored[1].ObjectKey], Cancel));

        Assert.Equal("objectKeys", ex.ParamName);
        Assert.Equal(0, Counter.Total);
    }

    public static TheoryData<string> HostileKeys =>
    [
        "with space/and more spaces.txt",
        "ünïcødé/文件 名.bin",
        "percent%/100%25 done.txt",
        "plus+sign/a+b.txt",
        "hash#/frag#ment.txt",
        "question?/q?uery=1&x=2.txt",
        "mixed ü%+#?&=;:@,$!'()*~.txt",
        "dots.../a..b/...",
    ];

    [Theory]
    [MemberData(nameof(HostileKeys))]
    public async Task HostileKey_RoundTripsThroughUploadAndUrlDownload(string name)
    {
        var key = $"tests/{Guid.NewGuid():N}/{name}";
        var data = Encoding.UTF8.GetBytes("body of " + key);

        var stored = await Client.UploadFileAsync(key, Bytes(data), "text/plain", cancellationToken: Cancel);

        Assert.Equal(key, stored.ObjectKey);
        var download = await Downloaded.GetAsync(stored.Url);
        Assert.Equal(HttpStatusCode.OK, download.Status);
        Assert.Equal(data, download.Body);
        Assert.True(await Client.DeleteFileAsync(key, Cancel));
    }

    [Theory]
    [InlineData("a/../b")]
    [InlineData("../b")]
    [InlineData("a/./b")]
    [InlineData("a/..")]
    [InlineData("..")]
    public async Task DotSegmentKey_IsRejectedAndNothingIsWritten(string suffix)
    {
        var prefix = $"tests/{Guid.NewGuid():N}/";
        ResetCounters();

        var ex = await Assert.ThrowsAsync<ArgumentException>(() =>
            Client.UploadFileAsync(prefix + suffix, Bytes(TestBytes.Random(10)), cancellationToken: Cancel));

        Assert.Equal("objectKey", ex.ParamName);
        Assert.Equal(0, Counter.Total);
    }

    [Fact]
    public async Task MissingStore_Upload_ThrowsStorageExceptionWithKeyAndServiceError()
    {
        await using var client = CreateClientForMissingStore();
        var key = NewKey();

        var ex = await Assert.ThrowsAsync<StorageException>(() =>
            client.UploadFileAsync(key, Bytes(TestBytes.Random(10)), cancellationToken: Cancel));

        Assert.IsNotType<StorageObjectExistsException>(ex);
        Assert.Equal(key, ex.ObjectKey);
        Assert.NotNull(ex.InnerException);
        AssertMissingStoreError(ex.InnerException);
    }

    [Fact]
    public async Task HealthProbe_ExistingStore_ReturnsTrue()
    {
        var probe = Assert.IsAssignableFrom<IStorageHealthProbe>(Client);

        Assert.True(await probe.StorageExistsAsync(Cancel));
        Assert.False(string.IsNullOrWhiteSpace(probe.StorageDescription));
    }

    [Fact]
    public async Task HealthProbe_MissingStore_ReturnsFalse()
    {
        await using var client = CreateClientForMissingStore();
        var probe = Assert.IsAssignableFrom<IStorageHealthProbe>(client);

        Assert.False(await probe.StorageExistsAsync(Cancel));
    }

    private async Task<StoredObject[]> UploadManyAsync(int count)
    {
        var prefix = $"tests/{Guid.NewGuid():N}/";
        return await Task.WhenAll(Enumerable.Range(0, count).Select(i =>
            Client.UploadFileAsync($"{prefix}{i:D3}.txt", Bytes(Encoding.UTF8.GetBytes($"file {i}")), "text/plain",
                cancellationToken: Cancel)));
    }
}
