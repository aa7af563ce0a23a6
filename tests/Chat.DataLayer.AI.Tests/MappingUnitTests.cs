using System.Text.Json.Nodes;
using Chat.DataLayer.AI.Internal;
using Microsoft.Extensions.AI;
using Xunit;

namespace Chat.DataLayer.AI.Tests;

/// <summary>The pure parts of the mapping, without a store.</summary>
public sealed class MappingUnitTests
{
    [Fact]
    public void DerivedIds_DependOnThreadContentAndOccurrence_Only()
    {
        var json = MessageJson.Serialize(new ChatMessage(ChatRole.User, "hi")).ToJsonString();

        Assert.Equal(MessageIds.Derive("t", 0, json), MessageIds.Derive("t", 0, json));
        Assert.NotEqual(MessageIds.Derive("t", 0, json), MessageIds.Derive("t", 1, json));
        Assert.NotEqual(MessageIds.Derive("t", 0, json), MessageIds.Derive("u", 0, json));
        Assert.Matches("^msg-[0-9a-f]{32}$", MessageIds.Derive("t", 0, json));
    }

    [Fact]
    public void KnownIds_PreferTheStoredReference_ThenMessageId()
    {
        var message = new ChatMessage(ChatRole.User, "hi") { MessageId = "given" };
        Assert.Equal("given", MessageIds.Known("t", message));

        message.RawRepresentation = new StoredMessageReference("t", "stored");
        Assert.Equal("stored", MessageIds.Known("t", message));
        Assert.Equal("given", MessageIds.Known("other-thread", message));
        Assert.Null(MessageIds.Known("t", new ChatMessage(ChatRole.User, "x") { MessageId = " " }));
    }

    [Theory]
    [InlineData("user", StepTypes.UserMessage)]
    [InlineData("assistant", StepTypes.AssistantMessage)]
    [InlineData("system", StepTypes.SystemMessage)]
    [InlineData("tool", StepTypes.Tool)]
    [InlineData("critic", StepTypes.Undefined)]
    public void Roles_MapToChainlitStepTypes(string role, string type) =>
        Assert.Equal(type, ChatMessageStore.StepType(new ChatRole(role)));

    [Theory]
    [InlineData("image/png", ElementTypes.Image)]
    [InlineData("audio/wav", ElementTypes.Audio)]
    [InlineData("video/mp4", ElementTypes.Video)]
    [InlineData("application/pdf", ElementTypes.Pdf)]
    [InlineData("text/csv", ElementTypes.File)]
    [InlineData(null, ElementTypes.File)]
    public void MediaTypes_MapToElementTypes(string? mime, string type) => Assert.Equal(type, ChatMessageStore.ElementType(mime));

    [Fact]
    public void Usage_BecomesGenerationTokenCounts()
    {
        var message = new ChatMessage(ChatRole.Assistant,
            [new TextContent("x"), new UsageContent(new UsageDetails { InputTokenCount = 3, OutputTokenCount = 4, CachedInputTokenCount = 1, ReasoningTokenCount = 2 })]);

        var generation = ChatMessageStore.Generation(message)!;

        Assert.Equal(3, (long)generation["inputTokenCount"]!);
        Assert.Equal(4, (long)generation["outputTokenCount"]!);
        Assert.Equal(7, (long)generation["tokenCount"]!);
        Assert.Equal(1, (long)generation["cachedInputTokenCount"]!);
        Assert.Equal(2, (long)generation["reasoningTokenCount"]!);
        Assert.Null(ChatMessageStore.Generation(new ChatMessage(ChatRole.Assistant, "no usage")));
    }

    [Fact]
    public void ToolResults_BecomeText()
    {
        Assert.Equal("plain", ChatMessageStore.ResultText(new FunctionResultContent("c", "plain")));
        Assert.Equal("{\"a\":1}", ChatMessageStore.ResultText(new FunctionResultContent("c", new Dictionary<string, object?> { ["a"] = 1 })));
        Assert.Equal("boom", ChatMessageStore.ResultText(new FunctionResultContent("c", null) { Exception = new InvalidOperationException("boom") }));
    }

    [Fact]
    public void UnknownContent_SurvivesDeserializeAndSerialize()
    {
        var node = JsonNode.Parse("""{"role":"assistant","contents":[{"$type":"text","text":"a"},{"$type":"future","x":[1,2]}]}""")!.AsObject();

        var message = MessageJson.Deserialize(node);
        var again = MessageJson.Serialize(message);

        Assert.Equal(2, message.Contents.Count);
        Assert.Equal("""{"$type":"future","x":[1,2]}""", again["contents"]![1]!.ToJsonString());
    }

    [Fact]
    public void ProjectedChainlitStep_BecomesAMessage_AndOtherStepsDoNot()
    {
        var step = new Step { Id = "s1", ThreadId = "t", Type = StepTypes.AssistantMessage, Name = "Bot", Output = "hi", CreatedAt = DateTimeOffset.UnixEpoch };
        var tool = new Step { Id = "s2", ThreadId = "t", Type = StepTypes.Tool, Name = "search", Input = "{\"q\":\"x\"}", ParentId = "s1" };

        var message = ChatMessageStore.Project(step, [new Element { Id = "e", ThreadId = "t", ForId = "s1", Url = "https://x/y.png", Mime = "image/png" }], [tool])!;

        Assert.Equal(ChatRole.Assistant, message.Role);
        Assert.Equal("hi", message.Text);
        Assert.Equal("Bot", message.AuthorName);
        Assert.Equal("s1", message.MessageId);
        Assert.Single(message.Contents.OfType<UriContent>());
        var call = Assert.Single(message.Contents.OfType<FunctionCallContent>());
        Assert.Equal("s2", call.CallId);
        Assert.Null(ChatMessageStore.Project(new Step { Id = "r", ThreadId = "t", Type = StepTypes.Run }, [], []));
    }
}
