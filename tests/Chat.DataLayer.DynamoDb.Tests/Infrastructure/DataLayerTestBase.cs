using System.Text.Json.Nodes;
using Amazon.DynamoDBv2;
using Amazon.DynamoDBv2.Model;
using Chat.DataLayer.Testing;
using Microsoft.Extensions.Time.Testing;
using Xunit;

namespace Chat.DataLayer.DynamoDb.Tests;

/// <summary>
/// Shared set-up of the tests that drive a <see cref="DynamoDbDataLayer"/>: the class's table, a data layer on a request-counting client and a
/// <see cref="FakeTimeProvider"/>, and an uncounted raw client to arrange and inspect items directly.
/// </summary>
public abstract class DataLayerTestBase : IAsyncLifetime
{
    private readonly List<IAsyncDisposable> _layers = [];
    private readonly List<IDisposable> _clients = [];
    private DynamoDbDataLayer? _layer;
    private AmazonDynamoDBClient? _client;
    private AmazonDynamoDBClient? _raw;

    protected DataLayerTestBase(DynamoDbServerFixture server, TestTable table)
    {
        Server = server;
        Table = table;
    }

    protected DynamoDbServerFixture Server { get; }

    protected TestTable Table { get; }

    /// <summary>The class's table.</summary>
    protected string TableName => Table.Name ?? throw new InvalidOperationException("The table was not created.");

    /// <summary>Counts every request <see cref="Client"/> (and so <see cref="Layer"/>) sends.</summary>
    protected RequestCounter Counter { get; } = new();

    /// <summary>
    /// The clock of <see cref="Layer"/>: it moves only when a test advances it. Its timers (retry back-off) fire only
    /// then too, so a test that makes the layer back off gives it <see cref="TimeProvider.System"/>.
    /// </summary>
    protected FakeTimeProvider Clock { get; } = new(new DateTimeOffset(2025, 3, 1, 9, 0, 0, TimeSpan.Zero));

    /// <summary>The counted client the data layer uses.</summary>
    protected AmazonDynamoDBClient Client => _client ?? throw new InvalidOperationException("Not initialized.");

    /// <summary>An uncounted client for arranging and inspecting raw items.</summary>
    protected AmazonDynamoDBClient Raw => _raw ?? throw new InvalidOperationException("Not initialized.");

    /// <summary>The data layer under test: <see cref="Client"/>, <see cref="Clock"/>, no storage client.</summary>
    protected DynamoDbDataLayer Layer => _layer ?? throw new InvalidOperationException("Not initialized.");

    protected static CancellationToken Ct => TestContext.Current.CancellationToken;

    /// <inheritdoc />
    public virtual ValueTask InitializeAsync()
    {
        Server.EnsureAvailable();
        _client = Server.CreateClient(Counter);
        _raw = Server.CreateClient();
        _clients.Add(_client);
        _clients.Add(_raw);
        _layer = CreateLayer();
        return ValueTask.CompletedTask;
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        foreach (var layer in _layers)
        {
            await layer.DisposeAsync();
        }

        foreach (var client in _clients)
        {
            client.Dispose();
        }

        GC.SuppressFinalize(this);
    }

    /// <summary>A further data layer on the class's table (default: <see cref="Client"/> and <see cref="Clock"/>).</summary>
    protected DynamoDbDataLayer CreateLayer(Action<DynamoDbDataLayerOptions>? configure = null, IAmazonDynamoDB? client = null)
    {
        var options = new DynamoDbDataLayerOptions { TableName = TableName, TimeProvider = Clock };
        ConfigureLayer(options);
        configure?.Invoke(options);
        var layer = new DynamoDbDataLayer(client ?? Client, options, storageClient: null, logger: null);
        _layers.Add(layer);
        return layer;
    }

    /// <summary>Sets the options every data layer of the class starts from (before a <c>configure</c> callback).</summary>
    protected virtual void ConfigureLayer(DynamoDbDataLayerOptions options)
    {
    }

    /// <summary>A new uncounted client (disposed with the test).</summary>
    protected AmazonDynamoDBClient CreateRawClient()
    {
        var client = Server.CreateClient();
        _clients.Add(client);
        return client;
    }

    /// <summary>A unique id: <paramref name="prefix"/> followed by a Guid.</summary>
    protected static string NewId(string prefix = "") => prefix + Guid.NewGuid().ToString("N");

