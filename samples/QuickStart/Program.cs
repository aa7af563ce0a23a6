// Quick start: store a conversation with Chat.DataLayer.DynamoDb and read it back.
// Uses CHAT_DATALAYER_DYNAMODB_URL (a DynamoDB endpoint such as DynamoDB Local) when set, "aws" for real AWS
// with the default credential chain, otherwise starts the repository's local dynalite and stops it at the end.
using System.Text.Json;
using System.Text.Json.Nodes;
using Amazon.DynamoDBv2;
using Amazon.Runtime;
using Chat.DataLayer;
using Chat.DataLayer.DynamoDb;
using Chat.DataLayer.Emulators;

var endpoint = Environment.GetEnvironmentVariable("CHAT_DATALAYER_DYNAMODB_URL");
await using var dynalite = string.IsNullOrEmpty(endpoint)
    ? await EmulatorProcess.StartAsync("dynalite", (port, _) =>
        ["--host", EmulatorProcess.Host, "--port", port.ToString(System.Globalization.CultureInfo.InvariantCulture),
         "--createTableMs", "0", "--deleteTableMs", "0", "--updateTableMs", "0"])
    : null;

using var client = endpoint == "aws"
    ? new AmazonDynamoDBClient()
    : new AmazonDynamoDBClient(new BasicAWSCredentials("local", "local"),
        new AmazonDynamoDBConfig { ServiceURL = dynalite?.ServiceUrl ?? endpoint, AuthenticationRegion = "us-east-1" });

var tableName = Environment.GetEnvironmentVariable("CHAT_DATALAYER_TABLE") ?? "chat-quickstart";
await DynamoDbTableSchema.EnsureTableAsync(client, tableName);
Console.WriteLine($"Table '{tableName}' is ready at {dynalite?.ServiceUrl ?? endpoint}.");

await using IDataLayer dataLayer = new DynamoDbDataLayer(client, new DynamoDbDataLayerOptions { TableName = tableName });

// A user, and a thread they own.
var user = await dataLayer.CreateUserAsync(new User
{
    Identifier = "ada@example.com",
    DisplayName = "Ada",
    Metadata = new JsonObject { ["plan"] = "pro" },
});
var threadId = Guid.NewGuid().ToString();
await dataLayer.UpdateThreadAsync(threadId, name: "Trip to Lisbon", userId: user.Id,
    metadata: new JsonObject { ["model"] = "stand-in" }, tags: ["travel"]);

// A few steps: a question, a tool call, an answer.
var now = DateTimeOffset.UtcNow;
await dataLayer.CreateStepAsync(new Step
{
    Id = Guid.NewGuid().ToString(), ThreadId = threadId, Type = StepTypes.UserMessage, Name = user.Identifier,
    Output = "What should I see in Lisbon?", CreatedAt = now,
});
await dataLayer.CreateStepAsync(new Step
{
    Id = Guid.NewGuid().ToString(), ThreadId = threadId, Type = StepTypes.Tool, Name = "search",
    Input = "Lisbon sights", Output = "Belém Tower; Alfama; LX Factory", CreatedAt = now.AddMilliseconds(1),
});
var answerId = Guid.NewGuid().ToString();
await dataLayer.CreateStepAsync(new Step
{
    Id = answerId, ThreadId = threadId, Type = StepTypes.AssistantMessage, Name = "Assistant",
    Output = "Walk through Alfama, then take tram 15 to Belém.", CreatedAt = now.AddMilliseconds(2),
});

// The user likes the answer.
var feedbackId = await dataLayer.UpsertFeedbackAsync(new Feedback { ForId = answerId, ThreadId = threadId, Value = 1, Comment = "Perfect" });
Console.WriteLine($"Feedback stored as {feedbackId}");

// List the user's threads, then print the thread back.
var page = await dataLayer.ListThreadsAsync(new Pagination(First: 10), new ThreadFilter(UserId: user.Id));
Console.WriteLine($"{user.Identifier} has {page.Data.Count} thread(s):");
foreach (var listed in page.Data)
{
    Console.WriteLine($"  - {listed.Name} ({listed.Id})");
}

var thread = await dataLayer.GetThreadAsync(threadId) ?? throw new InvalidOperationException("The thread was not stored.");
Console.WriteLine($"Thread '{thread.Name}' with {thread.Steps.Count} steps:");
foreach (var step in thread.Steps)
{
    var rating = step.Feedback is { } f ? $"  [rated {f.Value}: {f.Comment}]" : "";
    Console.WriteLine($"  {step.Type,-17} {step.Name,-16} {step.Output}{rating}");
}

Console.WriteLine(JsonSerializer.Serialize(thread, new JsonSerializerOptions { WriteIndented = true })[..200] + " ...");
Console.WriteLine("Quick start finished.");
