using System.Net;
using System.Net.Sockets;
using Amazon.DynamoDBv2;
using Chat.DataLayer.DynamoDb.Files;
using Chat.DataLayer.Testing;
using Xunit;

namespace Chat.DataLayer.DynamoDb.Tests.ElementFiles;

/// <summary>
/// The element lifecycle through DynamoDbDataLayer with a real object store: bytes go in, come back through the
/// signed URL, and go away with their element or thread; failures leave neither orphans nor dangling elements.
/// Run once per store by the subclasses.
/// </summary>
public abstract class ElementFileFlowTests(DynamoDbServerFixture dynamo) : IAsyncLifetime
{
    private static readonly HttpClient Http = new();
    private readonly string _table = DynamoDbServerFixture.UniqueTableName("files");

    protected RequestCounter DynamoCounter { get; } = new();

    protected RequestCounter StorageCounter { get; } = new();

    private AmazonDynamoDBClient? _dynamoClient;

    protected IStorageClient Storage { get; private set; } = null!;

    protected DynamoDbDataLayer Data { get; private set; } = null!;

    protected static CancellationToken Ct => TestContext.Current.CancellationToken;

    /// <summary>Creates the store's bucket or container and a client over it that counts through <paramref name="counter"/>.</summary>
    protected abstract Task<IStorageClient> CreateStorageAsync(RequestCounter counter);

    /// <summary>Makes the store's delete requests fail with an authorisation error (not retried), or stops that.</summary>
    protected abstract void FailDeletes(bool fail);

    public async ValueTask InitializeAsync()
    {
        dynamo.EnsureAvailable();
        _dynamoClient = dynamo.CreateClient(DynamoCounter);
        await DynamoDbTableSchema.EnsureTableAsync(_dynamoClient, _table);
        Storage = await CreateStorageAsync(StorageCounter);
        Data = CreateDataLayer(new DynamoDbDataLayerOptions { TableName = _table });
    }

    public async ValueTask DisposeAsync()
    {
        if (_dynamoClient is not null)
        {
            await _dynamoClient.DeleteTableAsync(_table);
            _dynamoClient.Dispose();
        }
    }

    protected DynamoDbDataLayer CreateDataLayer(DynamoDbDataLayerOptions options) => new(_dynamoClient!, options, Storage);

    [Fact]
    public async Task Content_comes_back_through_a_signed_URL_and_goes_away_with_its_element()
    {
        var (threadId, owner) = await NewThreadAsync();
        var bytes = RandomBytes(300 * 1024);

        var created = await Data.CreateElementAsync(NewElement(threadId, "el-1", "chart.png", mime: "image/png"), new MemoryStream(bytes), Ct);

        Assert.Equal(ObjectKeys.For(owner, threadId, "el-1"), created.ObjectKey);
        var thread = await Data.GetThreadAsync(threadId, Ct);
        var element = Assert.Single(thread!.Elements);
        var (status, body, type) = await DownloadAsync(element.Url!);
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal(bytes, body);
        Assert.Equal("image/png", type);

        await Data.DeleteElementAsync(threadId, "el-1", Ct);

        Assert.Null(await Data.GetElementAsync(threadId, "el-1", Ct));
        Assert.False(await Storage.DeleteFileAsync(created.ObjectKey!, Ct), "the object outlived its element");
    }

    [Fact]
    public async Task Deleting_a_thread_deletes_every_file_of_that_thread_and_no_other()
    {
        var (threadId, _) = await NewThreadAsync();
        var (otherThreadId, _) = await NewThreadAsync();
        var keys = new List<string>();
        for (var i = 0; i < 3; i++)
        {
            keys.Add((await Data.CreateElementAsync(NewElement(threadId, $"el-{i}", $"f{i}.txt"), new MemoryStream(RandomBytes(1000)), Ct)).ObjectKey!);
        }

        var other = await Data.CreateElementAsync(NewElement(otherThreadId, "keep", "keep.txt"), new MemoryStream(RandomBytes(10)), Ct);

        await Data.DeleteThreadAsync(threadId, Ct);

        Assert.Null(await Data.GetThreadAsync(threadId, Ct));
        foreach (var key in keys)
        {
            Assert.Equal(HttpStatusCode.NotFound, (await DownloadAsync(await Storage.GetReadUrlAsync(key, null, Ct))).Status);
        }

        Assert.Equal(HttpStatusCode.OK, (await DownloadAsync((await Data.GetElementAsync(otherThreadId, "keep", Ct))!.Url!)).Status);
        Assert.Equal(other.ObjectKey, (await Data.GetElementAsync(otherThreadId, "keep", Ct))!.ObjectKey);
    }

