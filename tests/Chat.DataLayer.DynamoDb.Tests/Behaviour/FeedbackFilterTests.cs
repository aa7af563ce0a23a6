using Chat.DataLayer.Testing;
using Xunit;

namespace Chat.DataLayer.DynamoDb.Tests.Behaviour;

/// <summary>
/// The feedback filter of ListThreads lists the threads with a step rated 0 (or 1), page by page, and follows
/// every change of the ratings: a changed, deleted or orphaned rating and a deleted thread.
/// </summary>
public sealed class FeedbackFilterTests(DynamoDbServerFixture server, TestTable table)
    : DataLayerTestBase(server, table), IClassFixture<TestTable>
{
    private async Task<(string ThreadId, string StepId)> CreateThreadWithStepAsync(string userId, string? name = null)
    {
        var threadId = await CreateOwnedThreadAsync(userId, name);
        var step = await CreateStepAsync(threadId, type: StepTypes.AssistantMessage);
        return (threadId, step.Id);
    }

    private Task<string> RateAsync(string threadId, string stepId, int value) =>
        Layer.UpsertFeedbackAsync(new Feedback { ThreadId = threadId, ForId = stepId, Value = value, Comment = "c" }, Ct);

    private async Task<List<string>> ListRatedAsync(string userId, int rating, int first = 50)
    {
        var pages = await ReadAllPagesAsync(new ThreadFilter(userId, Feedback: rating), first);
        return [.. pages.SelectMany(p => p.Data).Select(t => t.Id)];
    }

    [Fact]
    public async Task FeedbackOne_ListsOnlyThreadsWithAStepRatedOne_AndZeroLikewise()
    {
        var userId = NewId("u-");
        var up = await CreateThreadWithStepAsync(userId);
        var down = await CreateThreadWithStepAsync(userId);
        var unrated = await CreateThreadWithStepAsync(userId);
        var both = await CreateThreadWithStepAsync(userId);
        var secondStep = await CreateStepAsync(both.ThreadId, type: StepTypes.AssistantMessage);
        await RateAsync(up.ThreadId, up.StepId, 1);
        await RateAsync(down.ThreadId, down.StepId, 0);
        await RateAsync(both.ThreadId, both.StepId, 1);
        await RateAsync(both.ThreadId, secondStep.Id, 0);
        _ = unrated;

        Assert.Equal([both.ThreadId, up.ThreadId], await ListRatedAsync(userId, 1));
        Assert.Equal([both.ThreadId, down.ThreadId], await ListRatedAsync(userId, 0));
    }

    [Fact]
    public async Task FeedbackFilter_PaginatesOverMatchesOnly()
    {
        var userId = NewId("u-");
        var threads = new List<(string ThreadId, string StepId)>();
        for (var i = 0; i < 14; i++)
        {
            threads.Add(await CreateThreadWithStepAsync(userId));
        }

        int[] ratedUp = [0, 3, 4, 9, 13];
        foreach (var i in ratedUp)
        {
            await RateAsync(threads[i].ThreadId, threads[i].StepId, 1);
        }

        await RateAsync(threads[5].ThreadId, threads[5].StepId, 0);
        var expected = Enumerable.Reverse(ratedUp).Select(i => threads[i].ThreadId).ToList();

        var pages = await ReadAllPagesAsync(new ThreadFilter(userId, Feedback: 1), 2);

        Assert.Equal([2, 2, 1], pages.Select(p => p.Data.Count));
        Assert.Equal([true, true, false], pages.Select(p => p.PageInfo.HasNextPage));
        Assert.Equal(expected, pages.SelectMany(p => p.Data).Select(t => t.Id));
    }

    [Fact]
    public async Task FeedbackAndSearch_Combine()
    {
        var userId = NewId("u-");
        var apple = await CreateThreadWithStepAsync(userId, "Apple pie");
        var pear = await CreateThreadWithStepAsync(userId, "pear tart");
        await RateAsync(apple.ThreadId, apple.StepId, 1);
        await RateAsync(pear.ThreadId, pear.StepId, 1);

        var page = await Layer.ListThreadsAsync(new Pagination(10), new ThreadFilter(userId, Search: "apple", Feedback: 1), Ct);

        Assert.Equal([apple.ThreadId], page.Data.Select(t => t.Id));
    }

    [Fact]
    public async Task ChangedRating_MovesTheThreadFromOneToZero()
    {
        var userId = NewId("u-");
        var rated = await CreateThreadWithStepAsync(userId);
        await RateAsync(rated.ThreadId, rated.StepId, 1);
        Assert.Equal([rated.ThreadId], await ListRatedAsync(userId, 1));

        await RateAsync(rated.ThreadId, rated.StepId, 0);

        Assert.Empty(await ListRatedAsync(userId, 1));
        Assert.Equal([rated.ThreadId], await ListRatedAsync(userId, 0));
    }

    [Fact]
    public async Task DeletedFeedback_RemovesTheThreadFromTheFilter()
    {
        var userId = NewId("u-");
        var rated = await CreateThreadWithStepAsync(userId);
        var feedbackId = await RateAsync(rated.ThreadId, rated.StepId, 1);

        Assert.True(await Layer.DeleteFeedbackAsync(feedbackId, Ct));

        Assert.Empty(await ListRatedAsync(userId, 1));
        Assert.Empty(await ListRatedAsync(userId, 0));
    }

    [Fact]
    public async Task DeletedRatedStep_RemovesTheThreadFromTheFilter()
    {
        var userId = NewId("u-");
        var rated = await CreateThreadWithStepAsync(userId);
        await RateAsync(rated.ThreadId, rated.StepId, 1);

        await Layer.DeleteStepAsync(rated.ThreadId, rated.StepId, Ct);

        Assert.Empty(await ListRatedAsync(userId, 1));
        Assert.Equal([rated.ThreadId], await ListIdsAsync(userId));
    }

    [Fact]
    public async Task DeletedRatedStep_KeepsTheThreadListedForItsOtherRatedStep()
    {
        var userId = NewId("u-");
        var rated = await CreateThreadWithStepAsync(userId);
        var other = await CreateStepAsync(rated.ThreadId, type: StepTypes.AssistantMessage);
        await RateAsync(rated.ThreadId, rated.StepId, 1);
        await RateAsync(rated.ThreadId, other.Id, 1);

        await Layer.DeleteStepAsync(rated.ThreadId, rated.StepId, Ct);

        Assert.Equal([rated.ThreadId], await ListRatedAsync(userId, 1));
    }

    [Fact]
    public async Task DeletedThread_DisappearsFromTheFilter()
    {
        var userId = NewId("u-");
        var rated = await CreateThreadWithStepAsync(userId);
        var kept = await CreateThreadWithStepAsync(userId);
        await RateAsync(rated.ThreadId, rated.StepId, 1);
        await RateAsync(kept.ThreadId, kept.StepId, 1);

        await Layer.DeleteThreadAsync(rated.ThreadId, Ct);

        Assert.Equal([kept.ThreadId], await ListRatedAsync(userId, 1));
    }

    [Fact]
    public async Task RecreatedThreadAfterDelete_DoesNotInheritOldRatings()
    {
        var userId = NewId("u-");
        var rated = await CreateThreadWithStepAsync(userId);
        await RateAsync(rated.ThreadId, rated.StepId, 1);
        await Layer.DeleteThreadAsync(rated.ThreadId, Ct);

        await CreateOwnedThreadAsync(userId, threadId: rated.ThreadId);

        Assert.Empty(await ListRatedAsync(userId, 1));
    }
}
