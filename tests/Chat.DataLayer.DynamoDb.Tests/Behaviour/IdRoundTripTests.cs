using Chat.DataLayer.Testing;
using Xunit;

namespace Chat.DataLayer.DynamoDb.Tests.Behaviour;

/// <summary>
/// Ids are read back by removing the exact key prefix (the original used <c>str.strip</c>, which eats any of the
/// prefix's characters from both ends): ids that start or end like a prefix, or hold <c>#</c>, <c>::</c>,
/// <c>/</c> and non-ASCII text, survive every round trip.
/// </summary>
public sealed class IdRoundTripTests(DynamoDbServerFixture server, TestTable table)
    : DataLayerTestBase(server, table), IClassFixture<TestTable>
{
    public static TheoryData<string, string> AwkwardIds()
    {
        // Fixed values keep the test names stable; each test appends a unique part to the thread id.
        const string g = "7e1a";
        return new TheoryData<string, string>
        {
            { $"THREAD-HEAD-{g}-DREAD", $"SPET#{g}#1" },
            { $"T#{g}#H", $"STEP#{g}#PETS" },
            { $"a::b::{g}::", $"::c::{g}" },
            { $"dir/{g}/sub/", $"/step/{g}/" },
            { $"fil-é-日本-🙂-{g}", $"шаг-ß-{g}-Ω" },
            { $"%23{g}%25", $"%{g}#%23" },
        };
    }

    [Theory]
    [MemberData(nameof(AwkwardIds))]
    public async Task GetThread_ReturnsAwkwardThreadAndStepIdsUnchanged(string threadIdBase, string stepIdBase)
    {
        var threadId = threadIdBase + NewId("-")[..13] + threadIdBase[^1];
        var stepId = stepIdBase;
        await CreateOwnedThreadAsync(NewId("u-"), threadId: threadId);
        await CreateStepAsync(threadId, stepId);

        var thread = await Layer.GetThreadAsync(threadId, Ct);

        Assert.NotNull(thread);
        Assert.Equal(threadId, thread.Id);
        var step = Assert.Single(thread.Steps);
        Assert.Equal(stepId, step.Id);
        Assert.Equal(threadId, step.ThreadId);
    }

    [Theory]
    [MemberData(nameof(AwkwardIds))]
    public async Task ListThreads_ReturnsAwkwardThreadIdsUnchanged(string threadIdBase, string stepIdBase)
    {
        _ = stepIdBase;
        var userId = "üser/" + NewId("#u::");
        var threadId = threadIdBase + NewId("-")[..13] + threadIdBase[^1];
        await CreateOwnedThreadAsync(userId, threadId: threadId);

        var page = await Layer.ListThreadsAsync(new Pagination(10), new ThreadFilter(userId), Ct);

        var listed = Assert.Single(page.Data);
        Assert.Equal(threadId, listed.Id);
        Assert.Equal(userId, listed.UserId);
    }

    [Theory]
    [MemberData(nameof(AwkwardIds))]
    public async Task FeedbackId_ParsesBackToTheAwkwardThreadAndStep(string threadIdBase, string stepIdBase)
    {
        var threadId = threadIdBase + NewId("-")[..13] + threadIdBase[^1];
        var stepId = stepIdBase;
        await CreateOwnedThreadAsync(NewId("u-"), threadId: threadId);
        await CreateStepAsync(threadId, stepId);

        var feedbackId = await Layer.UpsertFeedbackAsync(new Feedback { ThreadId = threadId, ForId = stepId, Value = 1 }, Ct);
        Assert.Equal($"THREAD#{threadId}::STEP#{stepId}", feedbackId);
        var stored = Assert.Single((await Layer.GetThreadAsync(threadId, Ct))!.Steps).Feedback;
        Assert.NotNull(stored);
        Assert.Equal(feedbackId, stored.Id);

        var deleted = await Layer.DeleteFeedbackAsync(feedbackId, Ct);

        Assert.True(deleted);
        Assert.Null(Assert.Single((await Layer.GetThreadAsync(threadId, Ct))!.Steps).Feedback);
        // Parsing went to the right key: no other item appeared in the thread's partition.
        Assert.Equal(["RATINGS", StepSk(stepId), "THREAD"], (await SortKeysOfAsync(ThreadPk(threadId))).Order(StringComparer.Ordinal));
    }

    [Theory]
    [MemberData(nameof(AwkwardIds))]
    public async Task DeleteStep_RemovesExactlyTheAwkwardStep(string threadIdBase, string stepIdBase)
    {
        var threadId = threadIdBase + NewId("-")[..13] + threadIdBase[^1];
        var stepId = stepIdBase;
        var otherStepId = stepId + "x";
        await CreateOwnedThreadAsync(NewId("u-"), threadId: threadId);
        await CreateStepAsync(threadId, stepId);
        await CreateStepAsync(threadId, otherStepId);

        await Layer.DeleteStepAsync(threadId, stepId, Ct);

        var thread = await Layer.GetThreadAsync(threadId, Ct);
        Assert.NotNull(thread);
        Assert.Equal([otherStepId], thread.Steps.Select(s => s.Id));
        Assert.Null(await GetRawItemAsync(ThreadPk(threadId), StepSk(stepId)));
    }

    [Fact]
    public async Task FavoriteSteps_ReturnAwkwardIdsUnchanged()
    {
        var userId = NewId("u#");
        var threadId = NewId("THREAD#x#") + "#%23";
        var stepId = "STEP#" + NewId("%25#");
        await CreateOwnedThreadAsync(userId, threadId: threadId);
        var step = await CreateStepAsync(threadId, stepId);
        await Layer.SetStepFavoriteAsync(step, true, Ct);

        var favorites = await Layer.GetFavoriteStepsAsync(userId, Ct);

        var favorite = Assert.Single(favorites);
        Assert.Equal(stepId, favorite.Id);
        Assert.Equal(threadId, favorite.ThreadId);
    }
}
