using System.Text.Json;
using System.Text.Json.Nodes;
using Chat.DataLayer.Testing;
using Microsoft.Extensions.AI;
using Xunit;

namespace Chat.DataLayer.AI.Tests;

/// <summary>Every serializable content type of Microsoft.Extensions.AI.Abstractions 10.11.0 through dynalite and s3rver.</summary>
public sealed class RoundTripTests(DynamoDbServerFixture server, AiTable table, S3ServerFixture s3)
    : AiTestBase(server, table), IClassFixture<AiTable>, IClassFixture<S3ServerFixture>
{
    internal static List<ChatMessage> EveryContentType()
    {
        var image = new byte[1024 * 1024];
        new Random(42).NextBytes(image);
        var additional = new AdditionalPropertiesDictionary
        {
            ["decimal"] = 12345678901234567890.123456789m,
            ["long"] = long.MaxValue,
            ["double"] = 0.1,
            ["empty"] = "",
            ["nested"] = JsonSerializer.Deserialize<JsonElement>("""{"list":[1,2.50,"x",null,{"deep":1E+2}],"flag":true}"""),
        };
        var call1 = new FunctionCallContent("call-1", "get_weather", new Dictionary<string, object?> { ["city"] = "Oslo", ["days"] = 3 });
        var call2 = new FunctionCallContent("call-2", "add", new Dictionary<string, object?> { ["a"] = 1.5, ["b"] = 2 }) { InformationalOnly = false };
        return
        [
            new ChatMessage(ChatRole.System, "You are terse."),
            new ChatMessage(ChatRole.User, [new TextContent("Hello, "), new TextContent("world: ünïcödé ✓")])
            {
                AuthorName = "alice",
                CreatedAt = new DateTimeOffset(2026, 1, 2, 3, 4, 5, 678, TimeSpan.FromHours(2)),
                MessageId = "user-1",
                AdditionalProperties = additional,
            },
            new ChatMessage(ChatRole.User,
            [
                new TextContent("Look at this"),
                new DataContent(image, "image/png") { Name = "noise.png" },
                new UriContent("https://example.com/cat.jpg", "image/jpeg"),
                new HostedFileContent("file-abc"),
            ]),
            new ChatMessage(ChatRole.Assistant,
            [
                new TextReasoningContent("Thinking about the weather.") { ProtectedData = "opaque-encrypted" },
                new TextContent("Let me check.")
                {
                    Annotations =
                    [
                        new CitationAnnotation { Title = "Met", Url = new Uri("https://met.no/"), Snippet = "rain", ToolName = "web", FileId = "f1" },
                    ],
                },
                call1,
                call2,
                new UsageContent(new UsageDetails
                {
                    InputTokenCount = 10, OutputTokenCount = 20, TotalTokenCount = 30, CachedInputTokenCount = 4, ReasoningTokenCount = 5,
                    AdditionalCounts = new AdditionalPropertiesDictionary<long> { ["custom"] = 7 },
                }),
            ])
            { AuthorName = "bot", MessageId = "assistant-1" },
            new ChatMessage(ChatRole.Tool,
            [
                new FunctionResultContent("call-1", "rain, 4°C"),
                new FunctionResultContent("call-2", new Dictionary<string, object?> { ["sum"] = 3.5 }),
            ]),
            new ChatMessage(ChatRole.Assistant, [new ErrorContent("rate limited") { ErrorCode = "429", Details = "retry later" }]),
            new ChatMessage(ChatRole.Assistant,
                [new ToolApprovalRequestContent("approval-1", new FunctionCallContent("call-3", "delete_file", new Dictionary<string, object?> { ["path"] = "/tmp/x" }))]),
            new ChatMessage(ChatRole.User,
                [new ToolApprovalResponseContent("approval-1", true, new FunctionCallContent("call-3", "delete_file", new Dictionary<string, object?> { ["path"] = "/tmp/x" }))]),
            new ChatMessage(new ChatRole("critic"), "A custom role is kept."),
            new ChatMessage(ChatRole.Assistant, "Done."),
        ];
    }

    [Fact]
    public async Task EveryContentType_ComesBackEqual_WithFileBytesInStorageNotInTheItems()
    {
        var layer = await CreateLayerWithS3Async(s3);
        var threadId = NewId("t-");
        var written = EveryContentType();

        await layer.AddChatMessagesAsync(threadId, written, Ct);
        var read = await layer.GetChatMessagesAsync(threadId, Ct);

        Assert.Equal(Json(written), Json(read));
        var thread = await layer.GetThreadAsync(threadId, Ct);
        var element = Assert.Single(thread!.Elements, e => e.Mime == "image/png");
        Assert.False(string.IsNullOrEmpty(element.ObjectKey));
        Assert.Equal(ElementTypes.Image, element.Type);
        var largest = thread.Steps.Max(s => JsonSerializer.Serialize(s).Length);
        Assert.True(largest < 100_000, $"a step item holds {largest} characters: file bytes went into the table");
    }

    [Fact]
    public async Task SameMessagesAddedTwice_LeaveOneCopy()
    {
        var layer = await CreateLayerWithS3Async(s3);
        var threadId = NewId("t-");
        var written = EveryContentType();

        await layer.AddChatMessagesAsync(threadId, written, Ct);
        var before = await layer.GetThreadAsync(threadId, Ct);
        await layer.AddChatMessagesAsync(threadId, EveryContentType(), Ct);
        await layer.AddChatMessagesAsync(threadId, written.Take(3), Ct);
        var after = await layer.GetThreadAsync(threadId, Ct);

        Assert.Equal(before!.Steps.Select(s => s.Id).Order(), after!.Steps.Select(s => s.Id).Order());
        Assert.Equal(before.Elements.Count, after.Elements.Count);
        Assert.Equal(Json(written), Json(await layer.GetChatMessagesAsync(threadId, Ct)));
    }

    [Fact]
    public async Task MessagesReadBack_AndSentAgainWithChanges_AreNotDuplicated()
    {
        var threadId = NewId("t-");
        await Layer.AddChatMessagesAsync(threadId, [new ChatMessage(ChatRole.User, "hi"), new ChatMessage(ChatRole.Assistant, "hello")], Ct);
        var history = await Layer.GetChatMessagesAsync(threadId, Ct);
        foreach (var message in history)
        {
            (message.AdditionalProperties ??= [])["tagged-by-a-framework"] = "x";
        }

        await Layer.AddChatMessagesAsync(threadId, [.. history, new ChatMessage(ChatRole.User, "again")], Ct);

        var read = await Layer.GetChatMessagesAsync(threadId, Ct);
        Assert.Equal(["hi", "hello", "again"], read.Select(m => m.Text));
    }

    [Fact]
    public async Task IdenticalMessagesInOneCall_AreKeptApart_AndInOrder()
    {
        var threadId = NewId("t-");
        List<ChatMessage> messages = [new(ChatRole.User, "yes"), new(ChatRole.Assistant, "ok"), new(ChatRole.User, "yes"), new(ChatRole.Assistant, "ok")];

        await Layer.AddChatMessagesAsync(threadId, messages, Ct);
        await Layer.AddChatMessagesAsync(threadId, messages, Ct);

        var read = await Layer.GetChatMessagesAsync(threadId, Ct);
        Assert.Equal(["yes", "ok", "yes", "ok"], read.Select(m => m.Text));
    }

    [Fact]
    public async Task MessagesWithEarlierCreatedAt_AddedLater_StillReadInTheOrderAdded()
    {
        var threadId = NewId("t-");
        await Layer.AddChatMessagesAsync(threadId, [new ChatMessage(ChatRole.User, "first") { CreatedAt = DateTimeOffset.UtcNow }], Ct);
        await Layer.AddChatMessagesAsync(threadId, [new ChatMessage(ChatRole.Assistant, "second") { CreatedAt = DateTimeOffset.UtcNow.AddHours(-1) }], Ct);

        var read = await Layer.GetChatMessagesAsync(threadId, Ct);

        Assert.Equal(["first", "second"], read.Select(m => m.Text));
        Assert.Equal(DateTimeOffset.UtcNow.AddHours(-1), read[1].CreatedAt!.Value, TimeSpan.FromMinutes(1));
    }

    [Fact]
    public async Task AWriteThatFailedHalfway_RetriedWithTheSameMessages_EndsWithOneCopyOfEach()
    {
        var threadId = NewId("t-");
        var failing = new CountingDataLayer(await CreateLayerWithS3Async(s3)) { FailCreateStepCall = 4 };
        var written = EveryContentType();

        await Assert.ThrowsAsync<HttpRequestException>(() => failing.AddChatMessagesAsync(threadId, written, Ct));
        failing.FailCreateStepCall = 0;
        await failing.AddChatMessagesAsync(threadId, written, Ct);

        Assert.Equal(Json(written), Json(await failing.GetChatMessagesAsync(threadId, Ct)));
        var thread = await failing.GetThreadAsync(threadId, Ct);
        Assert.Equal(thread!.Steps.Count, thread.Steps.Select(s => s.Id).Distinct().Count());
        Assert.Single(thread.Elements, e => e.Mime == "image/png");
    }

    [Fact]
    public async Task WithoutDownloads_FilesComeBackAsTheirSignedUrls()
    {
        var layer = await CreateLayerWithS3Async(s3);
        var threadId = NewId("t-");
        var bytes = new byte[] { 1, 2, 3, 4, 5 };
        await layer.AddChatMessagesAsync(threadId, [new ChatMessage(ChatRole.User, [new TextContent("file"), new DataContent(bytes, "application/pdf")])], Ct);

        var message = Assert.Single(await layer.GetChatMessagesAsync(threadId, new ChatMessageReadOptions { DownloadData = false }, Ct));

        var uri = Assert.Single(message.Contents.OfType<UriContent>());
        Assert.Equal("application/pdf", uri.MediaType);
        using var http = new HttpClient();
        Assert.Equal(bytes, await http.GetByteArrayAsync(uri.Uri, Ct));
    }

    [Fact]
    public async Task UnknownThread_ReadsAsEmpty()
    {
        Assert.Empty(await Layer.GetChatMessagesAsync(NewId("missing-"), Ct));
    }

    [Fact]
    public async Task ContentOfAnUnknownType_RoundTripsAsItWas()
    {
        var threadId = NewId("t-");
        await Layer.AddChatMessagesAsync(threadId, [new ChatMessage(ChatRole.Assistant, "placeholder") { MessageId = "m1" }], Ct);
        // A newer Microsoft.Extensions.AI wrote a content type this version does not know.
        var future = """{"$type":"hologram","frames":[1,2,3],"note":"from the future"}""";
        var exact = $$"""{"role":"assistant","contents":[{"$type":"text","text":"see"},{{future}}],"messageId":"m1"}""";
        await Layer.UpdateStepAsync(new Step
        {
            Id = "m1",
            ThreadId = threadId,
            Metadata = new JsonObject
            {
                ["chat.datalayer.ai"] = new JsonObject
                {
                    ["v"] = 1, ["kind"] = "message", ["role"] = "assistant", ["id"] = "m1",
                    ["at"] = "2026-01-01T00:00:00.000000Z", ["order"] = "", ["message"] = exact,
                },
            },
        }, Ct);

        var read = Assert.Single(await Layer.GetChatMessagesAsync(threadId, Ct));
        var copyThread = NewId("t-");
        await Layer.AddChatMessagesAsync(copyThread, [read], Ct);
        var copied = await Layer.GetThreadAsync(copyThread, Ct);

        Assert.Equal("see", read.Text);
        Assert.Equal(2, read.Contents.Count);
        var stored = (string)copied!.Steps.Single().Metadata!["chat.datalayer.ai"]!["message"]!;
        Assert.Contains(future, stored, StringComparison.Ordinal);
    }
}
