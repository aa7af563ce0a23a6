using Amazon.DynamoDBv2;
using Amazon.DynamoDBv2.Model;
using Amazon.Runtime;
using BenchmarkDotNet.Attributes;
using Chat.DataLayer;
using Chat.DataLayer.DynamoDb;

namespace Chat.DataLayer.Benchmarks;

/// <summary>
/// Each data-layer operation next to the raw SDK call(s) that store or read the same data, against the same
/// server in the same run: the emulator is the bottleneck, so only the ratio means anything (see
/// ../shared ENVIRONMENT notes: dynalite does ~1,400 sequential PutItem/s on the project's machine size).
/// </summary>
[MemoryDiagnoser]
public class DataLayerVersusRawSdk
{
    private const string Table = "benchmarks";
    private AmazonDynamoDBClient _client = null!;
    private DynamoDbDataLayer _data = null!;
    private string _readThreadId = null!;
    private int _sequence;

    [GlobalSetup]
    public async Task SetupAsync()
    {
        var url = Environment.GetEnvironmentVariable(Program.EndpointVariable)
            ?? throw new InvalidOperationException($"{Program.EndpointVariable} is not set: run through Program.Main.");
        _client = new AmazonDynamoDBClient(new BasicAWSCredentials("local", "local"),
            new AmazonDynamoDBConfig { ServiceURL = url, AuthenticationRegion = "us-east-1" });
        await DynamoDbTableSchema.EnsureTableAsync(_client, Table);
        _data = new DynamoDbDataLayer(_client, new DynamoDbDataLayerOptions { TableName = Table });

        _readThreadId = "read-" + Guid.NewGuid().ToString("N");
        await _data.UpdateThreadAsync(_readThreadId, name: "read me", userId: "bench-user");
        for (var i = 0; i < 40; i++)
        {
            await _data.CreateStepAsync(NewStep(_readThreadId, i));
        }
    }

    [GlobalCleanup]
    public void Cleanup() => _client.Dispose();

    [Benchmark(Baseline = true, Description = "raw PutItem of a step (1 request)")]
    public Task<PutItemResponse> RawPutStep()
    {
        var step = NewStep("raw-" + Interlocked.Increment(ref _sequence), 0);
        return _client.PutItemAsync(new PutItemRequest
        {
            TableName = Table,
            Item = new Dictionary<string, AttributeValue>
            {
                ["PK"] = new() { S = "THREAD#" + step.ThreadId },
                ["SK"] = new() { S = "STEP#" + step.Id },
                ["id"] = new() { S = step.Id },
                ["threadId"] = new() { S = step.ThreadId },
                ["type"] = new() { S = step.Type },
                ["output"] = new() { S = step.Output },
                ["createdAt"] = new() { S = ChainlitTimestamp.Format(step.CreatedAt!.Value) },
                ["metadata"] = new() { M = new Dictionary<string, AttributeValue> { ["turn"] = new() { N = "0" } } },
            },
        });
    }

    [Benchmark(Description = "CreateStepAsync (2 requests: step upsert + thread touch)")]
    public Task CreateStep() => _data.CreateStepAsync(NewStep("dl-" + Interlocked.Increment(ref _sequence), 0));

    [Benchmark(Description = "raw Query of a 40-step thread (1 request)")]
    public Task<QueryResponse> RawQueryThread() => _client.QueryAsync(new QueryRequest
    {
        TableName = Table,
        KeyConditionExpression = "PK = :pk",
        ExpressionAttributeValues = new() { [":pk"] = new AttributeValue { S = "THREAD#" + _readThreadId } },
        ConsistentRead = true,
    });

    [Benchmark(Description = "GetThreadAsync of a 40-step thread (1 request + mapping)")]
    public Task<ChatThread?> GetThread() => _data.GetThreadAsync(_readThreadId);

    private static Step NewStep(string threadId, int turn) => new()
    {
        Id = Guid.NewGuid().ToString(),
        ThreadId = threadId,
        Type = StepTypes.AssistantMessage,
        Output = "An answer of ordinary length, about the size a chat reply has. " + new string('x', 900),
        CreatedAt = DateTimeOffset.UtcNow,
        Metadata = new System.Text.Json.Nodes.JsonObject { ["turn"] = turn },
    };
}
