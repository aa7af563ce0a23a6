using System.Text.Json.Nodes;
using Amazon.DynamoDBv2.Model;
using Chat.DataLayer.Testing;
using Xunit;

namespace Chat.DataLayer.DynamoDb.Tests.Behaviour;

/// <summary>Disposal leaves the caller's client alone; concurrent writes to one thread all land.</summary>
public sealed class LifetimeAndConcurrencyTests(DynamoDbServerFixture server, TestTable table)
    : DataLayerTestBase(server, table), IClassFixture<TestTable>
{
    [Fact]
    public async Task DisposeAsync_LeavesTheClientUsable()
    {
        var client = CreateRawClient();
        var layer = CreateLayer(client: client);
        var threadId = NewId("t-");
        await layer.UpdateThreadAsync(threadId, name: "n", cancellationToken: Ct);

        await layer.DisposeAsync();

        var response = await client.GetItemAsync(new GetItemRequest { TableName = TableName, Key = Key(ThreadPk(threadId), "THREAD"), ConsistentRead = true }, Ct);
        Assert.Equal(threadId, response.Item["id"].S);
        Assert.NotNull(await CreateLayer(client: client).GetThreadAsync(threadId, Ct));
    }

    [Fact]
    public async Task AfterDisposeAsync_EveryMethodThrowsObjectDisposed()
    {
        var layer = CreateLayer();
        await layer.DisposeAsync();
        await layer.DisposeAsync(); // twice is fine
        Counter.Reset();

        await Assert.ThrowsAsync<ObjectDisposedException>(() => layer.GetThreadAsync("t", Ct));
        await Assert.ThrowsAsync<ObjectDisposedException>(() => layer.GetThreadAuthorAsync("t", Ct));
        await Assert.ThrowsAsync<ObjectDisposedException>(() => layer.UpdateThreadAsync("t", name: "n", cancellationToken: Ct));
        await Assert.ThrowsAsync<ObjectDisposedException>(() => layer.DeleteThreadAsync("t", Ct));
        await Assert.ThrowsAsync<ObjectDisposedException>(() => layer.ListThreadsAsync(new Pagination(1), new ThreadFilter("u"), Ct));
        await Assert.ThrowsAsync<ObjectDisposedException>(() => layer.CreateStepAsync(new Step { Id = "s", ThreadId = "t" }, Ct));
        await Assert.ThrowsAsync<ObjectDisposedException>(() => layer.UpdateStepAsync(new Step { Id = "s", ThreadId = "t" }, Ct));
        await Assert.ThrowsAsync<ObjectDisposedException>(() => layer.DeleteStepAsync("t", "s", Ct));
        await Assert.ThrowsAsync<ObjectDisposedException>(() => layer.GetUserAsync("u", Ct));
        await Assert.ThrowsAsync<ObjectDisposedException>(() => layer.CreateUserAsync(new User { Identifier = "u" }, Ct));
        await Assert.ThrowsAsync<ObjectDisposedException>(() => layer.UpsertFeedbackAsync(new Feedback { ThreadId = "t", ForId = "s", Value = 1 }, Ct));
        await Assert.ThrowsAsync<ObjectDisposedException>(() => layer.DeleteFeedbackAsync("THREAD#t::STEP#s", Ct));
        await Assert.ThrowsAsync<ObjectDisposedException>(() => layer.CreateElementAsync(new Element { Id = "e", ThreadId = "t" }, cancellationToken: Ct));
        await Assert.ThrowsAsync<ObjectDisposedException>(() => layer.GetElementAsync("t", "e", Ct));
        await Assert.ThrowsAsync<ObjectDisposedException>(() => layer.DeleteElementAsync("t", "e", Ct));
        await Assert.ThrowsAsync<ObjectDisposedException>(() => layer.GetFavoriteStepsAsync("u", Ct));
        await Assert.ThrowsAsync<ObjectDisposedException>(() => layer.SetStepFavoriteAsync(new Step { Id = "s", ThreadId = "t" }, true, Ct));
        await Assert.ThrowsAsync<ObjectDisposedException>(() => layer.BuildDebugUrlAsync(Ct));
        Assert.Equal(0, Counter.Total);
    }

    [Fact]
    public async Task TwentyParallelCreateSteps_OnOneNewThread_AllLandAndTheThreadExistsOnce()
    {
        var threadId = NewId("t-");
        var ids = Enumerable.Range(0, 20).Select(i => $"step-{i:D2}").ToList();

        await Task.WhenAll(ids.Select(id => Task.Run(() => Layer.CreateStepAsync(new Step
        {
            Id = id,
            ThreadId = threadId,
            Type = StepTypes.UserMessage,
            Output = "out " + id,
            Metadata = new JsonObject { ["n"] = id },
        }, Ct), Ct)));

        var items = await QueryPartitionAsync(ThreadPk(threadId));
        Assert.Single(items, i => i["SK"].S == "THREAD");
        Assert.Equal(21, items.Count);
        var thread = await Layer.GetThreadAsync(threadId, Ct);
        Assert.Equal(ids, thread!.Steps.Select(s => s.Id).Order(StringComparer.Ordinal));
        Assert.All(thread.Steps, s => Assert.Equal("out " + s.Id, s.Output));
        Assert.All(thread.Steps, s => Assert.Equal(s.Id, s.Metadata?["n"]?.GetValue<string>()));
    }

    [Fact]
    public async Task TenParallelMetadataMerges_OfDifferentKeys_AllLand_OnANewThread()
    {
        var threadId = NewId("t-");

        await Task.WhenAll(Enumerable.Range(0, 10).Select(i => Task.Run(() =>
            Layer.UpdateThreadAsync(threadId, metadata: new JsonObject { [$"k{i}"] = i }, cancellationToken: Ct), Ct)));

        var metadata = (await Layer.GetThreadAsync(threadId, Ct))!.Metadata!;
        Assert.Equal(Enumerable.Range(0, 10).Select(i => $"k{i}"), metadata.Select(kv => kv.Key).Order(StringComparer.Ordinal));
        Assert.All(Enumerable.Range(0, 10), i => Assert.Equal(i, metadata[$"k{i}"]!.GetValue<int>()));
    }

    [Fact]
    public async Task TenParallelMetadataMerges_OfDifferentKeys_AllLand_OnAnExistingThread()
    {
        var threadId = await CreateOwnedThreadAsync(NewId("u-"));
        await Layer.UpdateThreadAsync(threadId, metadata: new JsonObject { ["base"] = true }, cancellationToken: Ct);

        await Task.WhenAll(Enumerable.Range(0, 10).Select(i => Task.Run(() =>
            Layer.UpdateThreadAsync(threadId, metadata: new JsonObject { [$"k{i}"] = i }, cancellationToken: Ct), Ct)));

        var metadata = (await Layer.GetThreadAsync(threadId, Ct))!.Metadata!;
        Assert.Equal(11, metadata.Count);
        Assert.True(metadata["base"]!.GetValue<bool>());
    }

    [Fact]
    public async Task ParallelStepMetadataMerges_OfDifferentKeys_AllLand()
    {
        var threadId = NewId("t-");
        await Layer.CreateStepAsync(new Step { Id = "s", ThreadId = threadId }, Ct);

        await Task.WhenAll(Enumerable.Range(0, 10).Select(i => Task.Run(() =>
            Layer.UpdateStepAsync(new Step { Id = "s", ThreadId = threadId, Metadata = new JsonObject { [$"k{i}"] = i } }, Ct), Ct)));

        Assert.Equal(10, Assert.Single((await Layer.GetThreadAsync(threadId, Ct))!.Steps).Metadata!.Count);
    }
}
