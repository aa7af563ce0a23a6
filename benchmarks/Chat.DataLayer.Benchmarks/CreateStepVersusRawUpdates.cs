using Amazon.DynamoDBv2;
using Amazon.DynamoDBv2.Model;
using BenchmarkDotNet.Attributes;
using Chat.DataLayer.DynamoDb;

namespace Chat.DataLayer.Benchmarks;

/// <summary>
/// <c>CreateStepAsync</c> next to the raw SDK sending the same two UpdateItem requests (the step upsert and the thread
/// touch) one after the other, as the layer does (the step first: a refused step must not touch its thread). The raw requests are built by the layer itself, over a client that records instead of
/// sending, before each iteration; each invocation writes a new step of a new thread on both sides.
/// </summary>
[MemoryDiagnoser]
public class CreateStepVersusRawUpdates
{
    private const int PerIteration = 64;
    private AmazonDynamoDBClient _client = null!;
    private DynamoDbDataLayer _data = null!;
    private string _url = null!;
    private Step[] _steps = [];
    private (UpdateItemRequest First, UpdateItemRequest Second)[] _requests = [];
    private int _next;

    [GlobalSetup]
    public async Task SetupAsync()
    {
        _url = BenchmarkData.EndpointUrl();
        _client = new AmazonDynamoDBClient(BenchmarkData.Credentials(), BenchmarkData.Config(_url));
        await DynamoDbTableSchema.EnsureTableAsync(_client, BenchmarkData.Table);
        _data = new DynamoDbDataLayer(_client, new DynamoDbDataLayerOptions { TableName = BenchmarkData.Table });
    }

    [IterationSetup(Target = nameof(CreateStep))]
    public void BuildSteps()
    {
        _steps = NewSteps(PerIteration);
        _next = 0;
    }

    [IterationSetup(Target = nameof(RawUpdates))]
    public void BuildRequests()
    {
        _requests = BuildRequestPairs(_url, NewSteps(PerIteration));
        _next = 0;
    }

    /// <summary>A new step of a new thread for each invocation (as Chainlit starts a conversation).</summary>
    public static Step[] NewSteps(int count)
    {
        var steps = new Step[count];
        var now = DateTimeOffset.UtcNow;
        for (var i = 0; i < count; i++)
        {
            steps[i] = BenchmarkData.LlmStep("write-" + Guid.NewGuid().ToString("N"), i, now);
        }

        return steps;
    }

    /// <summary>The two UpdateItem requests the layer sends for each step, built by the layer without sending them.</summary>
    public static (UpdateItemRequest First, UpdateItemRequest Second)[] BuildRequestPairs(string url, Step[] steps)
    {
        using var recording = new RecordingDynamoDbClient(BenchmarkData.Credentials(), BenchmarkData.Config(url)) { Send = false };
        using var data = new DynamoDbDataLayer(recording, new DynamoDbDataLayerOptions { TableName = BenchmarkData.Table });
        var pairs = new (UpdateItemRequest, UpdateItemRequest)[steps.Length];
        for (var i = 0; i < steps.Length; i++)
        {
            recording.Updates.Clear();
            data.CreateStepAsync(steps[i]).GetAwaiter().GetResult();
            if (recording.Updates.Count != 2)
            {
                throw new InvalidOperationException($"CreateStepAsync sent {recording.Updates.Count} requests, expected 2.");
            }

            pairs[i] = (recording.Updates[0], recording.Updates[1]);
        }

        return pairs;
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _data.Dispose();
        _client.Dispose();
    }

    [Benchmark(Baseline = true, Description = "raw SDK: the layer's two UpdateItem requests, one after the other")]
    [InvocationCount(PerIteration)]
    public async Task RawUpdates()
    {
        var (first, second) = _requests[_next++];
        await _client.UpdateItemAsync(first);
        await _client.UpdateItemAsync(second);
    }

    [Benchmark(Description = "CreateStepAsync (step upsert + thread touch)")]
    [InvocationCount(PerIteration)]
    public Task CreateStep() => _data.CreateStepAsync(_steps[_next++]);
}
