using Amazon.DynamoDBv2.Model;
using Chat.DataLayer.Testing;
using Xunit;
using static Chat.DataLayer.DynamoDb.Tests.ChainlitCompatibility.ChainlitData;

namespace Chat.DataLayer.DynamoDb.Tests.ChainlitCompatibility;

/// <summary>
/// Chainlit's Python layer writes no marker items: favourites live only in <c>metadata.favorite</c> and ratings only
/// in each step's <c>feedback</c>. <see cref="DynamoDbDataLayer.RebuildUserMarkersAsync"/> derives our markers from
/// them. Each test works on its own Chainlit user of a freshly loaded table, so the tests do not see each other's
/// markers.
/// </summary>
public sealed class ChainlitMarkerTests(DynamoDbServerFixture server, ChainlitTable table)
    : ChainlitTestBase(server, table), IClassFixture<ChainlitTable>
{
    [Fact]
    public async Task RebuildUserMarkers_ThenGetFavoriteSteps_ReturnsExactlyTheStepsChainlitFlagged()
    {
        const string userId = "alice@example.com";
        var expected = StepsOf(userId).Where(ChainlitFixtureTests.IsFavourite)
            .OrderByDescending(s => S(s, "createdAt"), StringComparer.Ordinal)
            .Select(s => S(s, "id"))
            .ToList();
        Assert.Empty(await Layer.GetFavoriteStepsAsync(userId, Ct));

        var scanned = await Layer.RebuildUserMarkersAsync(userId, Ct);
        var favourites = await Layer.GetFavoriteStepsAsync(userId, Ct);

        Assert.Equal(Threads.Count(t => S(t, "userId") == userId), scanned);
        Assert.Equal(6, expected.Count);
        Assert.Equal(expected, favourites.Select(s => s.Id));
        Assert.All(favourites, s => Assert.Equal(true, (bool?)s.Metadata!["favorite"]));
    }

    [Fact]
    public async Task RebuildUserMarkers_ThenFeedbackFilter_ListsExactlyTheThreadsChainlitRated()
    {
        const string userId = "bob@example.com";
        var rated = ThreadsOf(userId)
            .Where(t => Steps.Any(s => Pk(s) == Pk(t) && Get(s, "feedback") is not null))
            .OrderByDescending(t => S(t, "UserThreadSK"), StringComparer.Ordinal)
            .Select(t => S(t, "id"))
            .ToList();
        Assert.Empty((await Layer.ListThreadsAsync(new Pagination(20), new ThreadFilter(userId, Feedback: 1), Ct)).Data);

        await Layer.RebuildUserMarkersAsync(userId, Ct);
        var up = await Layer.ListThreadsAsync(new Pagination(20), new ThreadFilter(userId, Feedback: 1), Ct);
        var down = await Layer.ListThreadsAsync(new Pagination(20), new ThreadFilter(userId, Feedback: 0), Ct);

        Assert.NotEmpty(rated);
        Assert.Equal(rated, up.Data.Select(t => t.Id));
        Assert.Empty(down.Data); // every rating Chainlit left in the table is a 1
    }

    [Fact]
    public async Task RebuildUserMarkers_RunTwice_ChangesNothing()
    {
        const string userId = "zoë@example.com";
        await Layer.RebuildUserMarkersAsync(userId, Ct);
        var first = await UserPartitionAsync(userId);

        await Layer.RebuildUserMarkersAsync(userId, Ct);
        var second = await UserPartitionAsync(userId);

        Assert.Equal(8, first.Count(sk => sk.StartsWith("FAVORITE#", StringComparison.Ordinal)));
        Assert.Equal(first, second);
        Assert.Equal(8, (await Layer.GetFavoriteStepsAsync(userId, Ct)).Count);
    }

    /// <summary>
    /// After Python's <c>delete_feedback</c> (an UpdateItem that REMOVEs the step's <c>feedback</c>) a rebuild must
    /// not keep listing the thread under the feedback filter: the markers are documented as derived from the steps.
    /// </summary>
    [Fact]
    public async Task RebuildUserMarkers_AfterPythonRemovedTheOnlyRating_DropsTheThreadFromTheFeedbackFilter()
    {
        // A thread of a user no other test of this class touches, made the way Chainlit makes it.
        var userId = $"python-{Guid.NewGuid():N}@example.com";
        var threadId = Guid.NewGuid().ToString();
        var stepId = Guid.NewGuid().ToString();
        await Layer.UpdateThreadAsync(threadId, name: "rated by Python", userId: userId, cancellationToken: Ct);
        await Layer.CreateStepAsync(new Step { Id = stepId, ThreadId = threadId, Type = StepTypes.AssistantMessage, Output = "answer" }, Ct);
        await Raw.UpdateItemAsync(new UpdateItemRequest
        {
            TableName = TableName,
            Key = Key("THREAD#" + threadId, "STEP#" + stepId),
            UpdateExpression = "SET feedback = :f",
            ExpressionAttributeValues = new()
            {
                [":f"] = new AttributeValue
                {
                    M = new()
                    {
                        ["id"] = new() { S = $"THREAD#{threadId}::STEP#{stepId}" },
                        ["forId"] = new() { S = stepId },
                        ["threadId"] = new() { S = threadId },
                        ["value"] = new() { N = "1" },
                        ["comment"] = new() { NULL = true },
                    },
                },
            },
        }, Ct);
        await Layer.RebuildUserMarkersAsync(userId, Ct);
        Assert.Single((await Layer.ListThreadsAsync(new Pagination(5), new ThreadFilter(userId, Feedback: 1), Ct)).Data);

        // Python's delete_feedback, then a rebuild.
        await Raw.UpdateItemAsync(new UpdateItemRequest
        {
            TableName = TableName,
            Key = Key("THREAD#" + threadId, "STEP#" + stepId),
            UpdateExpression = "REMOVE feedback",
        }, Ct);
        await Layer.RebuildUserMarkersAsync(userId, Ct);
        var listed = await Layer.ListThreadsAsync(new Pagination(5), new ThreadFilter(userId, Feedback: 1), Ct);

        Assert.Null((await Layer.GetThreadAsync(threadId, Ct))!.Steps.Single().Feedback);
        Assert.Empty(listed.Data);
    }

    private static IEnumerable<System.Text.Json.JsonElement> ThreadsOf(string userId) => Threads.Where(t => S(t, "userId") == userId);

    private static IEnumerable<System.Text.Json.JsonElement> StepsOf(string userId)
    {
        var pks = ThreadsOf(userId).Select(Pk).ToHashSet();
        return Steps.Where(s => pks.Contains(Pk(s)));
    }

    private Task<List<string>> UserPartitionAsync(string userId) => SortKeysOfAsync("USER#" + userId);

}
