using System.Text.Json;
using System.Text.Json.Nodes;
using Xunit;

namespace Chat.DataLayer.Tests.Models;

public sealed class ModelJsonTests
{
    [Fact]
    public void Step_SerializesWithChainlitsCamelCaseNames()
    {
        var step = new Step
        {
            Id = "s-1",
            ThreadId = "t-1",
            ParentId = "p-1",
            Name = "Assistant",
            Type = StepTypes.AssistantMessage,
            IsError = false,
            WaitForAnswer = true,
            DefaultOpen = false,
            AutoCollapse = true,
            CreatedAt = new DateTimeOffset(2025, 3, 1, 9, 0, 0, TimeSpan.Zero),
            ShowInput = true,
            Metadata = new JsonObject { ["favorite"] = true },
        };

        var json = JsonNode.Parse(JsonSerializer.Serialize(step))!.AsObject();

        Assert.Equal("s-1", (string?)json["id"]);
        Assert.Equal("t-1", (string?)json["threadId"]);
        Assert.Equal("p-1", (string?)json["parentId"]);
        Assert.Equal("2025-03-01T09:00:00.000000Z", (string?)json["createdAt"]);
        Assert.False((bool)json["isError"]!);
        Assert.True((bool)json["waitForAnswer"]!);
        Assert.False((bool)json["defaultOpen"]!);
        Assert.True((bool)json["autoCollapse"]!);
        Assert.Equal(JsonValueKind.True, json["showInput"]!.GetValueKind());
        Assert.True((bool)json["metadata"]!["favorite"]!);
        Assert.All(json.Select(kv => kv.Key), name => Assert.True(char.IsLower(name[0]), name));
    }

    [Fact]
    public void Step_ShowInputLanguage_SerializesAsString()
    {
        var step = new Step { Id = "s", ThreadId = "t", ShowInput = "json" };

        var json = JsonNode.Parse(JsonSerializer.Serialize(step))!;

        Assert.Equal(JsonValueKind.String, json["showInput"]!.GetValueKind());
        Assert.Equal("json", (string?)json["showInput"]);
    }

    [Fact]
    public void Step_DeserializesChainlitJson()
    {
        const string json = """
            {"id":"s","threadId":"t","parentId":null,"type":"tool","showInput":"python","isError":true,
             "createdAt":"2025-03-01T09:00:10.123456Z","start":"2025-03-01T09:00:10Z","end":null,
             "metadata":{"k":1.5},"generation":{"tokenCount":12345678901234567890123},
             "feedback":{"id":"THREAD#t::STEP#s","forId":"s","threadId":"t","value":1,"comment":null}}
            """;

        var step = JsonSerializer.Deserialize<Step>(json)!;

        Assert.Equal("python", step.ShowInput!.Language);
        Assert.True(step.IsError);
        Assert.Equal(new DateTimeOffset(2025, 3, 1, 9, 0, 10, TimeSpan.Zero).AddTicks(1_234_560), step.CreatedAt);
        Assert.Null(step.End);
        Assert.Equal("12345678901234567890123", step.Generation!["tokenCount"]!.ToJsonString());
        Assert.Equal("s", step.Feedback!.ForId);
        Assert.Equal(1, step.Feedback.Value);
    }

    [Fact]
    public void Feedback_SerializesForId()
    {
        var json = JsonNode.Parse(JsonSerializer.Serialize(new Feedback { ForId = "s-1", ThreadId = "t-1", Value = 1, Comment = "ok" }))!;

        Assert.Equal("s-1", (string?)json["forId"]);
        Assert.Equal("t-1", (string?)json["threadId"]);
        Assert.Equal(1, (int)json["value"]!);
        Assert.Equal("ok", (string?)json["comment"]);
    }

    [Fact]
    public void PaginatedResponse_SerializesPageInfoHasNextPage()
    {
        var page = new PaginatedResponse<ChatThread>(
            [new ChatThread { Id = "t-1", Name = "n" }],
            new PageInfo(true, null, "cursor-2"));

        var json = JsonNode.Parse(JsonSerializer.Serialize(page))!;

        Assert.True((bool)json["pageInfo"]!["hasNextPage"]!);
        Assert.Equal("cursor-2", (string?)json["pageInfo"]!["endCursor"]);
        Assert.Null(json["pageInfo"]!["startCursor"]);
        Assert.Equal("t-1", (string?)json["data"]![0]!["id"]);
    }

    [Fact]
    public void ChatThread_SerializesUserIdentifierAndSteps()
    {
        var thread = new ChatThread { Id = "t", UserId = "u", UserIdentifier = "u", Steps = [new Step { Id = "s", ThreadId = "t" }] };

        var json = JsonNode.Parse(JsonSerializer.Serialize(thread))!;

        Assert.Equal("u", (string?)json["userIdentifier"]);
        Assert.Equal("u", (string?)json["userId"]);
        Assert.Equal("s", (string?)json["steps"]![0]!["id"]);
        Assert.NotNull(json["elements"]);
    }

    [Fact]
    public void Element_SerializesObjectKeyAndForId()
    {
        var json = JsonNode.Parse(JsonSerializer.Serialize(new Element { Id = "e", ThreadId = "t", ForId = "s", ObjectKey = "u/t/e", AutoPlay = false }))!;

        Assert.Equal("u/t/e", (string?)json["objectKey"]);
        Assert.Equal("s", (string?)json["forId"]);
        Assert.False((bool)json["autoPlay"]!);
    }

    [Fact]
    public void PersistedUser_SerializesCreatedAtInChainlitFormat()
    {
        var user = new PersistedUser { Id = "u", Identifier = "u", CreatedAt = new DateTimeOffset(2025, 3, 1, 12, 0, 0, TimeSpan.Zero) };

        var json = JsonNode.Parse(JsonSerializer.Serialize(user))!;

        Assert.Equal("2025-03-01T12:00:00.000000Z", (string?)json["createdAt"]);
        Assert.Equal("u", (string?)json["identifier"]);
    }
}
