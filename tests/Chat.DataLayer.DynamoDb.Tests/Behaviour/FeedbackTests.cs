using Chat.DataLayer.Testing;
using Xunit;

namespace Chat.DataLayer.DynamoDb.Tests.Behaviour;

/// <summary>
/// UpsertFeedback and DeleteFeedback: argument checks, the feedback id format, true/false results, and no item
/// ever written for a step that does not exist (the original wrote phantom steps that broke GetThread).
/// </summary>
public sealed class FeedbackTests(DynamoDbServerFixture server, TestTable table)
    : DataLayerTestBase(server, table), IClassFixture<TestTable>
{
    [Fact]
    public async Task UpsertFeedback_ReturnsTheChainlitFeedbackId()
    {
        var threadId = NewId("t-");
        var step = await CreateStepAsync(threadId);
        var feedback = new Feedback { ThreadId = threadId, ForId = step.Id, Value = 1, Comment = "good" };

        var id = await Layer.UpsertFeedbackAsync(feedback, Ct);

        Assert.Equal($"THREAD#{threadId}::STEP#{step.Id}", id);
        var stored = Assert.Single((await Layer.GetThreadAsync(threadId, Ct))!.Steps).Feedback;
        Assert.NotNull(stored);
        Assert.Equal(id, stored.Id);
        Assert.Equal(1, stored.Value);
        Assert.Equal("good", stored.Comment);
        Assert.Equal(step.Id, stored.ForId);
        Assert.Equal(threadId, stored.ThreadId);
    }

    [Fact]
    public async Task UpsertFeedback_ReplacesEarlierFeedbackOnTheStep()
    {
        var threadId = NewId("t-");
        var step = await CreateStepAsync(threadId);
        var first = await Layer.UpsertFeedbackAsync(new Feedback { ThreadId = threadId, ForId = step.Id, Value = 1, Comment = "good" }, Ct);

        var second = await Layer.UpsertFeedbackAsync(new Feedback { ThreadId = threadId, ForId = step.Id, Value = 0 }, Ct);

        Assert.Equal(first, second);
        var stored = Assert.Single((await Layer.GetThreadAsync(threadId, Ct))!.Steps).Feedback;
        Assert.Equal(0, stored?.Value);
        Assert.Null(stored?.Comment);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("   ")]
    public async Task UpsertFeedback_WithoutThreadId_ThrowsArgumentException(string? threadId)
    {
        await Assert.ThrowsAnyAsync<ArgumentException>(() =>
            Layer.UpsertFeedbackAsync(new Feedback { ThreadId = threadId, ForId = "s", Value = 1 }, Ct));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("   ")]
    public async Task UpsertFeedback_WithoutForId_ThrowsArgumentException(string? forId)
    {
        var threadId = NewId("t-");

        await Assert.ThrowsAnyAsync<ArgumentException>(() =>
            Layer.UpsertFeedbackAsync(new Feedback { ThreadId = threadId, ForId = forId!, Value = 1 }, Ct));

        Assert.Empty(await QueryPartitionAsync(ThreadPk(threadId)));
    }

    [Theory]
    [InlineData(2)]
    [InlineData(-1)]
    [InlineData(5)]
    public async Task UpsertFeedback_WithValueOtherThanZeroOrOne_ThrowsArgumentExceptionAndWritesNothing(int value)
    {
        var threadId = NewId("t-");
        var step = await CreateStepAsync(threadId);

        await Assert.ThrowsAnyAsync<ArgumentException>(() =>
            Layer.UpsertFeedbackAsync(new Feedback { ThreadId = threadId, ForId = step.Id, Value = value }, Ct));

        Assert.Null(Assert.Single((await Layer.GetThreadAsync(threadId, Ct))!.Steps).Feedback);
        Assert.Null(await GetRawItemAsync(ThreadPk(threadId), "RATINGS"));
    }

    [Fact]
    public async Task UpsertFeedback_IdsThatWouldMakeTheFeedbackIdAmbiguous_ThrowArgumentException()
    {
        var threadId = NewId("t-") + "::STEP#x";

        await Assert.ThrowsAnyAsync<ArgumentException>(() =>
            Layer.UpsertFeedbackAsync(new Feedback { ThreadId = threadId, ForId = "s", Value = 1 }, Ct));
    }

    [Theory]
    [InlineData("garbage")]
    [InlineData("THREAD#t")]
    [InlineData("STEP#s")]
    [InlineData("THREAD#::STEP#s")]
    [InlineData("THREAD#t::STEP#")]
    [InlineData("THREAD#t::STEP#  ")]
    [InlineData("t::s")]
    [InlineData("THREAD#t::STEP#s::STEP#u")]
    [InlineData("thread#t::step#s")]
    public async Task DeleteFeedback_OfMalformedId_ThrowsArgumentException(string feedbackId)
    {
        await Assert.ThrowsAnyAsync<ArgumentException>(() => Layer.DeleteFeedbackAsync(feedbackId, Ct));
    }

    [Fact]
    public async Task DeleteFeedback_Twice_AnswersTrueBothTimes()
    {
        var threadId = NewId("t-");
        var step = await CreateStepAsync(threadId);
        var id = await Layer.UpsertFeedbackAsync(new Feedback { ThreadId = threadId, ForId = step.Id, Value = 1 }, Ct);

        Assert.True(await Layer.DeleteFeedbackAsync(id, Ct));
        Assert.True(await Layer.DeleteFeedbackAsync(id, Ct)); // the step exists and has no feedback: a retry answers alike
        Assert.Null(Assert.Single((await Layer.GetThreadAsync(threadId, Ct))!.Steps).Feedback);
    }

    [Fact]
    public async Task DeleteFeedback_OnStepWithoutFeedback_ReturnsTrueAndChangesNothingElse()
    {
        var threadId = NewId("t-");
        var step = await CreateStepAsync(threadId);

        Assert.True(await Layer.DeleteFeedbackAsync($"THREAD#{threadId}::STEP#{step.Id}", Ct));
        Assert.Equal("hello", Assert.Single((await Layer.GetThreadAsync(threadId, Ct))!.Steps).Output);
    }

    [Fact]
    public async Task UpsertFeedback_OnMissingStep_ThrowsEntityNotFoundAndWritesNoItem()
    {
        var threadId = await CreateOwnedThreadAsync(NewId("u-"));
        var missing = NewId("missing-");

        var error = await Assert.ThrowsAsync<EntityNotFoundException>(() =>
            Layer.UpsertFeedbackAsync(new Feedback { ThreadId = threadId, ForId = missing, Value = 1 }, Ct));

        Assert.Equal(["THREAD"], await SortKeysOfAsync(ThreadPk(threadId)));
        Assert.Equal(missing, error.EntityId);
        var thread = await Layer.GetThreadAsync(threadId, Ct);
        Assert.NotNull(thread);
        Assert.Empty(thread.Steps);
    }

    [Fact]
    public async Task UpsertFeedback_OnMissingThread_ThrowsEntityNotFoundAndWritesNoItem()
    {
        var threadId = NewId("t-");

        await Assert.ThrowsAsync<EntityNotFoundException>(() =>
            Layer.UpsertFeedbackAsync(new Feedback { ThreadId = threadId, ForId = "s", Value = 0 }, Ct));

        Assert.Empty(await QueryPartitionAsync(ThreadPk(threadId)));
    }

    [Fact]
    public async Task DeleteFeedback_OnMissingStep_ReturnsFalseAndCreatesNothing()
    {
        var ownedThread = await CreateOwnedThreadAsync(NewId("u-"));
        var unknownThread = NewId("t-");

        Assert.False(await Layer.DeleteFeedbackAsync($"THREAD#{ownedThread}::STEP#missing", Ct));
        Assert.False(await Layer.DeleteFeedbackAsync($"THREAD#{unknownThread}::STEP#missing", Ct));

        Assert.Equal(["THREAD"], await SortKeysOfAsync(ThreadPk(ownedThread)));
        Assert.Empty(await QueryPartitionAsync(ThreadPk(unknownThread)));
        Assert.Empty((await Layer.GetThreadAsync(ownedThread, Ct))!.Steps);
    }

    [Fact]
    public async Task DeleteFeedback_WithStepIdThatLooksLikeAPrefix_RemovesTheRightFeedback()
    {
        var threadId = "THREAD" + NewId("#");
        var stepId = "E" + NewId("STEP#") + "E";
        await CreateStepAsync(threadId, stepId);
        var id = await Layer.UpsertFeedbackAsync(new Feedback { ThreadId = threadId, ForId = stepId, Value = 1 }, Ct);

        Assert.True(await Layer.DeleteFeedbackAsync(id, Ct));

        Assert.Null(Assert.Single((await Layer.GetThreadAsync(threadId, Ct))!.Steps).Feedback);
        Assert.Equal(["RATINGS", StepSk(stepId), "THREAD"], (await SortKeysOfAsync(ThreadPk(threadId))).Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task DeleteFeedback_WhoseResponseIsLost_AnswersTheSameOnTheSdksRetryAndOnTheCallersRetry()
    {
        var threadId = NewId("t-");
        var step = await CreateStepAsync(threadId);
        var id = await Layer.UpsertFeedbackAsync(new Feedback { ThreadId = threadId, ForId = step.Id, Value = 1 }, Ct);
        var updates = 0;
        // The step's UpdateItem (the call's second) is applied by the server, its answer lost: the SDK retries it.
        Counter.Around = (request, send) =>
            RequestCounter.GetOperation(request) == "UpdateItem" && Interlocked.Increment(ref updates) == 2
                ? FaultInjection.LoseResponseAsync(request, send)
                : send(request);

        var first = await Layer.DeleteFeedbackAsync(id, Ct);

        Counter.Around = null;
        Assert.Equal(3, updates); // the marker, the step (applied, answer lost), the SDK's retry of the step
        Assert.True(first);
        Assert.True(await Layer.DeleteFeedbackAsync(id, Ct)); // the caller's own retry answers the same
        Assert.Null(Assert.Single((await Layer.GetThreadAsync(threadId, Ct))!.Steps).Feedback);
    }
}