    protected static string ThreadPk(string threadId) => "THREAD#" + threadId;

    protected static string StepSk(string stepId) => "STEP#" + stepId;

    protected static Dictionary<string, AttributeValue> Key(string pk, string sk) => new()
    {
        ["PK"] = new AttributeValue { S = pk },
        ["SK"] = new AttributeValue { S = sk },
    };

    /// <summary>The raw item at PK/SK, or <see langword="null"/> when there is none (consistent read).</summary>
    protected async Task<Dictionary<string, AttributeValue>?> GetRawItemAsync(string pk, string sk)
    {
        var response = await Raw.GetItemAsync(new GetItemRequest { TableName = TableName, Key = Key(pk, sk), ConsistentRead = true }, Ct);
        return response.Item is { Count: > 0 } item ? item : null;
    }

    /// <summary>Every raw item of a partition (consistent read, all pages).</summary>
    protected async Task<List<Dictionary<string, AttributeValue>>> QueryPartitionAsync(string pk)
    {
        var items = new List<Dictionary<string, AttributeValue>>();
        Dictionary<string, AttributeValue>? start = null;
        do
        {
            var response = await Raw.QueryAsync(new QueryRequest
            {
                TableName = TableName,
                KeyConditionExpression = "PK = :pk",
                ExpressionAttributeValues = new() { [":pk"] = new AttributeValue { S = pk } },
                ConsistentRead = true,
                ExclusiveStartKey = start,
            }, Ct);
            items.AddRange(response.Items ?? []);
            start = response.LastEvaluatedKey is { Count: > 0 } last ? last : null;
        }
        while (start is not null);

        return items;
    }

    /// <summary>The sort keys of a partition's raw items, in key order.</summary>
    protected async Task<List<string>> SortKeysOfAsync(string pk) =>
        [.. (await QueryPartitionAsync(pk)).Select(i => i["SK"].S)];

    protected async Task PutRawItemAsync(Dictionary<string, AttributeValue> item) =>
        await Raw.PutItemAsync(new PutItemRequest { TableName = TableName, Item = item }, Ct);

    /// <summary>Creates a thread owned by <paramref name="userId"/> one clock second after the previous write.</summary>
    protected async Task<string> CreateOwnedThreadAsync(string userId, string? name = null, string? threadId = null,
        IDataLayer? layer = null)
    {
        threadId ??= NewId("t-");
        Clock.Advance(TimeSpan.FromSeconds(1));
        await (layer ?? Layer).UpdateThreadAsync(threadId, name: name ?? "thread " + threadId, userId: userId, cancellationToken: Ct);
        return threadId;
    }

    /// <summary>Creates a step (a user message unless <paramref name="type"/> says otherwise).</summary>
    protected async Task<Step> CreateStepAsync(string threadId, string? stepId = null, string type = StepTypes.UserMessage,
        string? output = "hello", JsonObject? metadata = null, IDataLayer? layer = null)
    {
        var step = new Step
        {
            Id = stepId ?? NewId("s-"),
            ThreadId = threadId,
            Type = type,
            Name = "author",
            Output = output,
            Metadata = metadata,
        };
        await (layer ?? Layer).CreateStepAsync(step, Ct);
        return step;
    }

    /// <summary>Reads every page of a user's thread list and returns the pages.</summary>
    protected async Task<List<PaginatedResponse<ChatThread>>> ReadAllPagesAsync(ThreadFilter filter, int first,
        IDataLayer? layer = null, int maxPages = 100)
    {
        var pages = new List<PaginatedResponse<ChatThread>>();
        string? cursor = null;
        do
        {
            var page = await (layer ?? Layer).ListThreadsAsync(new Pagination(first, cursor), filter, Ct);
            pages.Add(page);
            cursor = page.PageInfo.HasNextPage ? page.PageInfo.EndCursor : null;
            Assert.True(pages.Count <= maxPages, "the list never ended");
        }
        while (cursor is not null);

        return pages;
    }

    /// <summary>The ids of the first page of a user's threads (up to 100).</summary>
    protected async Task<List<string>> ListIdsAsync(string userId, IDataLayer? layer = null)
    {
        var page = await (layer ?? Layer).ListThreadsAsync(new Pagination(100), new ThreadFilter(userId), Ct);
        return [.. page.Data.Select(t => t.Id)];
    }
}
