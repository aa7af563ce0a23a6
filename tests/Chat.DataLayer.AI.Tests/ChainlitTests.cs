using System.Text.Json;
using System.Text.Json.Nodes;
using Amazon.DynamoDBv2.Model;
using Chat.DataLayer.Testing;
using Microsoft.Extensions.AI;
using Xunit;

namespace Chat.DataLayer.AI.Tests;

/// <summary>
/// Chainlit's side: a table written by Chainlit's Python layer (TestData/chainlit, copied from the DynamoDB tests)
/// reads back as messages, and a thread written through this package has the shape Chainlit's UI reads.
/// </summary>
public sealed class ChainlitTests(DynamoDbServerFixture server, AiTable table)
    : AiTestBase(server, table), IClassFixture<AiTable>
{
    private static readonly Lazy<List<JsonElement>> Items = new(() =>
    {
        using var document = JsonDocument.Parse(File.ReadAllBytes(Path.Combine(AppContext.BaseDirectory, "TestData", "chainlit", "chainlit-items.json")));
        return [.. document.RootElement.EnumerateArray().Select(e => e.Clone())];
    });

    private static string? S(JsonElement item, string name) =>
        item.TryGetProperty(name, out var value) && value.TryGetProperty("S", out var s) ? s.GetString() : null;

    private static AttributeValue ToAttributeValue(JsonElement typed)
    {
        var member = typed.EnumerateObject().Single();
        return member.Name switch
        {
            "S" => new AttributeValue { S = member.Value.GetString() },
            "N" => new AttributeValue { N = member.Value.GetString() },
            "BOOL" => new AttributeValue { BOOL = member.Value.GetBoolean() },
            "NULL" => new AttributeValue { NULL = true },
            "M" => new AttributeValue { M = member.Value.EnumerateObject().ToDictionary(p => p.Name, p => ToAttributeValue(p.Value)) },
            "L" => new AttributeValue { L = [.. member.Value.EnumerateArray().Select(ToAttributeValue)] },
            var type => throw new NotSupportedException(type),
        };
    }

    private async Task LoadChainlitItemsAsync()
    {
        using var client = Server.CreateClient();
        await Parallel.ForEachAsync(Items.Value, new ParallelOptions { MaxDegreeOfParallelism = 8, CancellationToken = Ct }, async (item, ct) =>
            await client.PutItemAsync(new PutItemRequest
            {
                TableName = TableName,
                Item = item.EnumerateObject().ToDictionary(p => p.Name, p => ToAttributeValue(p.Value)),
            }, ct));
    }

    [Fact]
    public async Task EveryThreadChainlitWrote_ReadsBackAsItsUserAndAssistantMessages_InOrder()
    {
        await LoadChainlitItemsAsync();
        var threads = Items.Value.Where(i => S(i, "SK") == "THREAD").Select(i => S(i, "id")!).ToList();
        Assert.NotEmpty(threads);
        var checkedMessages = 0;
        foreach (var threadId in threads)
        {
            var thread = await Layer.GetThreadAsync(threadId, Ct);
            var expected = thread!.Steps
                .Where(s => s.Type is StepTypes.UserMessage or StepTypes.AssistantMessage)
                .OrderBy(s => s.CreatedAt).ThenBy(s => s.Id, StringComparer.Ordinal)
                .ToList();

            var messages = await Layer.GetChatMessagesAsync(threadId, Ct);

            Assert.Equal(expected.Select(s => s.Id), messages.Select(m => m.MessageId));
            for (var i = 0; i < expected.Count; i++)
            {
                Assert.Equal(expected[i].Type == StepTypes.UserMessage ? ChatRole.User : ChatRole.Assistant, messages[i].Role);
                Assert.Equal(expected[i].Output ?? "", messages[i].Text);
                Assert.Equal(expected[i].Name, messages[i].AuthorName);
                Assert.Equal(expected[i].CreatedAt, messages[i].CreatedAt);
                var files = thread.Elements.Where(e => e.ForId == expected[i].Id && e.Url is not null).Select(e => e.Url).ToList();
                Assert.Equal(files, messages[i].Contents.OfType<UriContent>().Select(u => u.Uri.ToString()));
                checkedMessages++;
            }
        }

        Assert.True(checkedMessages >= 50, $"only {checkedMessages} messages were compared");
    }

    [Fact]
    public async Task AChainlitThreadReadAndWrittenBack_GainsNothing()
    {
        await LoadChainlitItemsAsync();
        var threadId = Items.Value.First(i => S(i, "SK") == "THREAD").GetProperty("id").GetProperty("S").GetString()!;
        var before = await Layer.GetThreadAsync(threadId, Ct);

        var messages = await Layer.GetChatMessagesAsync(threadId, Ct);
        await Layer.AddChatMessagesAsync(threadId, messages, Ct);

        var after = await Layer.GetThreadAsync(threadId, Ct);
        Assert.Equal(before!.Steps.Count, after!.Steps.Count);
    }

    [Fact]
    public async Task AThreadWrittenThroughThePackage_HasTheShapeChainlitReads()
    {
        var threadId = NewId("t-");
        await Layer.AddChatMessagesAsync(threadId,
        [
            new ChatMessage(ChatRole.User, "What time is it?") { AuthorName = "alice" },
            new ChatMessage(ChatRole.Assistant, [new TextContent("Checking."), new FunctionCallContent("call-1", "clock", new Dictionary<string, object?> { ["tz"] = "UTC" })]),
            new ChatMessage(ChatRole.Tool, [new FunctionResultContent("call-1", "12:00")]),
            new ChatMessage(ChatRole.Assistant, "It is 12:00."),
        ], Ct);

        // Chainlit-shaped JSON, as a Chainlit UI or Python reader receives the thread.
        var json = JsonNode.Parse(JsonSerializer.Serialize(await Layer.GetThreadAsync(threadId, Ct)))!;
        var steps = json["steps"]!.AsArray().Select(s => s!.AsObject()).ToList();

        var user = Assert.Single(steps, s => (string?)s["type"] == "user_message");
        Assert.Equal("What time is it?", (string?)user["output"]);
        Assert.Equal("alice", (string?)user["name"]);
        var assistants = steps.Where(s => (string?)s["type"] == "assistant_message").ToList();
        Assert.Equal(["Checking.", "It is 12:00."], assistants.Select(s => (string?)s["output"]));
        var tool = Assert.Single(steps, s => (string?)s["type"] == "tool");
        Assert.Equal((string?)assistants[0]["id"], (string?)tool["parentId"]);
        Assert.Equal("clock", (string?)tool["name"]);
        Assert.Equal("12:00", (string?)tool["output"]);
        Assert.Equal("json", (string?)tool["showInput"]);
        Assert.Equal("UTC", (string?)JsonNode.Parse((string)tool["input"]!)!["tz"]);
        Assert.Equal(4, steps.Count);
    }
}
