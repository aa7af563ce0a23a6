using System.Text.Json;
using Chat.DataLayer.Testing;
using Xunit;
using static Chat.DataLayer.DynamoDb.Tests.ChainlitCompatibility.ChainlitData;

namespace Chat.DataLayer.DynamoDb.Tests.ChainlitCompatibility;

/// <summary>
/// Reads a table written by Chainlit's Python DynamoDB layer (TestData/chainlit) through <see cref="IDataLayer"/> and
/// compares every user, thread, step and element with the item Chainlit stored. Each test gathers every difference
/// it finds and reports them all.
/// </summary>
public sealed class ChainlitFixtureTests(DynamoDbServerFixture server, ChainlitTable table)
    : ChainlitTestBase(server, table), IClassFixture<ChainlitTable>
{
    [Fact]
    public void Fixture_HoldsTheItemsItsReadmeDescribes()
    {
        Assert.Equal(254, Items.Count);
        Assert.Equal(3, Users.Count());
        Assert.Equal(11, Threads.Count());
        Assert.Equal(219, Steps.Count());
        Assert.Equal(21, Elements.Count());
    }

    [Fact]
    public async Task GetUser_EveryChainlitUser_ReadsIdIdentifierMetadataAndCreatedAt()
    {
        foreach (var source in Users)
        {
            var identifier = S(source, "identifier")!;
            var user = await Layer.GetUserAsync(identifier, Ct);
            if (user is null)
            {
                Problems.Add($"user {identifier}: not found");
                continue;
            }

            Check($"user {identifier} id", S(source, "id"), user.Id);
            Check($"user {identifier} identifier", identifier, user.Identifier);
            Check($"user {identifier} metadata", DynamoDbJson.Canonical(source.GetProperty("metadata")), DynamoDbJson.Canonical(user.Metadata));
            Check($"user {identifier} createdAt", S(source, "createdAt"), ChainlitTimestamp.Format(user.CreatedAt));
            Check($"user {identifier} displayName", null, user.DisplayName);
        }

        AssertNoProblems();
    }

    [Fact]
    public async Task GetThread_EveryChainlitThread_ReadsTheThreadRecord()
    {
        foreach (var source in Threads)
        {
            var id = S(source, "id")!;
            var thread = await Layer.GetThreadAsync(id, Ct);
            if (thread is null)
            {
                Problems.Add($"thread {id}: not found");
                continue;
            }

            Check($"thread {id} id", id, thread.Id);
            Check($"thread {id} name", S(source, "name"), thread.Name);
            Check($"thread {id} userId", S(source, "userId"), thread.UserId);
            Check($"thread {id} userIdentifier", S(source, "userIdentifier"), thread.UserIdentifier);
            Check($"thread {id} createdAt", S(source, "createdAt"), thread.CreatedAt is { } c ? ChainlitTimestamp.Format(c) : null);
            Check($"thread {id} tags", DynamoDbJson.Canonical(source.GetProperty("tags")),
                thread.Tags is null ? "null" : JsonSerializer.Serialize(thread.Tags));
            Check($"thread {id} metadata", DynamoDbJson.Canonical(source.GetProperty("metadata")), DynamoDbJson.Canonical(thread.Metadata));
        }

        AssertNoProblems();
    }

    [Fact]
    public async Task GetThread_ThreadMetadata_KeepsExactNumbersAndNestedLists()
    {
        var source = Threads.First(t => S(t, "name")!.StartsWith("Thread 1 of bob", StringComparison.Ordinal));

        var thread = await Layer.GetThreadAsync(S(source, "id")!, Ct);

        Assert.Equal("""{"k":1.5,"nested":{"a":[1,2,"x"]}}""", DynamoDbJson.Canonical(thread!.Metadata));
        Assert.Equal("1.5", thread.Metadata!["k"]!.ToJsonString());
        Assert.Equal("1", thread.Metadata["nested"]!["a"]![0]!.ToJsonString()); // an integer stays an integer, not 1.0
    }

    [Fact]
    public async Task GetThread_EveryChainlitThread_ReadsEveryStep()
    {
        var checkedSteps = 0;
        foreach (var source in Threads)
        {
            var id = S(source, "id")!;
            var expected = Steps.Where(s => Pk(s) == Pk(source)).ToDictionary(s => S(s, "id")!);
            var thread = await Layer.GetThreadAsync(id, Ct);
            Check($"thread {id} step count", expected.Count, thread?.Steps.Count);
            foreach (var step in thread?.Steps ?? [])
            {
                if (!expected.TryGetValue(step.Id, out var item))
                {
                    Problems.Add($"thread {id}: unexpected step '{step.Id}'");
                    continue;
                }

                CompareStep(item, step);
                checkedSteps++;
            }
        }

        Assert.Equal(219, checkedSteps);
        AssertNoProblems();
    }

    [Fact]
    public async Task GetThread_StepsComeInCreatedAtOrder()
    {
        foreach (var source in Threads)
        {
            var thread = await Layer.GetThreadAsync(S(source, "id")!, Ct);
            var createdAt = thread!.Steps.Select(s => s.CreatedAt).ToList();

            Assert.Equal(createdAt.OrderBy(c => c), createdAt);
        }
    }

    [Fact]
    public async Task GetThread_50KBOutputAndUnicodeText_ComeBackExactly()
    {
        var large = Steps.Single(s => S(s, "output")!.Length > 40_000);
        var unicode = Steps.First(s => S(s, "output")!.Contains("🌍", StringComparison.Ordinal));

        var largeStep = (await Layer.GetThreadAsync(S(large, "threadId")!, Ct))!.Steps.Single(s => s.Id == S(large, "id"));
        var unicodeStep = (await Layer.GetThreadAsync(S(unicode, "threadId")!, Ct))!.Steps.Single(s => s.Id == S(unicode, "id"));

        Assert.Equal(S(large, "output"), largeStep.Output);
        Assert.True(largeStep.Output!.Length > 40_000);
        Assert.Equal(S(unicode, "output"), unicodeStep.Output);
        Assert.Contains("e\u0301", unicodeStep.Output, StringComparison.Ordinal); // the combining accent is not normalised away
    }

    [Fact]
    public async Task GetThread_GenerationNumbers_KeepTheirExactText()
    {
        var source = Steps.First(s => !IsNull(s, "generation"));

        var step = (await Layer.GetThreadAsync(S(source, "threadId")!, Ct))!.Steps.Single(s => s.Id == S(source, "id"));

        Assert.Equal(DynamoDbJson.Canonical(source.GetProperty("generation")), DynamoDbJson.Canonical(step.Generation));
        Assert.Equal("0.7", step.Generation!["settings"]!["temperature"]!.ToJsonString());
        Assert.Equal("212.5", step.Generation["ttFirstToken"]!.ToJsonString());
        Assert.Equal(source.GetProperty("generation").GetProperty("M").GetProperty("inputTokenCount").GetProperty("N").GetString(),
            step.Generation["inputTokenCount"]!.ToJsonString());
    }

    [Fact]
    public async Task GetThread_ShowInput_KeepsItsKind()
    {
        var flag = Steps.First(s => Bool(s, "showInput") is not null);
        var language = Steps.First(s => S(s, "showInput") is not null);

        var flagStep = (await Layer.GetThreadAsync(S(flag, "threadId")!, Ct))!.Steps.Single(s => s.Id == S(flag, "id"));
        var languageStep = (await Layer.GetThreadAsync(S(language, "threadId")!, Ct))!.Steps.Single(s => s.Id == S(language, "id"));

        Assert.Equal(ShowInput.FromBoolean(Bool(flag, "showInput")!.Value), flagStep.ShowInput);
        Assert.Equal(ShowInput.FromLanguage(S(language, "showInput")!), languageStep.ShowInput);
        Assert.Equal("json", languageStep.ShowInput!.Language);
    }

    [Fact]
    public async Task GetThread_EveryChainlitThread_ReadsEveryElement()
    {
        var checkedElements = 0;
        foreach (var source in Threads)
        {
            var id = S(source, "id")!;
            var expected = Elements.Where(e => Pk(e) == Pk(source)).ToDictionary(e => S(e, "id")!);
            var thread = await Layer.GetThreadAsync(id, Ct);
            Check($"thread {id} element count", expected.Count, thread?.Elements.Count);
            foreach (var element in thread?.Elements ?? [])
            {
                if (!expected.TryGetValue(element.Id, out var item))
                {
                    Problems.Add($"thread {id}: unexpected element '{element.Id}'");
                    continue;
                }

                CompareElement(item, element);
                checkedElements++;
            }
        }

        Assert.Equal(21, checkedElements);
        AssertNoProblems();
    }

    [Fact]
    public async Task GetElement_ChainlitElement_ReadsTheSameFields()
    {
        var source = Elements.First(e => S(e, "name") == "report é.pdf");

        var element = await Layer.GetElementAsync(S(source, "threadId")!, S(source, "id")!, Ct);

        Assert.NotNull(element);
        CompareElement(source, element);
        AssertNoProblems();
    }

    [Fact]
    public async Task ListThreads_EachChainlitUser_ReturnsExactlyTheirThreadsNewestFirst()
    {
        foreach (var user in Users)
        {
            var userId = S(user, "identifier")!;
            var expected = Threads
                .Where(t => S(t, "UserThreadPK") == "USER#" + userId)
                .OrderByDescending(t => S(t, "UserThreadSK"), StringComparer.Ordinal)
                .ToList();

            var all = await Layer.ListThreadsAsync(new Pagination(100), new ThreadFilter(userId), Ct);
            var paged = await ListAllAsync(userId, pageSize: 2);

            Check($"{userId}: ids in one page", string.Join(",", expected.Select(t => S(t, "id"))), string.Join(",", all.Data.Select(t => t.Id)));
            Check($"{userId}: ids over pages of 2", string.Join(",", expected.Select(t => S(t, "id"))), string.Join(",", paged.Select(t => t.Id)));
            Check($"{userId}: hasNextPage of the only page", false, all.PageInfo.HasNextPage);
            foreach (var (source, thread) in expected.Zip(all.Data))
            {
                Check($"{userId}: thread {thread.Id} name", S(source, "name"), thread.Name);
                Check($"{userId}: thread {thread.Id} activity", S(source, "UserThreadSK")!["TS#".Length..],
                    thread.CreatedAt is { } c ? ChainlitTimestamp.Format(c) : null);
                Check($"{userId}: thread {thread.Id} userId", userId, thread.UserId);
            }
        }

        AssertNoProblems();
    }

    [Fact]
    public async Task ListThreads_SearchOnAChainlitTable_MatchesNamesCaseInsensitively()
    {
        var renamed = Threads.Single(t => S(t, "name") == "Renamed thread");
        var owner = S(renamed, "userId")!;

        var page = await Layer.ListThreadsAsync(new Pagination(10), new ThreadFilter(owner, Search: "RENAMED"), Ct);

        Assert.Equal([S(renamed, "id")], page.Data.Select(t => t.Id));
        Assert.False(page.PageInfo.HasNextPage);
    }

    [Fact]
    public async Task ListThreads_UserWithoutThreads_ReturnsAnEmptyLastPage()
    {
        var page = await Layer.ListThreadsAsync(new Pagination(3), new ThreadFilter("nobody@example.com"), Ct);

        Assert.Empty(page.Data);
        Assert.False(page.PageInfo.HasNextPage);
    }

    /// <summary>
    /// Chainlit marks a favourite only with <c>metadata.favorite</c> on the step; it writes no FAVORITE marker items.
    /// Our GetFavoriteStepsAsync documents that it reads the user's FAVORITE markers, so on a table written by
    /// Python it finds none until <see cref="DynamoDbDataLayer.RebuildUserMarkersAsync"/> has run for the user
    /// (covered by <see cref="ChainlitMarkerTests"/>). This test pins that documented gap.
    /// </summary>
    [Fact]
    public async Task GetFavoriteSteps_ChainlitTableWithoutMarkers_FindsNoneThoughChainlitMarkedSome()
    {
        foreach (var user in Users)
        {
            var userId = S(user, "identifier")!;
            var threadPks = Threads.Where(t => S(t, "userId") == userId).Select(Pk).ToHashSet();
            var flagged = Steps.Count(s => threadPks.Contains(Pk(s)) && IsFavourite(s));

            var favourites = await Layer.GetFavoriteStepsAsync(userId, Ct);

            Assert.True(flagged > 0, $"{userId} has steps with metadata.favorite in Chainlit's table");
            Assert.Empty(favourites);
        }

        var chainlitCall = Calls.Single(c => c.GetProperty("method").GetString() == "get_favorite_steps");
        Assert.NotEmpty(chainlitCall.GetProperty("return").EnumerateArray()); // Chainlit's own layer found them
        Assert.DoesNotContain(Items, i => Sk(i).StartsWith("FAVORITE#", StringComparison.Ordinal));
    }

    internal static bool IsFavourite(JsonElement step) =>
        step.GetProperty("metadata").GetProperty("M").TryGetProperty("favorite", out var flag) &&
        flag.TryGetProperty("BOOL", out var value) && value.GetBoolean();

    private void CompareStep(JsonElement item, Step step)
    {
        var at = $"step {step.Id}";
        Check($"{at} threadId", S(item, "threadId"), step.ThreadId);
        Check($"{at} type", S(item, "type"), step.Type);
        Check($"{at} name", S(item, "name"), step.Name);
        Check($"{at} parentId", S(item, "parentId"), step.ParentId);
        Check($"{at} input", S(item, "input"), step.Input);
        Check($"{at} output", S(item, "output"), step.Output);
        Check($"{at} createdAt", S(item, "createdAt"), step.CreatedAt is { } c ? ChainlitTimestamp.Format(c) : null);
        Check($"{at} start", S(item, "start"), step.Start is { } s ? ChainlitTimestamp.Format(s) : null);
        Check($"{at} end", S(item, "end"), step.End is { } e ? ChainlitTimestamp.Format(e) : null);
        Check($"{at} streaming", Bool(item, "streaming"), step.Streaming);
        Check($"{at} isError", Bool(item, "isError"), step.IsError);
        Check($"{at} defaultOpen", Bool(item, "defaultOpen"), step.DefaultOpen);
        Check($"{at} autoCollapse", Bool(item, "autoCollapse"), step.AutoCollapse);
        Check($"{at} language", S(item, "language"), step.Language);
        Check($"{at} tags", DynamoDbJson.Canonical(item.GetProperty("tags")), step.Tags is null ? "null" : JsonSerializer.Serialize(step.Tags));
        Check($"{at} metadata", DynamoDbJson.Canonical(item.GetProperty("metadata")), DynamoDbJson.Canonical(step.Metadata));
        Check($"{at} generation", DynamoDbJson.Canonical(item.GetProperty("generation")), DynamoDbJson.Canonical(step.Generation));

        var showInput = item.GetProperty("showInput");
        var expectedShowInput = DynamoDbJson.TypeOf(showInput) switch
        {
            "BOOL" => ShowInput.FromBoolean(showInput.GetProperty("BOOL").GetBoolean()),
            "S" => ShowInput.FromLanguage(showInput.GetProperty("S").GetString()!),
            _ => null,
        };
        Check($"{at} showInput", expectedShowInput, step.ShowInput);

        if (Get(item, "feedback") is { } feedback)
        {
            var map = feedback.GetProperty("M");
            Check($"{at} feedback present", true, step.Feedback is not null);
            Check($"{at} feedback.value", int.Parse(map.GetProperty("value").GetProperty("N").GetString()!, System.Globalization.CultureInfo.InvariantCulture),
                step.Feedback?.Value);
            Check($"{at} feedback.comment", S(map, "comment"), step.Feedback?.Comment);
            Check($"{at} feedback.id", S(map, "id"), step.Feedback?.Id);
            Check($"{at} feedback.forId", S(map, "forId"), step.Feedback?.ForId);
            Check($"{at} feedback.threadId", S(map, "threadId"), step.Feedback?.ThreadId);
        }
        else
        {
            Check($"{at} feedback", null, step.Feedback?.Id);
        }
    }

    private void CompareElement(JsonElement item, Element element)
    {
        var at = $"element {element.Id}";
        Check($"{at} threadId", S(item, "threadId"), element.ThreadId);
        Check($"{at} forId", S(item, "forId"), element.ForId);
        Check($"{at} type", S(item, "type"), element.Type);
        Check($"{at} name", S(item, "name"), element.Name);
        Check($"{at} display", S(item, "display"), element.Display);
        Check($"{at} size", S(item, "size"), element.Size);
        Check($"{at} language", S(item, "language"), element.Language);
        Check($"{at} mime", S(item, "mime"), element.Mime);
        Check($"{at} chainlitKey", S(item, "chainlitKey"), element.ChainlitKey);
        Check($"{at} objectKey", S(item, "objectKey"), element.ObjectKey);
        Check($"{at} url (no storage client: as stored)", S(item, "url"), element.Url);
        Check($"{at} page", null, element.Page);
        Check($"{at} autoPlay", null, element.AutoPlay);
        Check($"{at} props", null, element.Props?.ToJsonString());
        Check($"{at} playerConfig", null, element.PlayerConfig?.ToJsonString());
        Assert.True(IsNull(item, "page") && IsNull(item, "autoPlay") && IsNull(item, "props") && IsNull(item, "playerConfig"));
    }

    private async Task<List<ChatThread>> ListAllAsync(string userId, int pageSize)
    {
        var threads = new List<ChatThread>();
        string? cursor = null;
        do
        {
            var page = await Layer.ListThreadsAsync(new Pagination(pageSize, cursor), new ThreadFilter(userId), Ct);
            Check($"{userId}: page size", true, page.Data.Count <= pageSize && (page.Data.Count > 0 || threads.Count == 0));
            threads.AddRange(page.Data);
            cursor = page.PageInfo.HasNextPage ? page.PageInfo.EndCursor : null;
        }
        while (cursor is not null && threads.Count < 100);

        return threads;
    }

    private void Check<T>(string what, T expected, T actual)
    {
        if (!EqualityComparer<T>.Default.Equals(expected, actual))
        {
            Problems.Add($"{what}: expected {Show(expected)}, got {Show(actual)}");
        }
    }

    private static string Show<T>(T value)
    {
        var text = value?.ToString() ?? "null";
        return text.Length > 300 ? text[..300] + $"... ({text.Length} chars)" : text;
    }

}
