using System.Text.Json.Nodes;
using Chat.DataLayer.Testing;
using Xunit;

namespace Chat.DataLayer.DynamoDb.Tests.Behaviour;

/// <summary>UpdateThread changes only what it is given, and keeps the owner's list ordered by last activity.</summary>
public sealed class UpdateThreadTests(DynamoDbServerFixture server, TestTable table)
    : DataLayerTestBase(server, table), IClassFixture<TestTable>
{
    [Fact]
    public async Task Rename_KeepsCreatedAtUnchanged()
    {
        var threadId = NewId("t-");
        var created = Clock.GetUtcNow();
        await Layer.UpdateThreadAsync(threadId, name: "first", userId: NewId("u-"), cancellationToken: Ct);
        var storedBefore = (await GetRawItemAsync(ThreadPk(threadId), "THREAD"))!["createdAt"].S;

        Clock.Advance(TimeSpan.FromHours(3));
        await Layer.UpdateThreadAsync(threadId, name: "second", cancellationToken: Ct);

        var item = await GetRawItemAsync(ThreadPk(threadId), "THREAD");
        Assert.Equal(storedBefore, item!["createdAt"].S);
        var thread = await Layer.GetThreadAsync(threadId, Ct);
        Assert.Equal("second", thread!.Name);
        Assert.Equal(created, thread.CreatedAt);
    }

    [Fact]
    public async Task NullArguments_LeaveNameOwnerTagsAndMetadataAlone()
    {
        var threadId = NewId("t-");
        var userId = NewId("u-");
        await Layer.UpdateThreadAsync(threadId, name: "name", userId: userId,
            metadata: new JsonObject { ["k"] = "v" }, tags: ["a", "b"], cancellationToken: Ct);

        Clock.Advance(TimeSpan.FromSeconds(1));
        await Layer.UpdateThreadAsync(threadId, cancellationToken: Ct);
        Clock.Advance(TimeSpan.FromSeconds(1));
        await Layer.UpdateThreadAsync(threadId, name: null, userId: null, metadata: null, tags: null, cancellationToken: Ct);

        var thread = await Layer.GetThreadAsync(threadId, Ct);
        Assert.NotNull(thread);
        Assert.Equal("name", thread.Name);
        Assert.Equal(userId, thread.UserId);
        Assert.Equal(userId, thread.UserIdentifier);
        Assert.Equal(["a", "b"], thread.Tags);
        Assert.Equal("""{"k":"v"}""", thread.Metadata?.ToJsonString());
        Assert.Equal(userId, await Layer.GetThreadAuthorAsync(threadId, Ct));
    }

    [Fact]
    public async Task Metadata_MergesKeyByKey()
    {
        var threadId = NewId("t-");
        await Layer.UpdateThreadAsync(threadId, metadata: new JsonObject { ["a"] = 1, ["b"] = 2 }, cancellationToken: Ct);

        await Layer.UpdateThreadAsync(threadId, metadata: new JsonObject { ["b"] = 3, ["c"] = new JsonObject { ["d"] = "e" } }, cancellationToken: Ct);

        var metadata = (await Layer.GetThreadAsync(threadId, Ct))!.Metadata;
        Assert.NotNull(metadata);
        Assert.True(JsonNode.DeepEquals(JsonNode.Parse("""{"a":1,"b":3,"c":{"d":"e"}}"""), metadata), metadata.ToJsonString());
    }

    [Fact]
    public async Task Metadata_KeySetToJsonNull_IsRemoved()
    {
        var threadId = NewId("t-");
        await Layer.UpdateThreadAsync(threadId, metadata: new JsonObject { ["a"] = 1, ["b"] = 2 }, cancellationToken: Ct);

        await Layer.UpdateThreadAsync(threadId, metadata: new JsonObject { ["a"] = null }, cancellationToken: Ct);

        var metadata = (await Layer.GetThreadAsync(threadId, Ct))!.Metadata;
        Assert.NotNull(metadata);
        Assert.False(metadata.ContainsKey("a"));
        Assert.True(JsonNode.DeepEquals(JsonNode.Parse("""{"b":2}"""), metadata), metadata.ToJsonString());
    }

    [Fact]
    public async Task Metadata_NullKeyOnThreadWithoutMetadata_WritesNoKey()
    {
        var threadId = NewId("t-");

        await Layer.UpdateThreadAsync(threadId, metadata: new JsonObject { ["gone"] = null, ["kept"] = true }, cancellationToken: Ct);

        var metadata = (await Layer.GetThreadAsync(threadId, Ct))!.Metadata;
        Assert.True(JsonNode.DeepEquals(JsonNode.Parse("""{"kept":true}"""), metadata), metadata?.ToJsonString());
    }

    [Fact]
    public async Task Tags_AreReplacedWhenGiven()
    {
        var threadId = NewId("t-");
        await Layer.UpdateThreadAsync(threadId, tags: ["a", "b"], cancellationToken: Ct);

        await Layer.UpdateThreadAsync(threadId, tags: ["c"], cancellationToken: Ct);

        Assert.Equal(["c"], (await Layer.GetThreadAsync(threadId, Ct))!.Tags);
    }

    [Fact]
    public async Task EachUpdate_MovesTheThreadToTheTopOfTheOwnersList()
    {
        var userId = NewId("u-");
        var a = await CreateOwnedThreadAsync(userId);
        var b = await CreateOwnedThreadAsync(userId);
        var c = await CreateOwnedThreadAsync(userId);
        Assert.Equal([c, b, a], await ListIdsAsync(userId));

        Clock.Advance(TimeSpan.FromSeconds(1));
        await Layer.UpdateThreadAsync(a, name: "renamed", cancellationToken: Ct);
        Assert.Equal([a, c, b], await ListIdsAsync(userId));

        Clock.Advance(TimeSpan.FromSeconds(1));
        await Layer.UpdateThreadAsync(b, metadata: new JsonObject { ["x"] = 1 }, cancellationToken: Ct);
        Assert.Equal([b, a, c], await ListIdsAsync(userId));

        Clock.Advance(TimeSpan.FromSeconds(1));
        await Layer.UpdateThreadAsync(c, tags: ["t"], cancellationToken: Ct);
        Assert.Equal([c, b, a], await ListIdsAsync(userId));
    }

    [Fact]
    public async Task NewUserOrAssistantMessage_MovesTheThreadToTheTop()
    {
        var userId = NewId("u-");
        var a = await CreateOwnedThreadAsync(userId);
        var b = await CreateOwnedThreadAsync(userId);
        Assert.Equal([b, a], await ListIdsAsync(userId));

        Clock.Advance(TimeSpan.FromSeconds(1));
        await CreateStepAsync(a, type: StepTypes.UserMessage);
        Assert.Equal([a, b], await ListIdsAsync(userId));

        Clock.Advance(TimeSpan.FromSeconds(1));
        await CreateStepAsync(b, type: StepTypes.AssistantMessage);
        Assert.Equal([b, a], await ListIdsAsync(userId));
    }

    [Theory]
    [InlineData(StepTypes.Tool)]
    [InlineData(StepTypes.Run)]
    [InlineData(StepTypes.Llm)]
    public async Task NonMessageStep_DoesNotMoveTheThread(string type)
    {
        var userId = NewId("u-");
        var a = await CreateOwnedThreadAsync(userId);
        var b = await CreateOwnedThreadAsync(userId);

        Clock.Advance(TimeSpan.FromSeconds(1));
        await CreateStepAsync(a, type: type);

        Assert.Equal([b, a], await ListIdsAsync(userId));
    }

    [Fact]
    public async Task ChangingTheOwner_MovesTheThreadToTheNewOwnersList()
    {
        var first = NewId("u-");
        var second = NewId("u-");
        var threadId = await CreateOwnedThreadAsync(first);

        Clock.Advance(TimeSpan.FromSeconds(1));
        await Layer.UpdateThreadAsync(threadId, userId: second, cancellationToken: Ct);

        Assert.Empty(await ListIdsAsync(first));
        Assert.Equal([threadId], await ListIdsAsync(second));
        Assert.Equal(second, await Layer.GetThreadAuthorAsync(threadId, Ct));
    }

    [Fact]
    public async Task Metadata_OnThreadWrittenWithNullMetadata_WritesTheGivenKeys()
    {
        var threadId = NewId("t-");
        await PutRawItemAsync(new Dictionary<string, Amazon.DynamoDBv2.Model.AttributeValue>
        {
            ["PK"] = new() { S = ThreadPk(threadId) },
            ["SK"] = new() { S = "THREAD" },
            ["id"] = new() { S = threadId },
            ["createdAt"] = new() { S = "2025-03-01T09:00:00.000000Z" },
            ["metadata"] = new() { NULL = true },
            ["tags"] = new() { NULL = true },
        });

        await Layer.UpdateThreadAsync(threadId, metadata: new JsonObject { ["a"] = 1 }, cancellationToken: Ct);

        var thread = await Layer.GetThreadAsync(threadId, Ct);
        Assert.Equal("""{"a":1}""", thread!.Metadata?.ToJsonString());
        Assert.Equal(new DateTimeOffset(2025, 3, 1, 9, 0, 0, TimeSpan.Zero), thread.CreatedAt);
    }

    [Fact]
    public async Task MetadataKeysWithDotsHashesColonsAndSpaces_AreWrittenLiterally()
    {
        var threadId = NewId("t-");
        await Layer.UpdateThreadAsync(threadId, metadata: new JsonObject { ["a.b"] = 1, ["#n0"] = 2 }, cancellationToken: Ct);

        await Layer.UpdateThreadAsync(threadId, metadata: new JsonObject { [":v0"] = 3, ["with space"] = 4, ["name"] = 5, ["a.b"] = 6, ["日本"] = 7 }, cancellationToken: Ct);

        var metadata = (await Layer.GetThreadAsync(threadId, Ct))!.Metadata;
        Assert.True(JsonNode.DeepEquals(JsonNode.Parse("""{"a.b":6,"#n0":2,":v0":3,"with space":4,"name":5,"日本":7}"""), metadata), metadata?.ToJsonString());
        Assert.Null((await Layer.GetThreadAsync(threadId, Ct))!.Name);
    }

    [Fact]
    public async Task EmptyTags_AreStoredAsAnEmptyList()
    {
        var threadId = NewId("t-");
        await Layer.UpdateThreadAsync(threadId, tags: ["a"], cancellationToken: Ct);

        await Layer.UpdateThreadAsync(threadId, tags: [], cancellationToken: Ct);

        var tags = (await Layer.GetThreadAsync(threadId, Ct))!.Tags;
        Assert.NotNull(tags);
        Assert.Empty(tags);
    }
}
