using System.Text.Json.Nodes;
using Chat.DataLayer.Testing;
using Xunit;

namespace Chat.DataLayer.DynamoDb.Tests.Behaviour;

/// <summary>
/// Bad input is refused before any request: null, empty or blank ids on every method throw an
/// <see cref="ArgumentException"/>, and a record over DynamoDB's 400 KB item limit throws
/// <see cref="ItemTooLargeException"/> with nothing written.
/// </summary>
public sealed class InputValidationTests(DynamoDbServerFixture server, TestTable table)
    : DataLayerTestBase(server, table), IClassFixture<TestTable>
{
    private static readonly string?[] BadIds = [null, "", " ", "\t\n"];

    public static TheoryData<string> Calls() =>
    [
        "GetUser",
        "CreateUser",
        "UpsertFeedback.ThreadId",
        "UpsertFeedback.ForId",
        "DeleteFeedback",
        "CreateElement.Id",
        "CreateElement.ThreadId",
        "GetElement.ThreadId",
        "GetElement.ElementId",
        "DeleteElement.ThreadId",
        "DeleteElement.ElementId",
        "CreateStep.Id",
        "CreateStep.ThreadId",
        "UpdateStep.Id",
        "UpdateStep.ThreadId",
        "DeleteStep.ThreadId",
        "DeleteStep.StepId",
        "GetThreadAuthor",
        "GetThread",
        "UpdateThread",
        "DeleteThread",
        "ListThreads.UserId",
        "GetFavoriteSteps",
        "SetStepFavorite.Id",
        "SetStepFavorite.ThreadId",
    ];

    private Task Call(string call, string? bad)
    {
        var id = bad!;
        var ok = "ok-" + Guid.NewGuid().ToString("N");
        return call switch
        {
            "GetUser" => Layer.GetUserAsync(id, Ct),
            "CreateUser" => Layer.CreateUserAsync(new User { Identifier = id }, Ct),
            "UpsertFeedback.ThreadId" => Layer.UpsertFeedbackAsync(new Feedback { ThreadId = bad, ForId = ok, Value = 1 }, Ct),
            "UpsertFeedback.ForId" => Layer.UpsertFeedbackAsync(new Feedback { ThreadId = ok, ForId = id, Value = 1 }, Ct),
            "DeleteFeedback" => Layer.DeleteFeedbackAsync(id, Ct),
            "CreateElement.Id" => Layer.CreateElementAsync(new Element { Id = id, ThreadId = ok, Url = "https://x" }, cancellationToken: Ct),
            "CreateElement.ThreadId" => Layer.CreateElementAsync(new Element { Id = ok, ThreadId = id, Url = "https://x" }, cancellationToken: Ct),
            "GetElement.ThreadId" => Layer.GetElementAsync(id, ok, Ct),
            "GetElement.ElementId" => Layer.GetElementAsync(ok, id, Ct),
            "DeleteElement.ThreadId" => Layer.DeleteElementAsync(id, ok, Ct),
            "DeleteElement.ElementId" => Layer.DeleteElementAsync(ok, id, Ct),
            "CreateStep.Id" => Layer.CreateStepAsync(new Step { Id = id, ThreadId = ok }, Ct),
            "CreateStep.ThreadId" => Layer.CreateStepAsync(new Step { Id = ok, ThreadId = id }, Ct),
            "UpdateStep.Id" => Layer.UpdateStepAsync(new Step { Id = id, ThreadId = ok }, Ct),
            "UpdateStep.ThreadId" => Layer.UpdateStepAsync(new Step { Id = ok, ThreadId = id }, Ct),
            "DeleteStep.ThreadId" => Layer.DeleteStepAsync(id, ok, Ct),
            "DeleteStep.StepId" => Layer.DeleteStepAsync(ok, id, Ct),
            "GetThreadAuthor" => Layer.GetThreadAuthorAsync(id, Ct),
            "GetThread" => Layer.GetThreadAsync(id, Ct),
            "UpdateThread" => Layer.UpdateThreadAsync(id, name: "n", cancellationToken: Ct),
            "DeleteThread" => Layer.DeleteThreadAsync(id, Ct),
            "ListThreads.UserId" => Layer.ListThreadsAsync(new Pagination(5), new ThreadFilter(bad), Ct),
            "GetFavoriteSteps" => Layer.GetFavoriteStepsAsync(id, Ct),
            "SetStepFavorite.Id" => Layer.SetStepFavoriteAsync(new Step { Id = id, ThreadId = ok }, true, Ct),
            "SetStepFavorite.ThreadId" => Layer.SetStepFavoriteAsync(new Step { Id = ok, ThreadId = id }, true, Ct),
            _ => throw new ArgumentOutOfRangeException(nameof(call), call, "unknown call"),
        };
    }

    [Theory]
    [MemberData(nameof(Calls))]
    public async Task NullEmptyOrBlankId_ThrowsArgumentExceptionBeforeAnyRequest(string call)
    {
        Counter.Reset();
        foreach (var bad in BadIds)
        {
            var error = await Record.ExceptionAsync(() => Call(call, bad));
            Assert.True(error is ArgumentException, $"{call} with {(bad is null ? "null" : $"'{bad}'")} threw {error?.GetType().Name ?? "nothing"}");
        }

        Assert.Equal(0, Counter.Total);
    }

    [Theory]
    [InlineData("")]
    [InlineData("  ")]
    public async Task UpdateThread_WithEmptyOrBlankUserId_ThrowsArgumentExceptionAndWritesNothing(string userId)
    {
        var threadId = NewId("t-");

        await Assert.ThrowsAnyAsync<ArgumentException>(() => Layer.UpdateThreadAsync(threadId, userId: userId, cancellationToken: Ct));

        Assert.Empty(await QueryPartitionAsync(ThreadPk(threadId)));
    }

    [Fact]
    public async Task NullArguments_ThrowArgumentNullException()
    {
        await Assert.ThrowsAsync<ArgumentNullException>(() => Layer.CreateUserAsync(null!, Ct));
        await Assert.ThrowsAsync<ArgumentNullException>(() => Layer.UpsertFeedbackAsync(null!, Ct));
        await Assert.ThrowsAsync<ArgumentNullException>(() => Layer.CreateElementAsync(null!, cancellationToken: Ct));
        await Assert.ThrowsAsync<ArgumentNullException>(() => Layer.CreateStepAsync(null!, Ct));
        await Assert.ThrowsAsync<ArgumentNullException>(() => Layer.UpdateStepAsync(null!, Ct));
        await Assert.ThrowsAsync<ArgumentNullException>(() => Layer.SetStepFavoriteAsync(null!, true, Ct));
        await Assert.ThrowsAsync<ArgumentNullException>(() => Layer.ListThreadsAsync(null!, new ThreadFilter("u"), Ct));
        await Assert.ThrowsAsync<ArgumentNullException>(() => Layer.ListThreadsAsync(new Pagination(1), null!, Ct));
    }

    [Fact]
    public async Task IdTooLongForAKey_ThrowsArgumentException()
    {
        var longId = new string('x', 1100);

        await Assert.ThrowsAnyAsync<ArgumentException>(() => Layer.CreateStepAsync(new Step { Id = longId, ThreadId = NewId("t-") }, Ct));
        await Assert.ThrowsAnyAsync<ArgumentException>(() => Layer.UpdateThreadAsync(longId, cancellationToken: Ct));
    }

    [Fact]
    public async Task CreateStep_WithOutputOver400KB_ThrowsItemTooLargeAndWritesNothing()
    {
        var threadId = NewId("t-");
        var stepId = NewId("s-");

        var error = await Assert.ThrowsAsync<ItemTooLargeException>(() =>
            Layer.CreateStepAsync(new Step { Id = stepId, ThreadId = threadId, Type = StepTypes.AssistantMessage, Output = new string('a', 450 * 1024) }, Ct));

        Assert.IsAssignableFrom<DataLayerException>(error);
        Assert.Null(await GetRawItemAsync(ThreadPk(threadId), StepSk(stepId)));
        Assert.Null(await GetRawItemAsync(ThreadPk(threadId), "THREAD"));
    }

    [Fact]
    public async Task UpdateStep_WithOutputOver400KB_ThrowsItemTooLargeAndKeepsTheStoredStep()
    {
        var threadId = NewId("t-");
        var step = await CreateStepAsync(threadId, output: "small");

        await Assert.ThrowsAsync<ItemTooLargeException>(() =>
            Layer.UpdateStepAsync(new Step { Id = step.Id, ThreadId = threadId, Output = new string('é', 230 * 1024) }, Ct));

        Assert.Equal("small", (await GetRawItemAsync(ThreadPk(threadId), StepSk(step.Id)))!["output"].S);
    }

    [Fact]
    public async Task UpdateStep_GrowingAStoredStepPastTheLimit_ThrowsItemTooLargeAndKeepsTheStoredStep()
    {
        var threadId = NewId("t-");
        var stepId = NewId("s-");
        var output = new string('o', 300 * 1024);
        await Layer.CreateStepAsync(new Step { Id = stepId, ThreadId = threadId, Output = output }, Ct);

        await Assert.ThrowsAsync<ItemTooLargeException>(() =>
            Layer.UpdateStepAsync(new Step { Id = stepId, ThreadId = threadId, Input = new string('i', 300 * 1024) }, Ct));

        var item = await GetRawItemAsync(ThreadPk(threadId), StepSk(stepId));
        Assert.Equal(output, item!["output"].S);
        Assert.False(item.ContainsKey("input"));
    }

    [Fact]
    public async Task UpdateThread_WithMetadataOver400KB_ThrowsItemTooLargeAndWritesNothing()
    {
        var threadId = NewId("t-");

        await Assert.ThrowsAsync<ItemTooLargeException>(() =>
            Layer.UpdateThreadAsync(threadId, metadata: new JsonObject { ["blob"] = new string('m', 450 * 1024) }, cancellationToken: Ct));

        Assert.Empty(await QueryPartitionAsync(ThreadPk(threadId)));
    }

    [Fact]
    public async Task CreateElement_Over400KB_ThrowsItemTooLargeAndWritesNothing()
    {
        var threadId = NewId("t-");

        await Assert.ThrowsAsync<ItemTooLargeException>(() => Layer.CreateElementAsync(new Element
        {
            Id = "e",
            ThreadId = threadId,
            Type = ElementTypes.Custom,
            Props = new JsonObject { ["blob"] = new string('p', 450 * 1024) },
        }, cancellationToken: Ct));

        Assert.Empty(await QueryPartitionAsync(ThreadPk(threadId)));
    }

    [Fact]
    public async Task CreateUser_Over400KB_ThrowsItemTooLargeAndWritesNothing()
    {
        var identifier = NewId("user-");

        await Assert.ThrowsAsync<ItemTooLargeException>(() =>
            Layer.CreateUserAsync(new User { Identifier = identifier, Metadata = new JsonObject { ["blob"] = new string('u', 450 * 1024) } }, Ct));

        Assert.Null(await Layer.GetUserAsync(identifier, Ct));
    }
}
