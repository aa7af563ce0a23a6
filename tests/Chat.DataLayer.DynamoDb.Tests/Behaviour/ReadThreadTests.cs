using Amazon.DynamoDBv2.Model;
using Chat.DataLayer.Testing;
using Xunit;

namespace Chat.DataLayer.DynamoDb.Tests.Behaviour;

/// <summary>
/// Reads: unknown threads are <see langword="null"/> (no exception), steps come ordered by creation time, and
/// items written the way the original leaves them (missing or NULL attributes) still read.
/// </summary>
public sealed class ReadThreadTests(DynamoDbServerFixture server, TestTable table)
    : DataLayerTestBase(server, table), IClassFixture<TestTable>
{
    private static AttributeValue S(string value) => new() { S = value };

    private static AttributeValue Null() => new() { NULL = true };

    [Fact]
    public async Task GetThreadAuthor_ReturnsTheOwner()
    {
        var userId = NewId("owner-");
        var threadId = await CreateOwnedThreadAsync(userId);

        Assert.Equal(userId, await Layer.GetThreadAuthorAsync(threadId, Ct));
    }

    [Fact]
    public async Task GetThreadAuthor_OfUnknownThread_ReturnsNull()
    {
        Assert.Null(await Layer.GetThreadAuthorAsync(NewId("unknown-"), Ct));
    }

    [Fact]
    public async Task GetThreadAuthor_OfOwnerlessThread_ReturnsNull()
    {
        var threadId = NewId("t-");
        await CreateStepAsync(threadId);

        Assert.Null(await Layer.GetThreadAuthorAsync(threadId, Ct));
    }

    [Fact]
    public async Task GetThread_OfUnknownThread_ReturnsNull()
    {
        Assert.Null(await Layer.GetThreadAsync(NewId("unknown-"), Ct));
    }

    [Fact]
    public async Task GetThread_OrdersStepsByCreatedAt_WithTiesInAStableOrder()
    {
        var threadId = NewId("t-");
        var t0 = Clock.GetUtcNow();
        // Written in an order that is neither key order nor time order.
        (string Id, DateTimeOffset CreatedAt)[] steps =
        [
            ("d", t0.AddSeconds(3)),
            ("a", t0.AddSeconds(5)),
            ("c", t0.AddSeconds(1)),
            ("e", t0.AddSeconds(1)),
            ("b", t0.AddSeconds(1)),
            ("f", t0.AddMilliseconds(3000.001)),
        ];
        foreach (var (id, createdAt) in steps)
        {
            await Layer.CreateStepAsync(new Step { Id = id, ThreadId = threadId, Type = StepTypes.Run, CreatedAt = createdAt }, Ct);
        }

        var first = (await Layer.GetThreadAsync(threadId, Ct))!.Steps.Select(s => s.Id).ToList();
        var second = (await Layer.GetThreadAsync(threadId, Ct))!.Steps.Select(s => s.Id).ToList();

        Assert.Equal(["b", "c", "e", "d", "f", "a"], first);
        Assert.Equal(first, second);
    }

    [Fact]
    public async Task GetThread_ReturnsStepsAndElementsOfThatThreadOnly()
    {
        var threadId = NewId("t-");
        var otherId = threadId + "x";
        await CreateStepAsync(threadId, "s1");
        await CreateStepAsync(otherId, "s2");
        await Layer.CreateElementAsync(new Element { Id = "e1", ThreadId = threadId, Url = "https://example.com/1" }, cancellationToken: Ct);
        await Layer.CreateElementAsync(new Element { Id = "e2", ThreadId = otherId, Url = "https://example.com/2" }, cancellationToken: Ct);

        var thread = await Layer.GetThreadAsync(threadId, Ct);

        Assert.Equal(["s1"], thread!.Steps.Select(s => s.Id));
        Assert.Equal(["e1"], thread.Elements.Select(e => e.Id));
    }

    [Fact]
    public async Task GetThread_ReadsItemsWrittenLikeTheOriginal_MissingAndNullAttributes()
    {
        var threadId = NewId("t-");
        var pk = ThreadPk(threadId);
        // Thread without a name (the original writes none until update_thread gives one).
        await PutRawItemAsync(new Dictionary<string, AttributeValue>
        {
            ["PK"] = S(pk),
            ["SK"] = S("THREAD"),
            ["id"] = S(threadId),
            ["createdAt"] = S("2025-03-01T09:00:00.000000Z"),
        });
        // Step without createdAt, Python None stored as NULL.
        await PutRawItemAsync(new Dictionary<string, AttributeValue>
        {
            ["PK"] = S(pk),
            ["SK"] = S("STEP#no-time"),
            ["id"] = S("no-time"),
            ["threadId"] = S(threadId),
            ["type"] = S("assistant_message"),
            ["output"] = S("out"),
            ["parentId"] = Null(),
            ["metadata"] = Null(),
            ["generation"] = Null(),
            ["tags"] = Null(),
            ["showInput"] = Null(),
            ["start"] = Null(),
            ["isError"] = Null(),
        });
        await PutRawItemAsync(new Dictionary<string, AttributeValue>
        {
            ["PK"] = S(pk),
            ["SK"] = S("STEP#timed"),
            ["id"] = S("timed"),
            ["threadId"] = S(threadId),
            ["createdAt"] = S("2025-03-01T09:00:01"), // no fraction, no offset: UTC
            ["feedback"] = Null(),
        });
        // Element without file or URL.
        await PutRawItemAsync(new Dictionary<string, AttributeValue>
        {
            ["PK"] = S(pk),
            ["SK"] = S("ELEMENT#bare"),
            ["id"] = S("bare"),
            ["threadId"] = S(threadId),
            ["type"] = S("text"),
            ["name"] = S("note"),
            ["url"] = Null(),
            ["objectKey"] = Null(),
            ["page"] = Null(),
            ["props"] = Null(),
        });

        var thread = await Layer.GetThreadAsync(threadId, Ct);

        Assert.NotNull(thread);
        Assert.Null(thread.Name);
        Assert.Null(thread.UserId);
        Assert.Equal(["timed", "no-time"], thread.Steps.Select(s => s.Id));
        var untimed = thread.Steps[1];
        Assert.Null(untimed.CreatedAt);
        Assert.Null(untimed.ParentId);
        Assert.Equal("out", untimed.Output);
        Assert.Equal(new DateTimeOffset(2025, 3, 1, 9, 0, 1, TimeSpan.Zero), thread.Steps[0].CreatedAt);
        Assert.Null(thread.Steps[0].Feedback);
        var element = Assert.Single(thread.Elements);
        Assert.Equal("bare", element.Id);
        Assert.Null(element.Url);
        Assert.Null(element.ObjectKey);
        Assert.Null(await Layer.GetThreadAuthorAsync(threadId, Ct));
    }

    [Fact]
    public async Task GetThread_ReadsItemsWithoutIdAttributes_FromTheirKeys()
    {
        var threadId = "THREAD-" + NewId() + "-HEAD";
        var pk = ThreadPk(threadId);
        await PutRawItemAsync(new Dictionary<string, AttributeValue> { ["PK"] = S(pk), ["SK"] = S("THREAD") });
        await PutRawItemAsync(new Dictionary<string, AttributeValue> { ["PK"] = S(pk), ["SK"] = S("STEP#STEP#1") });

        var thread = await Layer.GetThreadAsync(threadId, Ct);

        Assert.Equal(threadId, thread?.Id);
        var step = Assert.Single(thread!.Steps);
        Assert.Equal("STEP#1", step.Id);
        Assert.Equal(threadId, step.ThreadId);
    }

    [Fact]
    public async Task GetThread_IgnoresTheRatingsMarker()
    {
        var threadId = NewId("t-");
        var step = await CreateStepAsync(threadId);
        await Layer.UpsertFeedbackAsync(new Feedback { ThreadId = threadId, ForId = step.Id, Value = 0, Comment = "meh" }, Ct);

        var thread = await Layer.GetThreadAsync(threadId, Ct);

        var stored = Assert.Single(thread!.Steps);
        Assert.Equal(0, stored.Feedback?.Value);
        Assert.Equal("meh", stored.Feedback?.Comment);
        Assert.Empty(thread.Elements);
    }

    [Fact]
    public async Task GetThread_OfAThreadOverOneMegabyte_ReturnsEveryStep()
    {
        var threadId = await CreateOwnedThreadAsync(NewId("u-"));
        var ids = new List<string>();
        for (var i = 0; i < 5; i++)
        {
            Clock.Advance(TimeSpan.FromSeconds(1));
            ids.Add((await CreateStepAsync(threadId, $"big-{i}", output: new string((char)('a' + i), 300 * 1024))).Id);
        }

        Counter.Reset();
        var thread = await Layer.GetThreadAsync(threadId, Ct);

        Assert.Equal(ids, thread!.Steps.Select(s => s.Id));
        Assert.All(thread.Steps, s => Assert.Equal(300 * 1024, s.Output?.Length));
        Assert.True(Counter.Count("Query") >= 2, $"expected several 1 MB query pages, saw {Counter.Count("Query")}");
    }
}