    [Fact]
    public async Task A_failing_item_write_takes_the_upload_back()
    {
        var (threadId, owner) = await NewThreadAsync();
        DynamoCounter.Intercept = request => RequestCounter.GetOperation(request) == "PutItem"
            ? RequestCounter.DynamoDbError(HttpStatusCode.BadRequest, "ValidationException", "injected failure")
            : null;
        try
        {
            await Assert.ThrowsAnyAsync<AmazonDynamoDBException>(() =>
                Data.CreateElementAsync(NewElement(threadId, "doomed", "doomed.bin"), new MemoryStream(RandomBytes(5000)), Ct));
        }
        finally
        {
            DynamoCounter.Intercept = null;
        }

        var key = ObjectKeys.For(owner, threadId, "doomed");
        Assert.Equal(HttpStatusCode.NotFound, (await DownloadAsync(await Storage.GetReadUrlAsync(key, null, Ct))).Status);
        Assert.Null(await Data.GetElementAsync(threadId, "doomed", Ct));
    }

    [Fact]
    public async Task Reading_a_thread_of_20_files_sends_no_storage_request()
    {
        var (threadId, _) = await NewThreadAsync();
        for (var i = 0; i < 20; i++)
        {
            await Data.CreateElementAsync(NewElement(threadId, $"el-{i:00}", $"f{i}.txt"), new MemoryStream([(byte)i]), Ct);
        }

        StorageCounter.Reset();
        DynamoCounter.Reset();
        var thread = await Data.GetThreadAsync(threadId, Ct);

        Assert.Equal(20, thread!.Elements.Count);
        Assert.Equal(0, StorageCounter.Total);
        Assert.Equal(1, DynamoCounter.Total);
        var element = thread.Elements.Single(e => e.Id == "el-07");
        var body = (await DownloadAsync(element.Url!)).Body;
        Assert.Equal(new byte[] { 7 }, body);
    }

    [Fact]
    public async Task Hostile_ids_stay_inside_their_owners_prefix()
    {
        var threadId = "../" + Guid.NewGuid().ToString("N") + "/x";
        const string owner = "../../evil/%2e%2e";
        await Data.UpdateThreadAsync(threadId, name: "hostile", userId: owner, cancellationToken: Ct);
        var bytes = RandomBytes(64);

        var created = await Data.CreateElementAsync(NewElement(threadId, "..", "a.bin"), new MemoryStream(bytes), Ct);

        var segments = created.ObjectKey!.Split('/');
        Assert.Equal(3, segments.Length);
        Assert.DoesNotContain(segments, s => s is "." or ".." or "");
        Assert.Equal(ObjectKeys.Segment(owner), segments[0]);
        Assert.Equal(bytes, (await DownloadAsync((await Data.GetElementAsync(threadId, "..", Ct))!.Url!)).Body);
    }

    [Fact]
    public async Task The_content_type_is_inferred_from_the_name_when_not_given()
    {
        var (threadId, _) = await NewThreadAsync();

        var created = await Data.CreateElementAsync(NewElement(threadId, "doc", "report.pdf"), new MemoryStream(RandomBytes(100)), Ct);

        Assert.Equal("application/pdf", created.Mime);
        Assert.Equal("application/pdf", (await DownloadAsync(created.Url!)).ContentType);
    }

