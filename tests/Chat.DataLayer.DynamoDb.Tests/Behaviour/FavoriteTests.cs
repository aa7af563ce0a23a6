using System.Text.Json.Nodes;
using Chat.DataLayer.Testing;
using Xunit;

namespace Chat.DataLayer.DynamoDb.Tests.Behaviour;

/// <summary>
/// Favourite steps: listed newest first, flagged <c>metadata.favorite</c>, at a cost that does not grow with the
/// user's threads, and gone once unmarked or deleted.
/// </summary>
public sealed class FavoriteTests(DynamoDbServerFixture server, TestTable table)
    : DataLayerTestBase(server, table), IClassFixture<TestTable>
{
    private async Task<Step> CreateFavoriteAsync(string threadId)
    {
        Clock.Advance(TimeSpan.FromSeconds(1));
        var step = await CreateStepAsync(threadId, type: StepTypes.AssistantMessage, metadata: new JsonObject { ["other"] = "kept" });
        await Layer.SetStepFavoriteAsync(step, true, Ct);
        return step;
    }

    [Fact]
    public async Task GetFavoriteSteps_ReturnsFavouritesFlaggedInMetadata_NewestFirst()
    {
        var userId = NewId("u-");
        var t1 = await CreateOwnedThreadAsync(userId);
        var t2 = await CreateOwnedThreadAsync(userId);
        var oldest = await CreateFavoriteAsync(t1);
        await CreateStepAsync(t1, type: StepTypes.AssistantMessage); // not a favourite
        var middle = await CreateFavoriteAsync(t2);
        var newest = await CreateFavoriteAsync(t1);

        var favorites = await Layer.GetFavoriteStepsAsync(userId, Ct);

        Assert.Equal([newest.Id, middle.Id, oldest.Id], favorites.Select(s => s.Id));
        Assert.Equal([t1, t2, t1], favorites.Select(s => s.ThreadId));
        Assert.All(favorites, s =>
        {
            Assert.Equal(true, s.Metadata?["favorite"]?.GetValue<bool>());
            Assert.Equal("kept", s.Metadata?["other"]?.GetValue<string>());
            Assert.Equal("hello", s.Output);
        });
    }

    [Fact]
    public async Task SetStepFavorite_ReturnsTheStepAsStoredWithTheFlag()
    {
        var userId = NewId("u-");
        var threadId = await CreateOwnedThreadAsync(userId);
        var step = await CreateStepAsync(threadId, output: "answer", metadata: new JsonObject { ["k"] = 1 });

        var marked = await Layer.SetStepFavoriteAsync(new Step { Id = step.Id, ThreadId = threadId }, true, Ct);

        Assert.Equal(step.Id, marked.Id);
        Assert.Equal("answer", marked.Output);
        Assert.True(JsonNode.DeepEquals(JsonNode.Parse("""{"k":1,"favorite":true}"""), marked.Metadata), marked.Metadata?.ToJsonString());
        var unmarked = await Layer.SetStepFavoriteAsync(step, false, Ct);
        Assert.True(JsonNode.DeepEquals(JsonNode.Parse("""{"k":1}"""), unmarked.Metadata), unmarked.Metadata?.ToJsonString());
    }

    [Fact]
    public async Task GetFavoriteSteps_CostsTheSameFor2And30Threads()
    {
        var fewThreadsUser = NewId("few-");
        var manyThreadsUser = NewId("many-");
        var few = new List<string>();
        for (var i = 0; i < 2; i++)
        {
            few.Add(await CreateOwnedThreadAsync(fewThreadsUser));
        }

        var many = new List<string>();
        for (var i = 0; i < 30; i++)
        {
            many.Add(await CreateOwnedThreadAsync(manyThreadsUser));
            await CreateStepAsync(many[^1], type: StepTypes.AssistantMessage);
        }

        await CreateFavoriteAsync(few[0]);
        await CreateFavoriteAsync(few[1]);
        await CreateFavoriteAsync(many[3]);
        await CreateFavoriteAsync(many[27]);

        Counter.Reset();
        Assert.Equal(2, (await Layer.GetFavoriteStepsAsync(fewThreadsUser, Ct)).Count);
        var fewCost = Counter.Snapshot();
        Counter.Reset();
        Assert.Equal(2, (await Layer.GetFavoriteStepsAsync(manyThreadsUser, Ct)).Count);
        var manyCost = Counter.Snapshot();

        Assert.Equal(new Dictionary<string, int> { ["Query"] = 1, ["BatchGetItem"] = 1 }, fewCost);
        Assert.Equal(fewCost, manyCost);
    }

    [Fact]
    public async Task UserWithoutFavourites_GetsAnEmptyListForOneQuery()
    {
        var userId = NewId("u-");
        var threadId = await CreateOwnedThreadAsync(userId);
        await CreateStepAsync(threadId);
        Counter.Reset();

        Assert.Empty(await Layer.GetFavoriteStepsAsync(userId, Ct));
        Assert.Equal(new Dictionary<string, int> { ["Query"] = 1 }, Counter.Snapshot());
    }

    [Fact]
    public async Task Unfavourite_RemovesTheStepFromTheList()
    {
        var userId = NewId("u-");
        var threadId = await CreateOwnedThreadAsync(userId);
        var kept = await CreateFavoriteAsync(threadId);
        var removed = await CreateFavoriteAsync(threadId);

        await Layer.SetStepFavoriteAsync(removed, false, Ct);

        Assert.Equal([kept.Id], (await Layer.GetFavoriteStepsAsync(userId, Ct)).Select(s => s.Id));
        var step = (await Layer.GetThreadAsync(threadId, Ct))!.Steps.Single(s => s.Id == removed.Id);
        Assert.False(step.Metadata?.ContainsKey("favorite") == true && step.Metadata["favorite"]!.GetValue<bool>());
    }

    [Fact]
    public async Task DeletedFavouriteStep_DisappearsFromTheList()
    {
        var userId = NewId("u-");
        var threadId = await CreateOwnedThreadAsync(userId);
        var kept = await CreateFavoriteAsync(threadId);
        var deleted = await CreateFavoriteAsync(threadId);

        await Layer.DeleteStepAsync(threadId, deleted.Id, Ct);

        Assert.Equal([kept.Id], (await Layer.GetFavoriteStepsAsync(userId, Ct)).Select(s => s.Id));
        Assert.Equal([kept.Id], (await Layer.GetFavoriteStepsAsync(userId, Ct)).Select(s => s.Id));
    }

    [Fact]
    public async Task FavouritesOfADeletedThread_DisappearFromTheList()
    {
        var userId = NewId("u-");
        var keptThread = await CreateOwnedThreadAsync(userId);
        var deletedThread = await CreateOwnedThreadAsync(userId);
        var kept = await CreateFavoriteAsync(keptThread);
        await CreateFavoriteAsync(deletedThread);

        await Layer.DeleteThreadAsync(deletedThread, Ct);

        Assert.Equal([kept.Id], (await Layer.GetFavoriteStepsAsync(userId, Ct)).Select(s => s.Id));
    }

    [Fact]
    public async Task FavouriteFlagClearedByAStepUpdate_IsNotListed()
    {
        var userId = NewId("u-");
        var threadId = await CreateOwnedThreadAsync(userId);
        var step = await CreateFavoriteAsync(threadId);

        // The application clears the flag through a plain step update (as Chainlit's UI does not, but an app may).
        await Layer.UpdateStepAsync(new Step { Id = step.Id, ThreadId = threadId, Metadata = new JsonObject { ["favorite"] = false } }, Ct);

        Assert.Empty(await Layer.GetFavoriteStepsAsync(userId, Ct));
    }

    [Fact]
    public async Task SetStepFavorite_OnMissingStep_ThrowsEntityNotFoundAndWritesNothing()
    {
        var userId = NewId("u-");
        var threadId = await CreateOwnedThreadAsync(userId);
        var missing = NewId("missing-");

        await Assert.ThrowsAsync<EntityNotFoundException>(() =>
            Layer.SetStepFavoriteAsync(new Step { Id = missing, ThreadId = threadId }, true, Ct));

        Assert.Equal(["THREAD"], await SortKeysOfAsync(ThreadPk(threadId)));
        Assert.Empty(await SortKeysOfAsync("USER#" + userId));
        Assert.Empty(await Layer.GetFavoriteStepsAsync(userId, Ct));
    }

    [Fact]
    public async Task SetStepFavorite_OnMissingThread_ThrowsEntityNotFound()
    {
        var threadId = NewId("t-");

        await Assert.ThrowsAsync<EntityNotFoundException>(() =>
            Layer.SetStepFavoriteAsync(new Step { Id = "s", ThreadId = threadId }, true, Ct));

        Assert.Empty(await QueryPartitionAsync(ThreadPk(threadId)));
    }

    [Fact]
    public async Task SetStepFavorite_OnOwnerlessThread_ThrowsInvalidOperation()
    {
        var threadId = NewId("t-");
        var step = await CreateStepAsync(threadId); // creates the thread without an owner

        await Assert.ThrowsAsync<InvalidOperationException>(() => Layer.SetStepFavoriteAsync(step, true, Ct));

        var stored = Assert.Single((await Layer.GetThreadAsync(threadId, Ct))!.Steps);
        Assert.False(stored.Metadata?.ContainsKey("favorite") ?? false);
    }

    [Fact]
    public async Task SetStepFavorite_OnStepWrittenWithNullMetadata_Works()
    {
        var userId = NewId("u-");
        var threadId = await CreateOwnedThreadAsync(userId);
        await PutRawItemAsync(new Dictionary<string, Amazon.DynamoDBv2.Model.AttributeValue>
        {
            ["PK"] = new() { S = ThreadPk(threadId) },
            ["SK"] = new() { S = StepSk("s") },
            ["id"] = new() { S = "s" },
            ["threadId"] = new() { S = threadId },
            ["createdAt"] = new() { S = "2025-03-01T09:00:00.000000Z" },
            ["metadata"] = new() { NULL = true },
        });

        var marked = await Layer.SetStepFavoriteAsync(new Step { Id = "s", ThreadId = threadId }, true, Ct);

        Assert.Equal("""{"favorite":true}""", marked.Metadata?.ToJsonString());
        Assert.Equal(["s"], (await Layer.GetFavoriteStepsAsync(userId, Ct)).Select(s => s.Id));
    }

    [Fact]
    public async Task GetFavoriteSteps_With101Favourites_ReturnsAllForOneQueryAndTwoBatchGets()
    {
        var userId = NewId("u-");
        var threadId = await CreateOwnedThreadAsync(userId);
        var steps = new List<Step>();
        for (var i = 0; i < 101; i++)
        {
            Clock.Advance(TimeSpan.FromMilliseconds(10));
            steps.Add(await CreateStepAsync(threadId, $"s{i:D3}", type: StepTypes.AssistantMessage));
        }

        foreach (var chunk in steps.Chunk(20))
        {
            await Task.WhenAll(chunk.Select(s => Layer.SetStepFavoriteAsync(s, true, Ct)));
        }

        Counter.Reset();

        var favorites = await Layer.GetFavoriteStepsAsync(userId, Ct);

        Assert.Equal(Enumerable.Reverse(steps).Select(s => s.Id), favorites.Select(s => s.Id));
        Assert.Equal(new Dictionary<string, int> { ["Query"] = 1, ["BatchGetItem"] = 2 }, Counter.Snapshot());
    }

    [Fact]
    public async Task FavouritesWhoseJoinedIdsWouldCollide_AreKeptApart()
    {
        var userId = NewId("u-");
        var prefix = NewId("x");
        var threadA = await CreateOwnedThreadAsync(userId, threadId: prefix + "#y");
        var threadB = await CreateOwnedThreadAsync(userId, threadId: prefix);
        var stepA = await CreateFavoriteAsync(threadA); // thread "x#y", step s
        Clock.Advance(TimeSpan.FromSeconds(1));
        var stepB = await CreateStepAsync(threadB, "y#" + stepA.Id, type: StepTypes.AssistantMessage); // thread "x", step "y#s"
        await Layer.SetStepFavoriteAsync(stepB, true, Ct);

        var favorites = await Layer.GetFavoriteStepsAsync(userId, Ct);

        Assert.Equal([(threadB, stepB.Id), (threadA, stepA.Id)], favorites.Select(s => (s.ThreadId, s.Id)));
    }

    [Fact]
    public async Task SetStepFavorite_WithLongIdsThatOtherMethodsAccept_WorksOrIsRejectedBeforeAnyWrite()
    {
        // Each id alone is accepted by CreateStep and GetThread (under the 1024-byte sort-key limit), but the
        // favourite marker joins both into one sort key.
        var userId = NewId("u-");
        var threadId = NewId("t-") + new string('t', 560);
        var stepId = NewId("s-") + new string('s', 560);
        await CreateOwnedThreadAsync(userId, threadId: threadId);
        var step = await CreateStepAsync(threadId, stepId);
        Assert.Equal(stepId, Assert.Single((await Layer.GetThreadAsync(threadId, Ct))!.Steps).Id);

        var error = await Record.ExceptionAsync(() => Layer.SetStepFavoriteAsync(step, true, Ct));

        var stored = Assert.Single((await Layer.GetThreadAsync(threadId, Ct))!.Steps);
        var flagged = stored.Metadata?["favorite"]?.GetValue<bool>() == true;
        if (error is null)
        {
            Assert.True(flagged);
            Assert.Equal([stepId], (await Layer.GetFavoriteStepsAsync(userId, Ct)).Select(s => s.Id));
        }
        else
        {
            Assert.True(error is ArgumentException && !flagged,
                $"expected ArgumentException before any write; got {error.GetType().Name} ({error.Message}), step left flagged as favourite: {flagged}");
        }
    }
}
