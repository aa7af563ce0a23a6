using System.Text.Json.Nodes;
using Chat.DataLayer.Testing;
using Xunit;

namespace Chat.DataLayer.DynamoDb.Tests.Behaviour;

/// <summary>
/// Each operation sends the requests its documentation states, counted on the wire (no scans, no per-thread
/// loops, no read-before-write where the docs promise a single write).
/// </summary>
public sealed class RequestCountTests(DynamoDbServerFixture server, TestTable table)
    : DataLayerTestBase(server, table), IClassFixture<TestTable>
{
    private async Task<IReadOnlyDictionary<string, int>> CountAsync(Func<Task> action)
    {
        Counter.Reset();
        await action();
        return Counter.Snapshot();
    }

    private static Dictionary<string, int> Ops(params (string Operation, int Count)[] counts) =>
        counts.ToDictionary(c => c.Operation, c => c.Count);

    [Fact]
    public async Task Reads_CostOneRequestEach()
    {
        var userId = NewId("u-");
        var threadId = await CreateOwnedThreadAsync(userId);
        await CreateStepAsync(threadId);
        await Layer.CreateUserAsync(new User { Identifier = userId }, Ct);
        await Layer.CreateElementAsync(new Element { Id = "e", ThreadId = threadId, Url = "https://example.com" }, cancellationToken: Ct);

        Assert.Equal(Ops(("GetItem", 1)), await CountAsync(() => Layer.GetThreadAuthorAsync(threadId, Ct)));
        Assert.Equal(Ops(("Query", 1)), await CountAsync(() => Layer.GetThreadAsync(threadId, Ct)));
        Assert.Equal(Ops(("GetItem", 1)), await CountAsync(() => Layer.GetUserAsync(userId, Ct)));
        Assert.Equal(Ops(("GetItem", 1)), await CountAsync(() => Layer.GetElementAsync(threadId, "e", Ct)));
        Assert.Equal(Ops(("Query", 1)), await CountAsync(() => Layer.ListThreadsAsync(new Pagination(10), new ThreadFilter(userId), Ct)));
    }

    [Fact]
    public async Task UpdateThread_OfAThreadWithMetadata_IsOneUpdateItem()
    {
        var threadId = NewId("t-");
        await Layer.UpdateThreadAsync(threadId, name: "n", userId: NewId("u-"), metadata: new JsonObject { ["a"] = 1 }, cancellationToken: Ct);

        Assert.Equal(Ops(("UpdateItem", 1)), await CountAsync(() =>
            Layer.UpdateThreadAsync(threadId, name: "m", metadata: new JsonObject { ["b"] = 2 }, tags: ["t"], cancellationToken: Ct)));
        Assert.Equal(Ops(("UpdateItem", 1)), await CountAsync(() => Layer.UpdateThreadAsync(threadId, name: "o", cancellationToken: Ct)));
    }

    [Fact]
    public async Task UpdateThread_FirstMetadataOfANewThread_IsAtMostTwoUpdateItems()
    {
        var counts = await CountAsync(() => Layer.UpdateThreadAsync(NewId("t-"), metadata: new JsonObject { ["a"] = 1 }, cancellationToken: Ct));

        Assert.Equal(["UpdateItem"], counts.Keys);
        Assert.InRange(counts["UpdateItem"], 1, 2);
    }

    [Fact]
    public async Task StepWrites_CostWhatTheyDocument()
    {
        var threadId = await CreateOwnedThreadAsync(NewId("u-"));

        Assert.Equal(Ops(("UpdateItem", 2)), await CountAsync(() =>
            Layer.CreateStepAsync(new Step { Id = "s", ThreadId = threadId, Type = StepTypes.UserMessage, Output = "o", Metadata = new JsonObject { ["a"] = 1 } }, Ct)));
        Assert.Equal(Ops(("UpdateItem", 1)), await CountAsync(() =>
            Layer.UpdateStepAsync(new Step { Id = "s", ThreadId = threadId, Output = "p", Metadata = new JsonObject { ["b"] = 2 } }, Ct)));
        Assert.Equal(Ops(("DeleteItem", 1)), await CountAsync(() => Layer.DeleteStepAsync(threadId, "s", Ct)));
    }

    [Fact]
    public async Task Feedback_CostsTwoUpdateItems_AndDeletingARatedStepOneMore()
    {
        var threadId = await CreateOwnedThreadAsync(NewId("u-"));
        await CreateStepAsync(threadId, "s");
        string? id = null;

        Assert.Equal(Ops(("UpdateItem", 2)), await CountAsync(async () =>
            id = await Layer.UpsertFeedbackAsync(new Feedback { ThreadId = threadId, ForId = "s", Value = 1 }, Ct)));
        Assert.Equal(Ops(("UpdateItem", 2)), await CountAsync(() => Layer.DeleteFeedbackAsync(id!, Ct)));
        await Layer.UpsertFeedbackAsync(new Feedback { ThreadId = threadId, ForId = "s", Value = 0 }, Ct);
        Assert.Equal(Ops(("DeleteItem", 1), ("UpdateItem", 1)), await CountAsync(() => Layer.DeleteStepAsync(threadId, "s", Ct)));
    }

    [Fact]
    public async Task UserAndElementWrites_AreOneRequestEach()
    {
        var threadId = NewId("t-");

        Assert.Equal(Ops(("UpdateItem", 1)), await CountAsync(() => Layer.CreateUserAsync(new User { Identifier = NewId("u-") }, Ct)));
        Assert.Equal(Ops(("PutItem", 1)), await CountAsync(() =>
            Layer.CreateElementAsync(new Element { Id = "e", ThreadId = threadId, Url = "https://example.com" }, cancellationToken: Ct)));
        Assert.Equal(Ops(("DeleteItem", 1)), await CountAsync(() => Layer.DeleteElementAsync(threadId, "e", Ct)));
    }

    [Fact]
    public async Task SetStepFavorite_IsAGetItemAnUpdateItemAndAMarkerWrite()
    {
        var threadId = await CreateOwnedThreadAsync(NewId("u-"));
        var step = await CreateStepAsync(threadId, metadata: new JsonObject { ["k"] = 1 });

        Assert.Equal(Ops(("GetItem", 1), ("UpdateItem", 1), ("PutItem", 1)), await CountAsync(() => Layer.SetStepFavoriteAsync(step, true, Ct)));
        Assert.Equal(Ops(("GetItem", 1), ("UpdateItem", 1), ("DeleteItem", 1)), await CountAsync(() => Layer.SetStepFavoriteAsync(step, false, Ct)));
    }

    [Fact]
    public async Task FeedbackFilteredPage_IsAQueryAndOneBatchGetPer100Candidates()
    {
        var userId = NewId("u-");
        var threads = new List<string>();
        for (var i = 0; i < 6; i++)
        {
            threads.Add(await CreateOwnedThreadAsync(userId));
            await CreateStepAsync(threads[^1], "s");
        }

        await Layer.UpsertFeedbackAsync(new Feedback { ThreadId = threads[1], ForId = "s", Value = 1 }, Ct);

        var counts = await CountAsync(() => Layer.ListThreadsAsync(new Pagination(10), new ThreadFilter(userId, Feedback: 1), Ct));

        Assert.Equal(Ops(("Query", 1), ("BatchGetItem", 1)), counts);
    }
}