    [Fact]
    public async Task A_local_path_is_read_and_uploaded()
    {
        var (threadId, _) = await NewThreadAsync();
        var path = Path.GetTempFileName();
        var bytes = RandomBytes(2048);
        await File.WriteAllBytesAsync(path, bytes, Ct);
        try
        {
            var element = NewElement(threadId, "from-disk", "notes.txt");
            element.Path = path;

            var created = await Data.CreateElementAsync(element, null, Ct);

            Assert.Equal(bytes, (await DownloadAsync(created.Url!)).Body);
            Assert.Null((await Data.GetElementAsync(threadId, "from-disk", Ct))!.Path);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public async Task A_storage_failure_while_deleting_a_thread_keeps_its_items_for_a_retry()
    {
        var (threadId, _) = await NewThreadAsync();
        var created = await Data.CreateElementAsync(NewElement(threadId, "kept", "kept.txt"), new MemoryStream(RandomBytes(10)), Ct);

        FailDeletes(true);
        try
        {
            await Assert.ThrowsAsync<StorageException>(() => Data.DeleteThreadAsync(threadId, Ct));
        }
        finally
        {
            FailDeletes(false);
        }

        var thread = await Data.GetThreadAsync(threadId, Ct);
        Assert.NotNull(thread);
        Assert.Equal(created.ObjectKey, Assert.Single(thread.Elements).ObjectKey);

        await Data.DeleteThreadAsync(threadId, Ct);
        Assert.Null(await Data.GetThreadAsync(threadId, Ct));
        Assert.False(await Storage.DeleteFileAsync(created.ObjectKey!, Ct));
    }

    [Fact]
    public async Task Remote_urls_are_links_unless_downloads_are_enabled_for_their_host()
    {
        var (threadId, _) = await NewThreadAsync();
        var bytes = RandomBytes(4096);
        using var server = new OneFileServer(bytes, "image/png");

        // Off by default: a link, never fetched.
        var link = NewElement(threadId, "link", "remote.png");
        link.Url = server.Url;
        var stored = await Data.CreateElementAsync(link, null, Ct);
        Assert.Equal(server.Url, stored.Url);
        Assert.Null(stored.ObjectKey);

        // Enabled, but the host is not listed: still a link, still not fetched.
        var unlisted = CreateDataLayer(Options(o => o.RemoteFiles.AllowHttp = true));
        var other = NewElement(threadId, "unlisted", "remote.png");
        other.Url = server.Url;
        Assert.Null((await unlisted.CreateElementAsync(other, null, Ct)).ObjectKey);
        Assert.Equal(0, server.Requests);

        // Enabled for the host: downloaded into storage.
        var allowed = CreateDataLayer(Options(o =>
        {
            o.RemoteFiles.AllowHttp = true;
            o.RemoteFiles.AllowedHosts.Add("127.0.0.1");
        }));
        var fetched = NewElement(threadId, "fetched", "remote.png");
        fetched.Url = server.Url;
        var downloaded = await allowed.CreateElementAsync(fetched, null, Ct);
        Assert.NotNull(downloaded.ObjectKey);
        Assert.Equal(bytes, (await DownloadAsync(downloaded.Url!)).Body);
        Assert.Equal(1, server.Requests);
    }

    [Fact]
    public async Task A_remote_file_over_the_size_limit_stores_nothing()
    {
        var (threadId, owner) = await NewThreadAsync();
        using var server = new OneFileServer(RandomBytes(10_000), "application/octet-stream");
        var limited = CreateDataLayer(Options(o =>
        {
            o.RemoteFiles.AllowHttp = true;
            o.RemoteFiles.AllowedHosts.Add("127.0.0.1");
            o.RemoteFiles.MaxBytes = 1000;
        }));
        var element = NewElement(threadId, "big", "big.bin");
        element.Url = server.Url;

        await Assert.ThrowsAsync<DataLayerException>(() => limited.CreateElementAsync(element, null, Ct));

        Assert.Null(await Data.GetElementAsync(threadId, "big", Ct));
        Assert.Equal(HttpStatusCode.NotFound,
            (await DownloadAsync(await Storage.GetReadUrlAsync(ObjectKeys.For(owner, threadId, "big"), null, Ct))).Status);
    }

    private DynamoDbDataLayerOptions Options(Action<DynamoDbDataLayerOptions> configure)
    {
        var options = new DynamoDbDataLayerOptions { TableName = _table };
        options.RemoteFiles.Enabled = true;
        configure(options);
        return options;
    }

    private async Task<(string ThreadId, string Owner)> NewThreadAsync()
    {
        var threadId = "t-" + Guid.NewGuid().ToString("N");
        var owner = "owner-" + Guid.NewGuid().ToString("N")[..8] + "@example.com";
        await Data.UpdateThreadAsync(threadId, name: "files", userId: owner, cancellationToken: Ct);
        return (threadId, owner);
    }

    private static Element NewElement(string threadId, string id, string name, string? mime = null) => new()
    {
        Id = id,
        ThreadId = threadId,
        ForId = "step-1",
        Type = ElementTypes.File,
        Name = name,
        Mime = mime,
    };

    private static byte[] RandomBytes(int length)
    {
        var bytes = new byte[length];
        Random.Shared.NextBytes(bytes);
        return bytes;
    }

    private static async Task<(HttpStatusCode Status, byte[] Body, string? ContentType)> DownloadAsync(string url)
    {
        using var response = await Http.GetAsync(new Uri(url), Ct);
        return (response.StatusCode, await response.Content.ReadAsByteArrayAsync(Ct), response.Content.Headers.ContentType?.MediaType);
    }

    /// <summary>Serves one file over HTTP on a loopback port and counts the requests it gets.</summary>
    private sealed class OneFileServer : IDisposable
    {
        private readonly HttpListener _listener = new();
        private int _requests;

        public OneFileServer(byte[] body, string contentType)
        {
            var port = FreePort();
            Url = $"http://127.0.0.1:{port}/files/remote.png";
            _listener.Prefixes.Add($"http://127.0.0.1:{port}/");
            _listener.Start();
            _ = Task.Run(async () =>
            {
                while (_listener.IsListening)
                {
                    HttpListenerContext context;
                    try
                    {
                        context = await _listener.GetContextAsync();
                    }
                    catch (Exception ex) when (ex is HttpListenerException or ObjectDisposedException or InvalidOperationException)
                    {
                        return;
                    }

                    Interlocked.Increment(ref _requests);
                    context.Response.ContentType = contentType;
                    context.Response.ContentLength64 = body.Length;
                    await context.Response.OutputStream.WriteAsync(body);
                    context.Response.Close();
                }
            });
        }

        public string Url { get; }

        public int Requests => Volatile.Read(ref _requests);

        public void Dispose() => _listener.Close();

        private static int FreePort()
        {
            using var listener = new TcpListener(IPAddress.Loopback, 0);
            listener.Start();
            return ((IPEndPoint)listener.LocalEndpoint).Port;
        }
    }
}
