using Amazon.DynamoDBv2;
using Amazon.DynamoDBv2.Model;
using BenchmarkDotNet.Attributes;
using Chat.DataLayer.DynamoDb;

namespace Chat.DataLayer.Benchmarks;

/// <summary>
/// <c>GetThreadAsync</c> of a 50-step thread whose steps carry Chainlit's metadata and generation maps, next to the
/// raw SDK Query the layer sends for it (the request object itself, captured from the layer: same partition,
/// ConsistentRead, ReturnConsumedCapacity). The difference is the cost of mapping items to models.
/// </summary>
[MemoryDiagnoser]
public class ThreadReadVersusRawQuery
{
    private AmazonDynamoDBClient _client = null!;
    private DynamoDbDataLayer _data = null!;
    private QueryRequest _query = null!;
    private string _threadId = null!;

    [GlobalSetup]
    public async Task SetupAsync()
    {
        var url = BenchmarkData.EndpointUrl();
        _client = new AmazonDynamoDBClient(BenchmarkData.Credentials(), BenchmarkData.Config(url));
        await DynamoDbTableSchema.EnsureTableAsync(_client, BenchmarkData.Table);
        _data = new DynamoDbDataLayer(_client, new DynamoDbDataLayerOptions { TableName = BenchmarkData.Table });
        (_threadId, _query) = await SeedAndCaptureAsync(_data, url);
    }

    /// <summary>Writes a 50-step thread and returns its id and the Query request the layer sends to read it.</summary>
    public static async Task<(string ThreadId, QueryRequest Query)> SeedAndCaptureAsync(DynamoDbDataLayer data, string url)
    {
        var threadId = "read-" + Guid.NewGuid().ToString("N");
        await data.UpdateThreadAsync(threadId, name: "read me", userId: "bench-user");
        var start = DateTimeOffset.UtcNow;
        for (var i = 0; i < BenchmarkData.ThreadSteps; i++)
        {
            await data.CreateStepAsync(BenchmarkData.LlmStep(threadId, i, start.AddSeconds(i)));
        }

        using var recording = new RecordingDynamoDbClient(BenchmarkData.Credentials(), BenchmarkData.Config(url));
        using var recorded = new DynamoDbDataLayer(recording, new DynamoDbDataLayerOptions { TableName = BenchmarkData.Table });
        var thread = await recorded.GetThreadAsync(threadId);
        if (thread?.Steps?.Count != BenchmarkData.ThreadSteps || recording.Queries.Count != 1)
        {
            throw new InvalidOperationException($"Expected one Query for {BenchmarkData.ThreadSteps} steps, got {recording.Queries.Count} for {thread?.Steps?.Count}.");
        }

        return (threadId, recording.Queries[0]);
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _data.Dispose();
        _client.Dispose();
    }

    [Benchmark(Baseline = true, Description = "raw SDK Query of the thread's partition (the layer's request)")]
    public Task<QueryResponse> RawQuery() => _client.QueryAsync(_query);

    [Benchmark(Description = "GetThreadAsync, 50 steps with metadata and generation")]
    public Task<ChatThread?> GetThread() => _data.GetThreadAsync(_threadId);
}
