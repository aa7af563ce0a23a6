using System.Text.Json;
using Amazon.DynamoDBv2.Model;
using Chat.DataLayer.DynamoDb;
using Chat.DataLayer.Storage.S3;
using Chat.DataLayer.Testing;
using Microsoft.Extensions.AI;
using Xunit;

namespace Chat.DataLayer.AI.Tests;

/// <summary>One table per test class, made with <see cref="DynamoDbTableSchema.EnsureTableAsync"/> and deleted afterwards.</summary>
public sealed class AiTable(DynamoDbServerFixture server) : IAsyncLifetime
{
    public string? Name { get; private set; }

    public async ValueTask InitializeAsync()
    {
        if (!server.IsAvailable)
        {
            return;
        }

        var name = DynamoDbServerFixture.UniqueTableName("ai");
        using var client = server.CreateClient();
        await DynamoDbTableSchema.EnsureTableAsync(client, name);
        await DynamoDbServerFixture.WaitForTableActiveAsync(client, name);
        Name = name;
    }

    public async ValueTask DisposeAsync()
    {
        if (Name is null || !server.IsAvailable)
        {
            return;
        }

        using var client = server.CreateClient();
        try
        {
            await client.DeleteTableAsync(Name);
        }
        catch (ResourceNotFoundException)
        {
            // Already gone.
        }
    }
}

/// <summary>A data layer on the class's table (real dynalite), optionally with S3 (real s3rver) for element files.</summary>
public abstract class AiTestBase(DynamoDbServerFixture server, AiTable table) : IAsyncLifetime
{
    private readonly List<IAsyncDisposable> _disposables = [];
    private readonly List<IDisposable> _clients = [];
    private DynamoDbDataLayer? _layer;

    protected DynamoDbServerFixture Server { get; } = server;

    protected string TableName => table.Name ?? throw new InvalidOperationException("The table was not created.");

    protected DynamoDbDataLayer Layer => _layer ?? throw new InvalidOperationException("Not initialized.");

    protected static CancellationToken Ct => TestContext.Current.CancellationToken;

    public virtual ValueTask InitializeAsync()
    {
        Server.EnsureAvailable();
        _layer = CreateLayer();
        return ValueTask.CompletedTask;
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var disposable in _disposables)
        {
            await disposable.DisposeAsync();
        }

        foreach (var client in _clients)
        {
            client.Dispose();
        }

        GC.SuppressFinalize(this);
    }

    protected DynamoDbDataLayer CreateLayer(IStorageClient? storage = null)
    {
        var client = Server.CreateClient();
        _clients.Add(client);
        var layer = new DynamoDbDataLayer(client, new DynamoDbDataLayerOptions { TableName = TableName }, storage, logger: null);
        _disposables.Add(layer);
        return layer;
    }

    /// <summary>A data layer whose element files go to a fresh bucket on the S3 server.</summary>
    protected async Task<DynamoDbDataLayer> CreateLayerWithS3Async(S3ServerFixture s3)
    {
        s3.EnsureAvailable();
        var bucket = await s3.CreateBucketAsync(S3ServerFixture.UniqueBucketName("ai"));
        var s3Client = s3.CreateClient();
        _clients.Add(s3Client);
        var storage = new S3StorageClient(s3Client, new S3StorageOptions { Bucket = bucket, UseChunkEncoding = false });
        return CreateLayer(storage);
    }

    protected static string NewId(string prefix = "") => prefix + Guid.NewGuid().ToString("N");

    /// <summary>The messages as Microsoft.Extensions.AI serializes them: the equality the round trip promises.</summary>
    protected static string Json(IEnumerable<ChatMessage> messages) =>
        JsonSerializer.Serialize(messages.ToList(), AIJsonUtilities.DefaultOptions.GetTypeInfo(typeof(List<ChatMessage>)));

    /// <summary>Role and contents of each message (what a model sees; no timestamps, ids or additional properties).</summary>
    internal static string ContentsJson(IEnumerable<ChatMessage> messages) =>
        string.Join("\n", messages.Select(m => m.Role.Value + " " +
            JsonSerializer.Serialize(m.Contents.ToList(), AIJsonUtilities.DefaultOptions.GetTypeInfo(typeof(List<AIContent>)))));

    protected static string Json(ChatMessage message) =>
        JsonSerializer.Serialize(message, AIJsonUtilities.DefaultOptions.GetTypeInfo(typeof(ChatMessage)));
}
