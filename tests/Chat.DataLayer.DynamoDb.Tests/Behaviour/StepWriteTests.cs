using System.Text.Json.Nodes;
using Chat.DataLayer.Testing;
using Xunit;

namespace Chat.DataLayer.DynamoDb.Tests.Behaviour;

/// <summary>
/// Step writes: CreateStep makes a missing thread; every write is an upsert of the non-null members, so writes
/// can arrive in any order, twice, or before the create, without losing or half-writing anything.
/// </summary>
public sealed class StepWriteTests(DynamoDbServerFixture server, TestTable table)
    : DataLayerTestBase(server, table), IClassFixture<TestTable>
{
    [Fact]
    public async Task CreateStep_OnMissingThread_CreatesTheThreadRecord()
    {
        var threadId = NewId("t-");

        var step = await CreateStepAsync(threadId, type: StepTypes.UserMessage);

        var thread = await Layer.GetThreadAsync(threadId, Ct);
        Assert.NotNull(thread);
        Assert.Equal(threadId, thread.Id);
        Assert.Equal(Clock.GetUtcNow(), thread.CreatedAt);
        Assert.Equal([step.Id], thread.Steps.Select(s => s.Id));
        Assert.NotNull(await GetRawItemAsync(ThreadPk(threadId), "THREAD"));
    }

    [Fact]
    public async Task ThreadCreatedByCreateStep_IsListedOnceUpdateThreadGivesItAnOwner()
    {
        var threadId = NewId("t-");
        var userId = NewId("u-");
        var created = Clock.GetUtcNow();
        await CreateStepAsync(threadId, type: StepTypes.UserMessage);
        Assert.Empty(await ListIdsAsync(userId));

        Clock.Advance(TimeSpan.FromSeconds(1));
        await Layer.UpdateThreadAsync(threadId, name: "named later", userId: userId, cancellationToken: Ct);

        var listed = Assert.Single((await Layer.ListThreadsAsync(new Pagination(5), new ThreadFilter(userId), Ct)).Data);
        Assert.Equal(threadId, listed.Id);
        Assert.Equal("named later", listed.Name);
        Assert.Equal(created, (await Layer.GetThreadAsync(threadId, Ct))!.CreatedAt);
    }

    [Fact]
    public async Task UpdateStep_TouchesOnlyNonNullMembers()
    {
        var threadId = NewId("t-");
        var full = new Step
        {
            Id = NewId("s-"),
            ThreadId = threadId,
            ParentId = "parent",
            Name = "assistant",
            Type = StepTypes.AssistantMessage,
            Input = "question",
            Output = "draft",
            Tags = ["x"],
            Language = "markdown",
            Streaming = true,
            IsError = false,
            Metadata = new JsonObject { ["m"] = 1 },
            Generation = new JsonObject { ["model"] = "gpt" },
            ShowInput = "json",
            Start = Clock.GetUtcNow(),
        };
        await Layer.CreateStepAsync(full, Ct);

        Clock.Advance(TimeSpan.FromSeconds(1));
        await Layer.UpdateStepAsync(new Step { Id = full.Id, ThreadId = threadId, Output = "final", Streaming = false }, Ct);

        var step = Assert.Single((await Layer.GetThreadAsync(threadId, Ct))!.Steps);
        Assert.Equal("final", step.Output);
        Assert.False(step.Streaming);
        Assert.Equal("parent", step.ParentId);
        Assert.Equal("assistant", step.Name);
        Assert.Equal(StepTypes.AssistantMessage, step.Type);
        Assert.Equal("question", step.Input);
        Assert.Equal(["x"], step.Tags);
        Assert.Equal("markdown", step.Language);
        Assert.False(step.IsError);
        Assert.Equal("""{"m":1}""", step.Metadata?.ToJsonString());
        Assert.Equal("""{"model":"gpt"}""", step.Generation?.ToJsonString());
        Assert.Equal("json", step.ShowInput?.Language);
        Assert.Equal(full.Start, step.Start);
        Assert.Equal(full.Start, step.CreatedAt);
    }

    [Fact]
    public async Task UpdateStep_MergesMetadataKeyByKey()
    {
        var threadId = NewId("t-");
        var step = await CreateStepAsync(threadId, metadata: new JsonObject { ["a"] = 1, ["b"] = 2 });

        await Layer.UpdateStepAsync(new Step { Id = step.Id, ThreadId = threadId, Metadata = new JsonObject { ["b"] = null, ["c"] = 3 } }, Ct);

        var stored = Assert.Single((await Layer.GetThreadAsync(threadId, Ct))!.Steps).Metadata;
        Assert.True(JsonNode.DeepEquals(JsonNode.Parse("""{"a":1,"c":3}"""), stored), stored?.ToJsonString());
    }

    [Fact]
    public async Task UpdateStepThenCreateStepWithEmptyOutput_KeepsTheFinalOutput()
    {
        var threadId = NewId("t-");
        var stepId = NewId("s-");

        await Layer.UpdateStepAsync(new Step { Id = stepId, ThreadId = threadId, Output = "final" }, Ct);
        await Layer.CreateStepAsync(new Step { Id = stepId, ThreadId = threadId, Type = StepTypes.AssistantMessage, Output = "", Input = "" }, Ct);

        var step = Assert.Single((await Layer.GetThreadAsync(threadId, Ct))!.Steps);
        Assert.Equal("final", step.Output);
        Assert.Equal(StepTypes.AssistantMessage, step.Type);
    }

    [Fact]
    public async Task CreateStepTwice_IsHarmless()
    {
        var threadId = NewId("t-");
        var created = Clock.GetUtcNow();
        var step = await CreateStepAsync(threadId, output: "hello", metadata: new JsonObject { ["k"] = "v" });

        Clock.Advance(TimeSpan.FromMinutes(1));
        await Layer.CreateStepAsync(step, Ct);

        var thread = await Layer.GetThreadAsync(threadId, Ct);
        var stored = Assert.Single(thread!.Steps);
        Assert.Equal("hello", stored.Output);
        Assert.Equal("""{"k":"v"}""", stored.Metadata?.ToJsonString());
        Assert.Equal(created, stored.CreatedAt);
        Assert.Equal(created, thread.CreatedAt);
        Assert.Equal([StepSk(step.Id), "THREAD"], (await SortKeysOfAsync(ThreadPk(threadId))).Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task NullMembersInALaterWrite_NeverClearStoredValues()
    {
        var threadId = NewId("t-");
        var stepId = NewId("s-");
        await Layer.CreateStepAsync(new Step
        {
            Id = stepId,
            ThreadId = threadId,
            Name = "n",
            Type = StepTypes.Tool,
            ParentId = "p",
            Input = "in",
            Output = "out",
            Tags = ["t"],
            Command = "cmd",
            Icon = "icon",
            Modes = new Dictionary<string, string> { ["m"] = "o" },
            WaitForAnswer = true,
            DefaultOpen = true,
            AutoCollapse = false,
            Metadata = new JsonObject { ["k"] = 1 },
            Generation = new JsonObject { ["g"] = 2 },
            ShowInput = true,
            End = Clock.GetUtcNow(),
        }, Ct);

        await Layer.CreateStepAsync(new Step { Id = stepId, ThreadId = threadId }, Ct);
        await Layer.UpdateStepAsync(new Step { Id = stepId, ThreadId = threadId, Metadata = [] }, Ct);

        var step = Assert.Single((await Layer.GetThreadAsync(threadId, Ct))!.Steps);
        Assert.Equal("n", step.Name);
        Assert.Equal(StepTypes.Tool, step.Type);
        Assert.Equal("p", step.ParentId);
        Assert.Equal("in", step.Input);
        Assert.Equal("out", step.Output);
        Assert.Equal(["t"], step.Tags);
        Assert.Equal("cmd", step.Command);
        Assert.Equal("icon", step.Icon);
        Assert.Equal(new Dictionary<string, string> { ["m"] = "o" }, step.Modes);
        Assert.True(step.WaitForAnswer);
        Assert.True(step.DefaultOpen);
        Assert.False(step.AutoCollapse);
        Assert.Equal("""{"k":1}""", step.Metadata?.ToJsonString());
        Assert.Equal("""{"g":2}""", step.Generation?.ToJsonString());
        Assert.True(step.ShowInput?.Flag);
        Assert.Equal(Clock.GetUtcNow(), step.End);
    }

    [Fact]
    public async Task UpdateStepBeforeCreateStep_WritesACompleteStep()
    {
        var threadId = NewId("t-");
        var stepId = NewId("s-");

        await Layer.UpdateStepAsync(new Step { Id = stepId, ThreadId = threadId, Output = "early" }, Ct);

        var item = await GetRawItemAsync(ThreadPk(threadId), StepSk(stepId));
        Assert.NotNull(item);
        Assert.Equal(stepId, item["id"].S);
        Assert.Equal(threadId, item["threadId"].S);
        Assert.Equal(Clock.GetUtcNow(), DateTimeOffset.Parse(item["createdAt"].S, System.Globalization.CultureInfo.InvariantCulture));
        Assert.Equal("early", item["output"].S);
    }

    [Theory]
    [InlineData("true")]
    [InlineData("false")]
    [InlineData("json")]
    [InlineData("python")]
    public async Task ShowInput_RoundTripsWithItsKind(string value)
    {
        var threadId = NewId("t-");
        ShowInput showInput = value switch
        {
            "true" => true,
            "false" => false,
            _ => value,
        };

        await Layer.CreateStepAsync(new Step { Id = "s", ThreadId = threadId, ShowInput = showInput }, Ct);

        var step = Assert.Single((await Layer.GetThreadAsync(threadId, Ct))!.Steps);
        Assert.Equal(showInput, step.ShowInput);
        Assert.Equal(showInput.IsLanguage, step.ShowInput!.IsLanguage);
        var raw = (await GetRawItemAsync(ThreadPk(threadId), StepSk("s")))!["showInput"];
        if (showInput.IsLanguage)
        {
            Assert.Equal(value, raw.S);
        }
        else
        {
            Assert.Equal(value == "true", raw.BOOL);
        }
    }

    [Fact]
    public async Task StepWithModesCommandIconAndWaitForAnswer_RoundTrips()
    {
        var threadId = NewId("t-");
        var modes = new Dictionary<string, string> { ["model"] = "gpt-4o", ["reasoning"] = "high", ["é"] = "ü" };

        await Layer.CreateStepAsync(new Step
        {
            Id = "s",
            ThreadId = threadId,
            Type = StepTypes.UserMessage,
            Modes = modes,
            Command = "search",
            Icon = "https://example.com/icon.svg",
            WaitForAnswer = true,
        }, Ct);

        var step = Assert.Single((await Layer.GetThreadAsync(threadId, Ct))!.Steps);
        Assert.Equal(modes, step.Modes);
        Assert.Equal("search", step.Command);
        Assert.Equal("https://example.com/icon.svg", step.Icon);
        Assert.True(step.WaitForAnswer);
    }

    [Fact]
    public async Task WaitForAnswerFalse_RoundTripsAsFalseNotNull()
    {
        var threadId = NewId("t-");

        await Layer.CreateStepAsync(new Step { Id = "s", ThreadId = threadId, WaitForAnswer = false, Streaming = false }, Ct);

        var step = Assert.Single((await Layer.GetThreadAsync(threadId, Ct))!.Steps);
        Assert.False(step.WaitForAnswer);
        Assert.False(step.Streaming);
    }

    [Fact]
    public async Task UpdateStep_OnStepWrittenWithNullMetadata_WritesTheGivenKeys()
    {
        var threadId = await CreateOwnedThreadAsync(NewId("u-"));
        await PutRawItemAsync(new Dictionary<string, Amazon.DynamoDBv2.Model.AttributeValue>
        {
            ["PK"] = new() { S = ThreadPk(threadId) },
            ["SK"] = new() { S = StepSk("s") },
            ["id"] = new() { S = "s" },
            ["threadId"] = new() { S = threadId },
            ["createdAt"] = new() { S = "2025-03-01T09:00:00.000000Z" },
            ["metadata"] = new() { NULL = true },
        });

        await Layer.UpdateStepAsync(new Step { Id = "s", ThreadId = threadId, Metadata = new JsonObject { ["a"] = 1 } }, Ct);

        Assert.Equal("""{"a":1}""", Assert.Single((await Layer.GetThreadAsync(threadId, Ct))!.Steps).Metadata?.ToJsonString());
    }

    [Fact]
    public async Task CreateStep_ThatTheServiceRefuses_LeavesTheThreadListAndTheTableUnchanged()
    {
        var userId = NewId("u-");
        var refused = await CreateOwnedThreadAsync(userId);
        var stepId = NewId("s-");
        await CreateStepAsync(refused, stepId, output: new string('o', 300 * 1024));
        var newer = await CreateOwnedThreadAsync(userId);
        Clock.Advance(TimeSpan.FromSeconds(1));
        Assert.Equal([newer, refused], await ListIdsAsync(userId));
        var before = await ScanTableAsync();

        // 300 KB stored + 300 KB more: only the service can tell, and it refuses the step's update.
        await Assert.ThrowsAsync<ItemTooLargeException>(() => Layer.CreateStepAsync(
            new Step { Id = stepId, ThreadId = refused, Type = StepTypes.UserMessage, Input = new string('i', 300 * 1024) }, Ct));

        Assert.Equal([newer, refused], await ListIdsAsync(userId)); // the refused thread did not jump to the top
        Assert.Equal(before, await ScanTableAsync());
    }

    [Fact]
    public async Task CreateStep_ThatTheServiceRefuses_OnAPartitionWithoutThreadRecord_CreatesNoThreadRecord()
    {
        var threadId = NewId("t-");
        await PutRawItemAsync(new Dictionary<string, Amazon.DynamoDBv2.Model.AttributeValue>
        {
            ["PK"] = new() { S = ThreadPk(threadId) },
            ["SK"] = new() { S = StepSk("s") },
            ["id"] = new() { S = "s" },
            ["threadId"] = new() { S = threadId },
            ["output"] = new() { S = new string('o', 300 * 1024) },
        });
        var before = await ScanTableAsync();

        await Assert.ThrowsAsync<ItemTooLargeException>(() => Layer.CreateStepAsync(
            new Step { Id = "s", ThreadId = threadId, Type = StepTypes.AssistantMessage, Input = new string('i', 300 * 1024) }, Ct));

        Assert.Equal([StepSk("s")], await SortKeysOfAsync(ThreadPk(threadId))); // no empty thread record appeared
        Assert.Equal(before, await ScanTableAsync());
    }

    /// <summary>Every item of the class's table, each as canonical JSON (attribute names sorted), in key order.</summary>
    private async Task<List<string>> ScanTableAsync()
    {
        var items = new List<string>();
        Dictionary<string, Amazon.DynamoDBv2.Model.AttributeValue>? start = null;
        do
        {
            var response = await Raw.ScanAsync(new Amazon.DynamoDBv2.Model.ScanRequest
            {
                TableName = TableName,
                ConsistentRead = true,
                ExclusiveStartKey = start,
            }, Ct);
            items.AddRange((response.Items ?? []).Select(i => Canonical(new Amazon.DynamoDBv2.Model.AttributeValue { M = i })!.ToJsonString()));
            start = response.LastEvaluatedKey is { Count: > 0 } last ? last : null;
        }
        while (start is not null);

        items.Sort(StringComparer.Ordinal);
        return items;
    }

    private static JsonNode? Canonical(Amazon.DynamoDBv2.Model.AttributeValue value) =>
        value.M is { } map ? new JsonObject(map.OrderBy(kv => kv.Key, StringComparer.Ordinal)
                .Select(kv => KeyValuePair.Create(kv.Key, Canonical(kv.Value))))
        : value.L is { } list ? new JsonArray([.. list.Select(Canonical)])
        : value.S is { } s ? new JsonObject { ["S"] = s }
        : value.N is { } n ? new JsonObject { ["N"] = n }
        : value.BOOL is { } b ? new JsonObject { ["BOOL"] = b }
        : value.NULL is true ? new JsonObject { ["NULL"] = true }
        : new JsonObject { ["other"] = value.B is { } bytes ? Convert.ToBase64String(bytes.ToArray()) : "?" };
}
