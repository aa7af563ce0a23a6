using System.Text.Json.Nodes;
using Amazon.DynamoDBv2;
using Amazon.Runtime;

namespace Chat.DataLayer.Benchmarks;

/// <summary>The data the benchmarks read and write: steps shaped like Chainlit's LLM steps.</summary>
internal static class BenchmarkData
{
    public const string Table = "benchmarks";
    public const int ThreadSteps = 50;

    public static string EndpointUrl() => Environment.GetEnvironmentVariable(Program.EndpointVariable)
        ?? throw new InvalidOperationException($"{Program.EndpointVariable} is not set: run through Program.Main.");

    public static AmazonDynamoDBConfig Config(string url) => new() { ServiceURL = url, AuthenticationRegion = "us-east-1" };

    public static BasicAWSCredentials Credentials() => new("local", "local");

    /// <summary>
    /// An assistant step with Chainlit's metadata and generation maps (the shape of the Chainlit fixture in
    /// tests/.../TestData/chainlit: 3 metadata keys, a 12-key generation with settings, messages and a completion;
    /// 12 numbers in all).
    /// </summary>
    public static Step LlmStep(string threadId, int turn, DateTimeOffset createdAt) => new()
    {
        Id = Guid.NewGuid().ToString(),
        ThreadId = threadId,
        ParentId = null,
        Name = "Assistant",
        Type = StepTypes.AssistantMessage,
        Input = "",
        Output = "An answer of ordinary length, about the size a chat reply has. " + new string('x', 900),
        CreatedAt = createdAt,
        Start = createdAt,
        End = createdAt.AddMilliseconds(812.5),
        Streaming = false,
        IsError = false,
        DefaultOpen = false,
        AutoCollapse = false,
        Metadata = new JsonObject { ["latency_ms"] = JsonValue.Create(812.5), ["model"] = "gpt-4o-mini", ["retries"] = turn % 3 },
        Generation = new JsonObject
        {
            ["provider"] = "openai",
            ["model"] = "gpt-4o-mini",
            ["type"] = "CHAT",
            ["duration"] = JsonNode.Parse("1.234"),
            ["inputTokenCount"] = 122 + turn,
            ["outputTokenCount"] = 45,
            ["tokenCount"] = 167 + turn,
            ["tokenThroughputInSeconds"] = JsonNode.Parse("33.25"),
            ["ttFirstToken"] = JsonNode.Parse("212.5"),
            ["settings"] = new JsonObject { ["max_tokens"] = 256, ["temperature"] = JsonNode.Parse("0.7"), ["top_p"] = 1 },
            ["messages"] = new JsonArray(new JsonObject { ["role"] = "user", ["content"] = "Question " + turn }),
            ["messageCompletion"] = new JsonObject { ["role"] = "assistant", ["content"] = "Answer " + turn },
        },
    };
}
