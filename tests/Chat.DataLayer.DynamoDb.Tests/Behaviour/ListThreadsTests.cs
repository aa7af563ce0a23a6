using System.Text;
using System.Text.Json;
using Chat.DataLayer.Testing;
using Xunit;

namespace Chat.DataLayer.DynamoDb.Tests.Behaviour;

/// <summary>
/// ListThreads: page size, order, opaque cursors bound to their user and filter, and a search that fills pages
/// with matches and reports a next page only when another match exists.
/// </summary>
public sealed class ListThreadsTests(DynamoDbServerFixture server, TestTable table)
    : DataLayerTestBase(server, table), IClassFixture<TestTable>
{
    /// <summary>Creates <paramref name="count"/> threads, one clock second apart; returns their ids newest first.</summary>
    private async Task<List<string>> CreateThreadsAsync(string userId, int count, Func<int, string>? name = null)
    {
        var ids = new List<string>();
        for (var i = 0; i < count; i++)
        {
            ids.Add(await CreateOwnedThreadAsync(userId, name?.Invoke(i) ?? $"thread {i}"));
        }

        ids.Reverse();
        return ids;
    }

    [Fact]
    public async Task First_LimitsThePage()
    {
        var userId = NewId("u-");
        var ids = await CreateThreadsAsync(userId, 5);

        var page = await Layer.ListThreadsAsync(new Pagination(3), new ThreadFilter(userId), Ct);

        Assert.Equal(ids.Take(3), page.Data.Select(t => t.Id));
        Assert.True(page.PageInfo.HasNextPage);
        Assert.NotNull(page.PageInfo.EndCursor);
    }

    [Fact]
    public async Task First_IsBoundedByMaxPageSize()
    {
        var userId = NewId("u-");
        var ids = await CreateThreadsAsync(userId, 6);
        var layer = CreateLayer(o => o.MaxPageSize = 4);

        var page = await layer.ListThreadsAsync(new Pagination(1000), new ThreadFilter(userId), Ct);

        Assert.Equal(ids.Take(4), page.Data.Select(t => t.Id));
        Assert.True(page.PageInfo.HasNextPage);
    }

    [Fact]
    public async Task Threads_AreListedNewestActivityFirst()
    {
        var userId = NewId("u-");
        var ids = await CreateThreadsAsync(userId, 4);

        var page = await Layer.ListThreadsAsync(new Pagination(10), new ThreadFilter(userId), Ct);

        Assert.Equal(ids, page.Data.Select(t => t.Id));
        Assert.All(page.Data, t => Assert.Equal(userId, t.UserId));
    }

    [Fact]
    public async Task ExactlyFirstThreads_HasNoNextPage()
    {
        var userId = NewId("u-");
        var ids = await CreateThreadsAsync(userId, 10);

        var page = await Layer.ListThreadsAsync(new Pagination(10), new ThreadFilter(userId), Ct);

        Assert.Equal(ids, page.Data.Select(t => t.Id));
        Assert.False(page.PageInfo.HasNextPage);
        Assert.Null(page.PageInfo.EndCursor);
    }

    [Fact]
    public async Task UserWithoutThreads_GetsAnEmptyPageWithoutNextPage()
    {
        var page = await Layer.ListThreadsAsync(new Pagination(10), new ThreadFilter(NewId("u-")), Ct);

        Assert.Empty(page.Data);
        Assert.False(page.PageInfo.HasNextPage);
    }

    [Fact]
    public async Task PagingThrough25ThreadsBy7_YieldsEachThreadOnceInOrder()
    {
        var userId = NewId("u-");
        var ids = await CreateThreadsAsync(userId, 25);

        var pages = await ReadAllPagesAsync(new ThreadFilter(userId), 7);

        Assert.Equal([7, 7, 7, 4], pages.Select(p => p.Data.Count));
        Assert.Equal([true, true, true, false], pages.Select(p => p.PageInfo.HasNextPage));
        Assert.Equal(ids, pages.SelectMany(p => p.Data).Select(t => t.Id));
        Assert.Null(pages[0].PageInfo.StartCursor);
        Assert.Equal(pages[0].PageInfo.EndCursor, pages[1].PageInfo.StartCursor);
    }

    [Fact]
    public async Task Cursor_IsOpaqueNotJsonOfTheTableKey()
    {
        var userId = NewId("u-");
        var ids = await CreateThreadsAsync(userId, 3);

        var cursor = (await Layer.ListThreadsAsync(new Pagination(1), new ThreadFilter(userId), Ct)).PageInfo.EndCursor;

        Assert.NotNull(cursor);
        Assert.DoesNotContain("PK", cursor, StringComparison.Ordinal);
        Assert.DoesNotContain("THREAD#", cursor, StringComparison.Ordinal);
        Assert.DoesNotContain(ids[0], cursor, StringComparison.Ordinal);
        Assert.DoesNotContain('{', cursor);
        Assert.ThrowsAny<JsonException>(() => JsonDocument.Parse(cursor));
    }

    [Theory]
    [InlineData("not a cursor")]
    [InlineData("!!!!")]
    [InlineData("e30")] // base64url of "{}"
    [InlineData("bnVsbA")] // base64url of "null"
    [InlineData("""{"PK": {"S": "THREAD#x"}, "SK": {"S": "THREAD"}}""")] // the original's cursor form
    [InlineData("""{"PK": "THREAD#x", "SK": "THREAD", "UserThreadPK": "USER#u", "UserThreadSK": "TS#2025"}""")]
    public async Task MalformedCursor_ThrowsArgumentException(string cursor)
    {
        var userId = NewId("u-");
        await CreateThreadsAsync(userId, 2);

        await Assert.ThrowsAnyAsync<ArgumentException>(() =>
            Layer.ListThreadsAsync(new Pagination(1, cursor), new ThreadFilter(userId), Ct));
    }

    [Fact]
    public async Task TamperedCursor_ThrowsArgumentException()
    {
        var userId = NewId("u-");
        await CreateThreadsAsync(userId, 3);
        var cursor = (await Layer.ListThreadsAsync(new Pagination(1), new ThreadFilter(userId), Ct)).PageInfo.EndCursor!;
        var tampered = cursor[..^4] + (cursor[^4] == 'A' ? 'B' : 'A') + cursor[^3..];
        var truncated = cursor[..(cursor.Length / 2)];

        await Assert.ThrowsAnyAsync<ArgumentException>(() =>
            Layer.ListThreadsAsync(new Pagination(1, truncated), new ThreadFilter(userId), Ct));
        // A changed character either breaks the cursor or still decodes to the same user's own partition.
        try
        {
            var page = await Layer.ListThreadsAsync(new Pagination(1, tampered), new ThreadFilter(userId), Ct);
            Assert.All(page.Data, t => Assert.Equal(userId, t.UserId));
        }
        catch (ArgumentException)
        {
            // Rejected: fine.
        }
    }

    [Fact]
    public async Task CursorOfUserA_UsedForUserB_ThrowsArgumentException()
    {
        var userA = NewId("ua-");
        var userB = NewId("ub-");
        await CreateThreadsAsync(userA, 3);
        await CreateThreadsAsync(userB, 3);
        var cursor = (await Layer.ListThreadsAsync(new Pagination(1), new ThreadFilter(userA), Ct)).PageInfo.EndCursor;
        Assert.NotNull(cursor);

        await Assert.ThrowsAnyAsync<ArgumentException>(() =>
            Layer.ListThreadsAsync(new Pagination(1, cursor), new ThreadFilter(userB), Ct));
    }

    [Fact]
    public async Task CursorOfAnotherSearchOrFilter_ThrowsArgumentException()
    {
        var userId = NewId("u-");
        await CreateThreadsAsync(userId, 6, i => i % 2 == 0 ? $"apple {i}" : $"pear {i}");
        var plain = (await Layer.ListThreadsAsync(new Pagination(1), new ThreadFilter(userId), Ct)).PageInfo.EndCursor;
        var searched = (await Layer.ListThreadsAsync(new Pagination(1), new ThreadFilter(userId, Search: "apple"), Ct)).PageInfo.EndCursor;
        Assert.NotNull(plain);
        Assert.NotNull(searched);

        await Assert.ThrowsAnyAsync<ArgumentException>(() =>
            Layer.ListThreadsAsync(new Pagination(1, plain), new ThreadFilter(userId, Search: "apple"), Ct));
        await Assert.ThrowsAnyAsync<ArgumentException>(() =>
            Layer.ListThreadsAsync(new Pagination(1, searched), new ThreadFilter(userId), Ct));
        await Assert.ThrowsAnyAsync<ArgumentException>(() =>
            Layer.ListThreadsAsync(new Pagination(1, searched), new ThreadFilter(userId, Search: "pear"), Ct));
        await Assert.ThrowsAnyAsync<ArgumentException>(() =>
            Layer.ListThreadsAsync(new Pagination(1, plain), new ThreadFilter(userId, Feedback: 1), Ct));
    }

    [Theory]
    [InlineData("HeLLo", "say hello there")]
    [InlineData("hello", "Say HELLO There")]
    [InlineData("ÜBER", "reden über alles")]
    [InlineData("ПРИВЕТ", "скажи привет миру")]
    [InlineData("日本", "旅行: 日本へ")]
    [InlineData("ÉCOLE", "l'école du soir")]
    public async Task Search_IsACaseInsensitiveSubstringMatch(string search, string name)
    {
        var userId = NewId("u-");
        var match = await CreateOwnedThreadAsync(userId, name);
        await CreateOwnedThreadAsync(userId, "something else");
        await Layer.UpdateThreadAsync(NewId("t-"), userId: userId, cancellationToken: Ct); // a thread without a name

        var page = await Layer.ListThreadsAsync(new Pagination(10), new ThreadFilter(userId, Search: search), Ct);

        Assert.Equal([match], page.Data.Select(t => t.Id));
        Assert.Equal(name, page.Data[0].Name);
        Assert.False(page.PageInfo.HasNextPage);
    }

    [Fact]
    public async Task Search_FillsEachPageWithMatchesAndHasNextPageOnlyWhenAnotherMatchExists()
    {
        var userId = NewId("u-");
        int[] matching = [1, 7, 14, 22, 28];
        var ids = await CreateThreadsAsync(userId, 30, i => matching.Contains(i) ? $"Needle {i}" : $"hay {i}");
        var expected = ids.Where((_, index) => matching.Contains(29 - index)).ToList();

        var pages = await ReadAllPagesAsync(new ThreadFilter(userId, Search: "needle"), 2);

        Assert.Equal([2, 2, 1], pages.Select(p => p.Data.Count));
        Assert.Equal([true, true, false], pages.Select(p => p.PageInfo.HasNextPage));
        Assert.Equal(expected, pages.SelectMany(p => p.Data).Select(t => t.Id));
    }

    [Fact]
    public async Task Search_WhenTheLastPageIsFull_ReportsNoNextPageInsteadOfAnEmptyOne()
    {
        var userId = NewId("u-");
        int[] matching = [0, 9, 15, 27];
        var ids = await CreateThreadsAsync(userId, 30, i => matching.Contains(i) ? $"xNEEDLEx {i}" : $"hay {i}");
        var expected = ids.Where((_, index) => matching.Contains(29 - index)).ToList();

        var pages = await ReadAllPagesAsync(new ThreadFilter(userId, Search: "needle"), 2);

        Assert.Equal([2, 2], pages.Select(p => p.Data.Count));
        Assert.Equal([true, false], pages.Select(p => p.PageInfo.HasNextPage));
        Assert.Equal(expected, pages.SelectMany(p => p.Data).Select(t => t.Id));
    }

    [Fact]
    public async Task Search_WithNoMatch_ReturnsAnEmptyPageWithoutNextPage()
    {
        var userId = NewId("u-");
        await CreateThreadsAsync(userId, 12);

        var page = await Layer.ListThreadsAsync(new Pagination(3), new ThreadFilter(userId, Search: "absent"), Ct);

        Assert.Empty(page.Data);
        Assert.False(page.PageInfo.HasNextPage);
    }

    [Fact]
    public async Task FilterWithoutUserId_ThrowsArgumentException()
    {
        await Assert.ThrowsAnyAsync<ArgumentException>(() => Layer.ListThreadsAsync(new Pagination(10), new ThreadFilter(), Ct));
        await Assert.ThrowsAnyAsync<ArgumentException>(() => Layer.ListThreadsAsync(new Pagination(10), new ThreadFilter(""), Ct));
        await Assert.ThrowsAnyAsync<ArgumentException>(() => Layer.ListThreadsAsync(new Pagination(10), new ThreadFilter("  "), Ct));
        await Assert.ThrowsAnyAsync<ArgumentException>(() => Layer.ListThreadsAsync(new Pagination(10), new ThreadFilter(Search: "x"), Ct));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-1)]
    public async Task FirstBelowOne_ThrowsArgumentException(int first)
    {
        await Assert.ThrowsAnyAsync<ArgumentException>(() =>
            Layer.ListThreadsAsync(new Pagination(first), new ThreadFilter(NewId("u-")), Ct));
    }

    [Theory]
    [InlineData(2)]
    [InlineData(-1)]
    public async Task FeedbackFilterOtherThanZeroOrOne_ThrowsArgumentException(int feedback)
    {
        await Assert.ThrowsAnyAsync<ArgumentException>(() =>
            Layer.ListThreadsAsync(new Pagination(5), new ThreadFilter(NewId("u-"), Feedback: feedback), Ct));
    }

    [Fact]
    public async Task UnfilteredPage_CostsOneQuery()
    {
        var userId = NewId("u-");
        await CreateThreadsAsync(userId, 8);
        Counter.Reset();

        await Layer.ListThreadsAsync(new Pagination(5), new ThreadFilter(userId), Ct);

        Assert.Equal(new Dictionary<string, int> { ["Query"] = 1 }, Counter.Snapshot());
    }

    private static string Base64Url(string text) =>
        Convert.ToBase64String(Encoding.UTF8.GetBytes(text)).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    [Fact]
    public async Task ForgedCursorNamingAnotherUsersThread_ThrowsArgumentExceptionOrStaysInTheCallersPartition()
    {
        var victim = NewId("victim-");
        var attacker = NewId("attacker-");
        var victimThread = await CreateOwnedThreadAsync(victim, "secret");
        await CreateThreadsAsync(attacker, 2);
        var forged = Base64Url($$"""{"v":1,"f":"000000000000000000000000","ts":"TS#9999","pk":"THREAD#{{victimThread}}"}""");

        try
        {
            var page = await Layer.ListThreadsAsync(new Pagination(10, forged), new ThreadFilter(attacker), Ct);
            Assert.DoesNotContain(page.Data, t => t.Id == victimThread);
        }
        catch (ArgumentException)
        {
            // Rejected: fine.
        }
    }

    [Fact]
    public async Task PagingThroughThreadsWithTheSameActivityTime_YieldsEachThreadOnce()
    {
        var userId = NewId("u-");
        var ids = new List<string>();
        for (var i = 0; i < 10; i++)
        {
            var threadId = NewId("t-");
            await Layer.UpdateThreadAsync(threadId, name: "same time", userId: userId, cancellationToken: Ct); // clock not advanced
            ids.Add(threadId);
        }

        var pages = await ReadAllPagesAsync(new ThreadFilter(userId), 3);

        Assert.Equal([3, 3, 3, 1], pages.Select(p => p.Data.Count));
        Assert.Equal(ids.Order(StringComparer.Ordinal), pages.SelectMany(p => p.Data).Select(t => t.Id).Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task Cursor_StillWorksAfterTheThreadItPointsAtWasDeleted()
    {
        var userId = NewId("u-");
        var ids = await CreateThreadsAsync(userId, 5);
        var first = await Layer.ListThreadsAsync(new Pagination(2), new ThreadFilter(userId), Ct);
        Assert.Equal(ids.Take(2), first.Data.Select(t => t.Id));

        await Layer.DeleteThreadAsync(ids[1], Ct);
        var second = await Layer.ListThreadsAsync(new Pagination(2, first.PageInfo.EndCursor), new ThreadFilter(userId), Ct);

        Assert.Equal(ids.Skip(2).Take(2), second.Data.Select(t => t.Id));
        Assert.True(second.PageInfo.HasNextPage);
    }
}
