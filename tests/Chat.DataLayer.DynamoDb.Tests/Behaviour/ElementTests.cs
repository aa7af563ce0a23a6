using System.Text;
using Chat.DataLayer.Testing;
using Xunit;

namespace Chat.DataLayer.DynamoDb.Tests.Behaviour;

/// <summary>
/// Elements and step deletes act on the thread they are given; without a storage client elements are links, and
/// content is refused before anything is written.
/// </summary>
public sealed class ElementTests(DynamoDbServerFixture server, TestTable table)
    : DataLayerTestBase(server, table), IClassFixture<TestTable>
{
    [Fact]
    public async Task DeleteStep_ActsOnTheGivenThreadOnly()
    {
        var first = NewId("t-");
        var second = NewId("t-");
        await CreateStepAsync(first, "same");
        await CreateStepAsync(second, "same");

        await Layer.DeleteStepAsync(first, "same", Ct);

        Assert.Empty((await Layer.GetThreadAsync(first, Ct))!.Steps);
        Assert.Equal(["same"], (await Layer.GetThreadAsync(second, Ct))!.Steps.Select(s => s.Id));
    }

    [Fact]
    public async Task DeleteStep_OfMissingStep_IsFineAndCreatesNothing()
    {
        var threadId = await CreateOwnedThreadAsync(NewId("u-"));
        var unknownThread = NewId("t-");

        await Layer.DeleteStepAsync(threadId, "missing", Ct);
        await Layer.DeleteStepAsync(unknownThread, "missing", Ct);

        Assert.Equal(["THREAD"], await SortKeysOfAsync(ThreadPk(threadId)));
        Assert.Empty(await QueryPartitionAsync(ThreadPk(unknownThread)));
    }

    [Fact]
    public async Task DeleteElement_ActsOnTheGivenThreadOnly()
    {
        var first = NewId("t-");
        var second = NewId("t-");
        await Layer.CreateElementAsync(new Element { Id = "same", ThreadId = first, Url = "https://example.com/1" }, cancellationToken: Ct);
        await Layer.CreateElementAsync(new Element { Id = "same", ThreadId = second, Url = "https://example.com/2" }, cancellationToken: Ct);

        await Layer.DeleteElementAsync(first, "same", Ct);

        Assert.Null(await Layer.GetElementAsync(first, "same", Ct));
        Assert.Equal("https://example.com/2", (await Layer.GetElementAsync(second, "same", Ct))?.Url);
    }

    [Fact]
    public async Task LinkElement_WithoutStorageClient_IsStoredReadAndDeleted()
    {
        var threadId = await CreateOwnedThreadAsync(NewId("u-"));
        var element = new Element
        {
            Id = NewId("e-"),
            ThreadId = threadId,
            ForId = "step-1",
            Type = ElementTypes.Image,
            Name = "chart.png",
            Display = "inline",
            Size = "large",
            Mime = "image/png",
            Page = 3,
            AutoPlay = false,
            Url = "https://example.com/chart.png?sig=abc",
        };

        var created = await Layer.CreateElementAsync(element, cancellationToken: Ct);

        Assert.Equal(element.Url, created.Url);
        var read = await Layer.GetElementAsync(threadId, element.Id, Ct);
        Assert.NotNull(read);
        Assert.Equal(element.Url, read.Url);
        Assert.Equal("step-1", read.ForId);
        Assert.Equal(ElementTypes.Image, read.Type);
        Assert.Equal("chart.png", read.Name);
        Assert.Equal("inline", read.Display);
        Assert.Equal("large", read.Size);
        Assert.Equal("image/png", read.Mime);
        Assert.Equal(3, read.Page);
        Assert.False(read.AutoPlay);
        Assert.Null(read.ObjectKey);
        var thread = await Layer.GetThreadAsync(threadId, Ct);
        Assert.Equal(element.Url, Assert.Single(thread!.Elements).Url);

        await Layer.DeleteElementAsync(threadId, element.Id, Ct);

        Assert.Null(await Layer.GetElementAsync(threadId, element.Id, Ct));
        Assert.Null(await GetRawItemAsync(ThreadPk(threadId), "ELEMENT#" + element.Id));
    }

    [Fact]
    public async Task CreateElement_WithContentButNoStorageClient_ThrowsInvalidOperationAndWritesNothing()
    {
        var threadId = NewId("t-");
        using var content = new MemoryStream(Encoding.UTF8.GetBytes("file bytes"));
        Counter.Reset();

        await Assert.ThrowsAsync<InvalidOperationException>(() =>
            Layer.CreateElementAsync(new Element { Id = "e", ThreadId = threadId, Name = "a.txt" }, content, Ct));

        Assert.Equal(0, Counter.Total);
        Assert.Null(await Layer.GetElementAsync(threadId, "e", Ct));
        Assert.Empty(await QueryPartitionAsync(ThreadPk(threadId)));
    }

    [Fact]
    public async Task GetElement_OfUnknownElement_ReturnsNull()
    {
        Assert.Null(await Layer.GetElementAsync(NewId("t-"), "e", Ct));
    }

    [Fact]
    public async Task DeleteElement_OfMissingElement_IsFine()
    {
        var threadId = NewId("t-");

        await Layer.DeleteElementAsync(threadId, "missing", Ct);

        Assert.Empty(await QueryPartitionAsync(ThreadPk(threadId)));
    }
}
