using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using Amazon.DynamoDBv2.Model;
using Chat.DataLayer.Testing;
using Xunit;

namespace Chat.DataLayer.DynamoDb.Tests.RequestCounts;

/// <summary>
/// Proves the cost table of <see cref="DynamoDbDataLayer"/> (see the remarks on each method): every HTTP request the
/// SDK sends is counted by operation, the counter is reset between arrange and act, and the act's exact counts are
/// compared.
/// </summary>
public sealed class RequestCountTests(DynamoDbServerFixture server, TestTable table)
    : DataLayerTestBase(server, table), IClassFixture<TestTable>
{
    /// <inheritdoc />
    public override ValueTask InitializeAsync()
    {
        Clock.AutoAdvanceAmount = TimeSpan.FromMilliseconds(1); // 1 ms forward on every read, so activity keys never tie
        return base.InitializeAsync();
    }

    /// <inheritdoc />
    protected override void ConfigureLayer(DynamoDbDataLayerOptions options) =>
        options.BatchRetryBaseDelay = TimeSpan.FromMilliseconds(1);

    [Fact]
    public async Task GetUser_SendsOneGetItem()
    {
        var identifier = NewId("user-");
        await Layer.CreateUserAsync(new User { Identifier = identifier }, Ct);
        Counter.Reset();

        var user = await Layer.GetUserAsync(identifier, Ct);

        Assert.NotNull(user);
        AssertRequests(("GetItem", 1));
    }

    [Fact]
    public async Task CreateUser_NewUser_SendsOneUpdateItem()
    {
        var user = await Layer.CreateUserAsync(new User { Identifier = NewId("user-"), Metadata = new JsonObject { ["role"] = "admin" } }, Ct);

        Assert.Equal("admin", (string?)user.Metadata["role"]);
        AssertRequests(("UpdateItem", 1));
    }

    [Fact]
    public async Task CreateUser_ReturningUser_SendsOneUpdateItem()
    {
        var identifier = NewId("user-");
        await Layer.CreateUserAsync(new User { Identifier = identifier }, Ct);
        Counter.Reset();

        await Layer.CreateUserAsync(new User { Identifier = identifier, DisplayName = "Again" }, Ct);

        AssertRequests(("UpdateItem", 1));
    }

    [Fact]
    public async Task CreateStep_NewStepWithMetadata_SendsExactlyTwoUpdateItems()
    {
        var threadId = NewId("thread-");
        await Layer.UpdateThreadAsync(threadId, name: "existing", userId: NewId("user-"), cancellationToken: Ct);
        Counter.Reset();

        await Layer.CreateStepAsync(NewStep(threadId, metadata: new JsonObject { ["model"] = "gpt", ["retries"] = 0 }), Ct);

        AssertRequests(("UpdateItem", 2));
    }

    [Fact]
    public async Task CreateStep_StepWithEmptyMetadata_SendsExactlyTwoUpdateItems()
    {
        var threadId = NewId("thread-");
        await Layer.UpdateThreadAsync(threadId, name: "existing", cancellationToken: Ct);
        Counter.Reset();

        await Layer.CreateStepAsync(NewStep(threadId, metadata: []), Ct);

        AssertRequests(("UpdateItem", 2));
    }

    [Fact]
    public async Task CreateStep_OnANewThread_SendsExactlyTwoUpdateItemsAndCreatesTheThread()
    {
        var threadId = NewId("thread-");

        await Layer.CreateStepAsync(NewStep(threadId, type: StepTypes.UserMessage, metadata: new JsonObject { ["k"] = 1 }), Ct);

        AssertRequests(("UpdateItem", 2));
        var thread = await Layer.GetThreadAsync(threadId, Ct);
        Assert.NotNull(thread);
        Assert.Single(thread.Steps);
    }

    [Fact]
    public async Task UpdateStep_ExistingStep_SendsOneUpdateItem()
    {
        var threadId = NewId("thread-");
        var step = NewStep(threadId, metadata: new JsonObject { ["a"] = 1 });
        await Layer.CreateStepAsync(step, Ct);
        Counter.Reset();

        await Layer.UpdateStepAsync(new Step
        {
            Id = step.Id,
            ThreadId = threadId,
            Output = "done",
            End = DateTimeOffset.UtcNow,
            Metadata = new JsonObject { ["b"] = 2 },
        }, Ct);

        AssertRequests(("UpdateItem", 1));
    }

    [Fact]
    public async Task UpdateStep_ExistingStepCreatedWithoutMetadata_SendsOneUpdateItem()
    {
        var threadId = NewId("thread-");
        var step = NewStep(threadId, metadata: null);
        await Layer.CreateStepAsync(step, Ct);
        Counter.Reset();

        await Layer.UpdateStepAsync(new Step { Id = step.Id, ThreadId = threadId, Metadata = new JsonObject { ["b"] = 2 } }, Ct);

        AssertRequests(("UpdateItem", 1));
    }

    [Fact]
    public async Task DeleteStep_PlainStep_SendsOneDeleteItem()
    {
        var threadId = NewId("thread-");
        var step = NewStep(threadId);
        await Layer.CreateStepAsync(step, Ct);
        Counter.Reset();

        await Layer.DeleteStepAsync(threadId, step.Id, Ct);

        AssertRequests(("DeleteItem", 1));
    }

    [Fact]
    public async Task DeleteStep_StepWithFeedback_SendsTwoRequests()
    {
        var threadId = NewId("thread-");
        var step = NewStep(threadId);
        await Layer.CreateStepAsync(step, Ct);
        await Layer.UpsertFeedbackAsync(new Feedback { ForId = step.Id, ThreadId = threadId, Value = 1 }, Ct);
        Counter.Reset();

        await Layer.DeleteStepAsync(threadId, step.Id, Ct);

        AssertRequests(("DeleteItem", 1), ("UpdateItem", 1));
    }

    [Fact]
    public async Task UpsertFeedback_SendsTwoUpdateItems()
    {
        var threadId = NewId("thread-");
        var step = NewStep(threadId);
        await Layer.CreateStepAsync(step, Ct);
        Counter.Reset();

        await Layer.UpsertFeedbackAsync(new Feedback { ForId = step.Id, ThreadId = threadId, Value = 0, Comment = "meh" }, Ct);

        AssertRequests(("UpdateItem", 2));
    }

    [Fact]
    public async Task DeleteFeedback_SendsTwoUpdateItems()
    {
        var threadId = NewId("thread-");
        var step = NewStep(threadId);
        await Layer.CreateStepAsync(step, Ct);
        var feedbackId = await Layer.UpsertFeedbackAsync(new Feedback { ForId = step.Id, ThreadId = threadId, Value = 1 }, Ct);
        Counter.Reset();

        var removed = await Layer.DeleteFeedbackAsync(feedbackId, Ct);

        Assert.True(removed);
        AssertRequests(("UpdateItem", 2));
    }

    [Fact]
    public async Task UpdateThread_ExistingThreadWithMetadataMergeNameTagsAndUser_SendsOneUpdateItem()
    {
        var threadId = NewId("thread-");
        await Layer.UpdateThreadAsync(threadId, name: "first", userId: NewId("user-"), metadata: new JsonObject { ["keep"] = "me" },
            tags: ["a"], cancellationToken: Ct);
        Counter.Reset();

        await Layer.UpdateThreadAsync(threadId, name: "second", userId: NewId("user-"),
            metadata: new JsonObject { ["k"] = 1.5, ["nested"] = new JsonObject { ["a"] = new JsonArray(1, 2, "x") } },
            tags: ["b", "c"], cancellationToken: Ct);

        AssertRequests(("UpdateItem", 1));
        var thread = await Layer.GetThreadAsync(threadId, Ct);
        Assert.Equal("me", (string?)thread!.Metadata!["keep"]);
        Assert.Equal("1.5", thread.Metadata["k"]!.ToJsonString());
    }

    [Fact]
    public async Task UpdateThread_ThreadCreatedByCreateStep_SendsOneUpdateItem()
    {
        var threadId = NewId("thread-");
        await Layer.CreateStepAsync(NewStep(threadId), Ct);
        Counter.Reset();

        await Layer.UpdateThreadAsync(threadId, name: "named", userId: NewId("user-"), metadata: new JsonObject { ["k"] = 1 }, tags: ["t"],
            cancellationToken: Ct);

        AssertRequests(("UpdateItem", 1));
    }

    [Fact]
    public async Task GetThread_ThreadOf20Steps_SendsOneQuery()
    {
        var threadId = NewId("thread-");
        await Layer.UpdateThreadAsync(threadId, name: "twenty", userId: NewId("user-"), cancellationToken: Ct);
        await ForEachAsync(Enumerable.Range(0, 20), i => Layer.CreateStepAsync(
            NewStep(threadId, output: $"output {i} " + new string('x', 500), metadata: new JsonObject { ["i"] = i }), Ct));
        Counter.Reset();

        var thread = await Layer.GetThreadAsync(threadId, Ct);

        Assert.Equal(20, thread!.Steps.Count);
        AssertRequests(("Query", 1));
    }

    [Fact]
    public async Task ListThreads_WithoutSearch_SendsOneQueryPerPage()
    {
        var userId = NewId("user-");
        for (var i = 0; i < 15; i++)
        {
            await Layer.UpdateThreadAsync(NewId("thread-"), name: $"thread {i}", userId: userId, cancellationToken: Ct);
        }

        Counter.Reset();
        var ids = new List<string>();
        string? cursor = null;
        var pages = 0;
        do
        {
            var page = await Layer.ListThreadsAsync(new Pagination(5, cursor), new ThreadFilter(userId), Ct);
            pages++;
            Assert.Equal(5, page.Data.Count);
            AssertRequests(("Query", pages));
            ids.AddRange(page.Data.Select(t => t.Id));
            cursor = page.PageInfo.HasNextPage ? page.PageInfo.EndCursor : null;
        }
        while (cursor is not null);

        Assert.Equal(3, pages);
        Assert.Equal(15, ids.Distinct().Count());
        AssertRequests(("Query", 3));
    }

    [Fact]
    public async Task ListThreads_SearchWithDenseMatches_SendsOneQuery()
    {
        var userId = NewId("user-");
        for (var i = 0; i < 30; i++)
        {
            await Layer.UpdateThreadAsync(NewId("thread-"), name: i % 4 == 0 ? $"other {i}" : $"Match {i}", userId: userId, cancellationToken: Ct);
        }

        Counter.Reset();

        var page = await Layer.ListThreadsAsync(new Pagination(5), new ThreadFilter(userId, Search: "match"), Ct);

        Assert.Equal(5, page.Data.Count);
        Assert.All(page.Data, t => Assert.StartsWith("Match", t.Name, StringComparison.Ordinal));
        Assert.True(page.PageInfo.HasNextPage);
        AssertRequests(("Query", 1));
    }

    [Fact]
    public async Task GetFavoriteSteps_CostDoesNotGrowWithTheNumberOfThreads()
    {
        var few = NewId("user-");
        var many = NewId("user-");
        await CreateThreadsWithOneFavouriteAsync(few, 3);
        await CreateThreadsWithOneFavouriteAsync(many, 40);

        Counter.Reset();
        var fewSteps = await Layer.GetFavoriteStepsAsync(few, Ct);
        var fewCounts = Counter.Snapshot();
        Counter.Reset();
        var manySteps = await Layer.GetFavoriteStepsAsync(many, Ct);
        var manyCounts = Counter.Snapshot();

        Assert.Equal(3, fewSteps.Count);
        Assert.Equal(40, manySteps.Count);
        Assert.Equal("BatchGetItem=1, Query=1", Describe(fewCounts));
        Assert.Equal(Describe(fewCounts), Describe(manyCounts));
    }

    [Fact]
    public async Task GetFavoriteSteps_101Favourites_SendsOneQueryAndTwoBatchGets()
    {
        var userId = NewId("user-");
        var threadId = NewId("thread-");
        await Layer.UpdateThreadAsync(threadId, name: "starred", userId: userId, cancellationToken: Ct);
        await ForEachAsync(Enumerable.Range(0, 101), async _ =>
        {
            var step = NewStep(threadId);
            await Layer.CreateStepAsync(step, Ct);
            await Layer.SetStepFavoriteAsync(step, true, Ct);
        });
        Counter.Reset();

        var steps = await Layer.GetFavoriteStepsAsync(userId, Ct);

        Assert.Equal(101, steps.Count);
        AssertRequests(("BatchGetItem", 2), ("Query", 1));
    }

    [Fact]
    public async Task DeleteThread_ThreadWith60Steps_SendsOneQueryThreeBatchWritesAndOneDeleteItem()
    {
        var threadId = NewId("thread-");
        await Layer.UpdateThreadAsync(threadId, name: "big", userId: NewId("user-"), cancellationToken: Ct);
        await ForEachAsync(Enumerable.Range(0, 60), _ => Layer.CreateStepAsync(NewStep(threadId), Ct));
        Assert.Equal(61, (await RawItemsAsync(threadId)).Count);
        Counter.Reset();

        await Layer.DeleteThreadAsync(threadId, Ct);

        // The 60 steps in ceil(60/25) = 3 batches, then the thread record alone (docs/design.md, "Requests per operation").
        AssertRequests(("BatchWriteItem", 3), ("DeleteItem", 1), ("Query", 1));
        Assert.Empty(await RawItemsAsync(threadId));
    }

    [Fact]
    public async Task DeleteThread_BatchWriteLeavesEverythingUnprocessed_RetriesAndDeletesTheThread()
    {
        var threadId = NewId("thread-");
        await Layer.UpdateThreadAsync(threadId, name: "throttled", userId: NewId("user-"), cancellationToken: Ct);
        await ForEachAsync(Enumerable.Range(0, 10), _ => Layer.CreateStepAsync(NewStep(threadId), Ct));
        Counter.Reset();
        var answered = 0;
        Counter.Intercept = request =>
            RequestCounter.GetOperation(request) == "BatchWriteItem" && Interlocked.Exchange(ref answered, 1) == 0
                ? NothingProcessed(request)
                : null;
        // The back-off waits on the layer's clock: a system clock here, since the fake one's timers never fire by themselves.
        var layer = CreateLayer(o => o.TimeProvider = TimeProvider.System);

        await layer.DeleteThreadAsync(threadId, Ct);

        Counter.Intercept = null;
        AssertRequests(("BatchWriteItem", 2), ("DeleteItem", 1), ("Query", 1));
        var batchWrites = Counter.Requests.Where(r => r.Operation == "BatchWriteItem").ToList();
        Assert.True(batchWrites[0].Intercepted);
        Assert.False(batchWrites[1].Intercepted);
        Assert.Empty(await RawItemsAsync(threadId));
        Assert.Null(await Layer.GetThreadAsync(threadId, Ct));
    }

    [Fact]
    public async Task DeleteThread_BatchWriteNeverProcessed_GivesUpAfterMaxBatchRetries()
    {
        var threadId = NewId("thread-");
        await Layer.UpdateThreadAsync(threadId, name: "stuck", userId: NewId("user-"), cancellationToken: Ct);
        await Layer.CreateStepAsync(NewStep(threadId), Ct);
        var layer = CreateLayer(o =>
        {
            o.MaxBatchRetries = 2;
            o.TimeProvider = TimeProvider.System;
        });
        Counter.Reset();
        Counter.Intercept = request => RequestCounter.GetOperation(request) == "BatchWriteItem" ? NothingProcessed(request) : null;

        await Assert.ThrowsAsync<DataLayerException>(() => layer.DeleteThreadAsync(threadId, Ct));

        Counter.Intercept = null;
        AssertRequests(("BatchWriteItem", 3), ("Query", 1));
        Assert.Equal(2, (await RawItemsAsync(threadId)).Count); // the thread and its step: nothing deleted
    }

    [Fact]
    public async Task GetThreadAuthor_SendsOneGetItem()
    {
        var threadId = NewId("thread-");
        var userId = NewId("user-");
        await Layer.UpdateThreadAsync(threadId, userId: userId, cancellationToken: Ct);
        Counter.Reset();

        var author = await Layer.GetThreadAuthorAsync(threadId, Ct);

        Assert.Equal(userId, author);
        AssertRequests(("GetItem", 1));
    }

    // The tests below prove an operation family's costs in one view (merged from the former Behaviour/RequestCountTests).

    [Fact]
    public async Task Reads_CostOneRequestEach()
    {
        var userId = NewId("u-");
        var threadId = await CreateOwnedThreadAsync(userId);
        await CreateStepAsync(threadId);
        await Layer.CreateUserAsync(new User { Identifier = userId }, Ct);
        await Layer.CreateElementAsync(new Element { Id = "e", ThreadId = threadId, Url = "https://example.com" }, cancellationToken: Ct);

        await AssertRequestsAsync(() => Layer.GetThreadAuthorAsync(threadId, Ct), ("GetItem", 1));
        await AssertRequestsAsync(() => Layer.GetThreadAsync(threadId, Ct), ("Query", 1));
        await AssertRequestsAsync(() => Layer.GetUserAsync(userId, Ct), ("GetItem", 1));
        await AssertRequestsAsync(() => Layer.GetElementAsync(threadId, "e", Ct), ("GetItem", 1));
        await AssertRequestsAsync(() => Layer.ListThreadsAsync(new Pagination(10), new ThreadFilter(userId), Ct), ("Query", 1));
    }

    [Fact]
    public async Task UpdateThread_OfAThreadWithMetadata_IsOneUpdateItem()
    {
        var threadId = NewId("t-");
        await Layer.UpdateThreadAsync(threadId, name: "n", userId: NewId("u-"), metadata: new JsonObject { ["a"] = 1 }, cancellationToken: Ct);

        await AssertRequestsAsync(
            () => Layer.UpdateThreadAsync(threadId, name: "m", metadata: new JsonObject { ["b"] = 2 }, tags: ["t"], cancellationToken: Ct),
            ("UpdateItem", 1));
        await AssertRequestsAsync(() => Layer.UpdateThreadAsync(threadId, name: "o", cancellationToken: Ct), ("UpdateItem", 1));
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

        await AssertRequestsAsync(
            () => Layer.CreateStepAsync(new Step { Id = "s", ThreadId = threadId, Type = StepTypes.UserMessage, Output = "o", Metadata = new JsonObject { ["a"] = 1 } }, Ct),
            ("UpdateItem", 2));
        await AssertRequestsAsync(
            () => Layer.UpdateStepAsync(new Step { Id = "s", ThreadId = threadId, Output = "p", Metadata = new JsonObject { ["b"] = 2 } }, Ct),
            ("UpdateItem", 1));
        await AssertRequestsAsync(() => Layer.DeleteStepAsync(threadId, "s", Ct), ("DeleteItem", 1));
    }

    [Fact]
    public async Task Feedback_CostsTwoUpdateItems_AndDeletingARatedStepOneMore()
    {
        var threadId = await CreateOwnedThreadAsync(NewId("u-"));
        await CreateStepAsync(threadId, "s");
        string? id = null;

        await AssertRequestsAsync(
            async () => id = await Layer.UpsertFeedbackAsync(new Feedback { ThreadId = threadId, ForId = "s", Value = 1 }, Ct),
            ("UpdateItem", 2));
        await AssertRequestsAsync(() => Layer.DeleteFeedbackAsync(id!, Ct), ("UpdateItem", 2));
        await Layer.UpsertFeedbackAsync(new Feedback { ThreadId = threadId, ForId = "s", Value = 0 }, Ct);
        await AssertRequestsAsync(() => Layer.DeleteStepAsync(threadId, "s", Ct), ("DeleteItem", 1), ("UpdateItem", 1));
    }

    [Fact]
    public async Task UserAndElementWrites_AreOneRequestEach()
    {
        var threadId = NewId("t-");

        await AssertRequestsAsync(() => Layer.CreateUserAsync(new User { Identifier = NewId("u-") }, Ct), ("UpdateItem", 1));
        await AssertRequestsAsync(
            () => Layer.CreateElementAsync(new Element { Id = "e", ThreadId = threadId, Url = "https://example.com" }, cancellationToken: Ct),
            ("PutItem", 1));
        await AssertRequestsAsync(() => Layer.DeleteElementAsync(threadId, "e", Ct), ("DeleteItem", 1));
    }

    [Fact]
    public async Task SetStepFavorite_IsAGetItemAnUpdateItemAndAMarkerWrite()
    {
        var threadId = await CreateOwnedThreadAsync(NewId("u-"));
        var step = await CreateStepAsync(threadId, metadata: new JsonObject { ["k"] = 1 });

        await AssertRequestsAsync(() => Layer.SetStepFavoriteAsync(step, true, Ct), ("GetItem", 1), ("UpdateItem", 1), ("PutItem", 1));
        await AssertRequestsAsync(() => Layer.SetStepFavoriteAsync(step, false, Ct), ("GetItem", 1), ("UpdateItem", 1), ("DeleteItem", 1));
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

        await AssertRequestsAsync(
            () => Layer.ListThreadsAsync(new Pagination(10), new ThreadFilter(userId, Feedback: 1), Ct), ("Query", 1), ("BatchGetItem", 1));
    }

    private async Task CreateThreadsWithOneFavouriteAsync(string userId, int threads)
    {
        await ForEachAsync(Enumerable.Range(0, threads), async i =>
        {
            var threadId = NewId("thread-");
            await Layer.UpdateThreadAsync(threadId, name: $"thread {i}", userId: userId, cancellationToken: Ct);
            var favourite = NewStep(threadId, type: StepTypes.UserMessage);
            await Layer.CreateStepAsync(favourite, Ct);
            await Layer.CreateStepAsync(NewStep(threadId, type: StepTypes.AssistantMessage), Ct);
            await Layer.SetStepFavoriteAsync(favourite, true, Ct);
        });
    }

    /// <summary>A 200 BatchWriteItem response that lists every write of the request as unprocessed.</summary>
    private static HttpResponseMessage NothingProcessed(HttpRequestMessage request)
    {
        using var body = request.Content!.ReadAsStream();
        var requestItems = JsonNode.Parse(body)!["RequestItems"]!.DeepClone();
        var json = new JsonObject { ["UnprocessedItems"] = requestItems };
        var response = new HttpResponseMessage(HttpStatusCode.OK)
        {
            Content = new StringContent(json.ToJsonString(), Encoding.UTF8, "application/x-amz-json-1.0"),
        };
        response.Headers.TryAddWithoutValidation("x-amzn-RequestId", Guid.NewGuid().ToString("N"));
        return response;
    }

    private Task<List<Dictionary<string, AttributeValue>>> RawItemsAsync(string threadId) => QueryPartitionAsync(ThreadPk(threadId));

    /// <summary>The requests <paramref name="action"/> sends, by operation.</summary>
    private async Task<IReadOnlyDictionary<string, int>> CountAsync(Func<Task> action)
    {
        Counter.Reset();
        await action();
        return Counter.Snapshot();
    }

    /// <summary>Asserts that <paramref name="action"/> sends exactly <paramref name="expected"/>.</summary>
    private async Task AssertRequestsAsync(Func<Task> action, params (string Operation, int Count)[] expected)
    {
        Counter.Reset();
        await action();
        AssertRequests(expected);
    }

    private void AssertRequests(params (string Operation, int Count)[] expected) =>
        Assert.Equal(Describe(expected.ToDictionary(e => e.Operation, e => e.Count)), Describe(Counter.Snapshot()));

    private static string Describe(IReadOnlyDictionary<string, int> counts) =>
        string.Join(", ", counts.OrderBy(kv => kv.Key, StringComparer.Ordinal).Select(kv => $"{kv.Key}={kv.Value}"));

    private static Task ForEachAsync<T>(IEnumerable<T> source, Func<T, Task> body) =>
        Parallel.ForEachAsync(source, new ParallelOptions { MaxDegreeOfParallelism = 8, CancellationToken = Ct },
            async (item, _) => await body(item));

    private static Step NewStep(string threadId, string type = StepTypes.Run, string? output = "output", JsonObject? metadata = null) => new()
    {
        Id = NewId("step-"),
        ThreadId = threadId,
        Name = "step",
        Type = type,
        Input = "input",
        Output = output,
        Metadata = metadata,
    };

}
