using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Amazon.DynamoDBv2.Model;
using Chat.DataLayer.Testing;
using Xunit;
using static Chat.DataLayer.DynamoDb.Tests.ChainlitCompatibility.ChainlitData;

namespace Chat.DataLayer.DynamoDb.Tests.ChainlitCompatibility;

/// <summary>
/// Writes through <see cref="DynamoDbDataLayer"/> into a table Chainlit wrote, then compares the raw items with
/// Chainlit's items of the same entity kind: the same attribute names with the same DynamoDB types, numbers as N,
/// timestamps as <c>yyyy-MM-ddTHH:mm:ss.ffffffZ</c>. Allowed extras: <c>displayName</c> on users, and item kinds
/// with SK <c>RATINGS</c> or <c>FAVORITE#...</c>.
/// </summary>
public sealed partial class ChainlitWriteCompatibilityTests(DynamoDbServerFixture server, ChainlitTable table)
    : ChainlitTestBase(server, table), IClassFixture<ChainlitTable>
{
    /// <summary>
    /// Types of the attributes Chainlit only ever stored as NULL in the fixture (so it cannot tell us the type), from
    /// Chainlit's own typed dicts: StepDict.language: Optional[str]; ElementDict.autoPlay: Optional[bool],
    /// chainlitKey: Optional[str], language: Optional[str], page: Optional[int], playerConfig/props: Optional[dict].
    /// </summary>
    private static readonly Dictionary<string, string> TypesOfNullOnlyAttributes = new(StringComparer.Ordinal)
    {
        ["STEP.language"] = "S",
        ["ELEMENT.autoPlay"] = "BOOL",
        ["ELEMENT.chainlitKey"] = "S",
        ["ELEMENT.language"] = "S",
        ["ELEMENT.page"] = "N",
        ["ELEMENT.playerConfig"] = "M",
        ["ELEMENT.props"] = "M",
    };

    /// <summary>
    /// Attributes we deliberately store as NULL where Chainlit's typed dict declares them Optional, although its own
    /// writes never left one NULL: ThreadDict.name (Chainlit's list_threads reads item["name"], so an unnamed thread
    /// gets a NULL name rather than no attribute).
    /// </summary>
    private static readonly HashSet<string> DeliberatelyNullable = new(StringComparer.Ordinal) { "THREAD.name" };

    [Fact]
    public async Task CreateUser_WritesChainlitsUserAttributesPlusDisplayName()
    {
        var identifier = $"writer-{Guid.NewGuid():N}@example.com";

        await Layer.CreateUserAsync(new User
        {
            Identifier = identifier,
            DisplayName = "Writer",
            Metadata = new JsonObject { ["role"] = "admin", ["quota"] = 2.5, ["teams"] = new JsonArray("a", "t0") },
        }, Ct);
        var item = await RawItemAsync("USER#" + identifier, "USER");

        CompareShape("USER", item, allowedExtras: ["displayName"]);
        Assert.Equal(identifier, item["id"].S); // Chainlit: a user's id is its identifier
        Assert.Equal("2.5", item["metadata"].M["quota"].N);
        AssertChainlitTimestamp(item["createdAt"].S);
        AssertNoProblems();
    }

    [Fact]
    public async Task CreateUser_WithoutDisplayName_WritesExactlyChainlitsUserAttributes()
    {
        var identifier = $"writer-{Guid.NewGuid():N}@example.com";

        await Layer.CreateUserAsync(new User { Identifier = identifier, Metadata = new JsonObject { ["role"] = "user" } }, Ct);

        CompareShape("USER", await RawItemAsync("USER#" + identifier, "USER"), allowedExtras: []);
        AssertNoProblems();
    }

    [Fact]
    public async Task UpdateThread_WritesExactlyChainlitsThreadAttributes()
    {
        var threadId = Guid.NewGuid().ToString();
        var userId = $"writer-{Guid.NewGuid():N}@example.com";

        await Layer.UpdateThreadAsync(threadId, name: "Thread · ünïcødé", userId: userId,
            metadata: new JsonObject { ["k"] = 1.5, ["nested"] = new JsonObject { ["a"] = new JsonArray(1, 2, "x") } },
            tags: ["peer", "user-0"], cancellationToken: Ct);
        var item = await RawItemAsync("THREAD#" + threadId, "THREAD");

        CompareShape("THREAD", item, allowedExtras: []);
        Assert.Equal("USER#" + userId, item["UserThreadPK"].S);
        Assert.Equal(userId, item["userIdentifier"].S);
        Assert.Equal(threadId, item["id"].S);
        AssertChainlitTimestamp(item["createdAt"].S);
        Assert.StartsWith("TS#", item["UserThreadSK"].S, StringComparison.Ordinal);
        AssertChainlitTimestamp(item["UserThreadSK"].S["TS#".Length..]);
        var metadata = item["metadata"].M;
        Assert.Equal("1.5", metadata["k"].N);
        Assert.Equal(["1", "2", null], metadata["nested"].M["a"].L.Select(v => v.N));
        Assert.Equal("x", metadata["nested"].M["a"].L[2].S);
        Assert.Equal(["peer", "user-0"], item["tags"].L.Select(v => v.S));
        AssertNoProblems();
    }

    [Fact]
    public async Task CreateStep_EveryFieldChainlitStoresPlusFeedback_WritesExactlyChainlitsStepAttributes()
    {
        var threadId = Guid.NewGuid().ToString();
        var stepId = Guid.NewGuid().ToString();
        var start = new DateTimeOffset(2025, 3, 1, 9, 0, 10, TimeSpan.Zero).AddTicks(1_234_560);
        await Layer.UpdateThreadAsync(threadId, name: "steps", userId: $"writer-{Guid.NewGuid():N}@example.com", cancellationToken: Ct);

        await Layer.CreateStepAsync(new Step
        {
            Id = stepId,
            ThreadId = threadId,
            ParentId = Guid.NewGuid().ToString(),
            Name = "Assistant",
            Type = StepTypes.AssistantMessage,
            Streaming = false,
            IsError = false,
            DefaultOpen = false,
            AutoCollapse = false,
            Metadata = new JsonObject { ["latency_ms"] = 812.5, ["retries"] = 0, ["model"] = "gpt-4o-mini" },
            Tags = ["run", "turn-3"],
            Input = "question",
            Output = "answer é 🌍",
            CreatedAt = start,
            Start = start,
            End = start.AddSeconds(1),
            Language = "python",
            ShowInput = "json",
            Generation = new JsonObject { ["inputTokenCount"] = 122, ["settings"] = new JsonObject { ["temperature"] = 0.7 } },
        }, Ct);
        await Layer.UpsertFeedbackAsync(new Feedback { ForId = stepId, ThreadId = threadId, Value = 1 }, Ct);
        var item = await RawItemAsync("THREAD#" + threadId, "STEP#" + stepId);

        CompareShape("STEP", item, allowedExtras: []);
        CompareFeedbackShape(item["feedback"].M);
        Assert.Equal("2025-03-01T09:00:10.123456Z", item["createdAt"].S);
        Assert.Equal("2025-03-01T09:00:10.123456Z", item["start"].S);
        Assert.Equal("2025-03-01T09:00:11.123456Z", item["end"].S);
        Assert.Equal("812.5", item["metadata"].M["latency_ms"].N);
        Assert.Equal("0", item["metadata"].M["retries"].N);
        Assert.Equal("122", item["generation"].M["inputTokenCount"].N);
        Assert.Equal("0.7", item["generation"].M["settings"].M["temperature"].N);
        Assert.Equal("1", item["feedback"].M["value"].N);
        Assert.Equal($"THREAD#{threadId}::STEP#{stepId}", item["feedback"].M["id"].S);
        AssertNoProblems();
    }

    [Theory]
    [InlineData(true, "BOOL")]
    [InlineData(false, "BOOL")]
    [InlineData(null, "S")]
    public async Task CreateStep_ShowInput_IsStoredAsBoolOrStringAsChainlitStoresIt(bool? flag, string expectedType)
    {
        var threadId = Guid.NewGuid().ToString();
        var stepId = Guid.NewGuid().ToString();

        await Layer.CreateStepAsync(new Step
        {
            Id = stepId,
            ThreadId = threadId,
            Type = StepTypes.Tool,
            ShowInput = flag is { } f ? ShowInput.FromBoolean(f) : ShowInput.FromLanguage("json"),
        }, Ct);
        var item = await RawItemAsync("THREAD#" + threadId, "STEP#" + stepId);

        Assert.Equal(expectedType, DynamoDbJson.TypeOf(item["showInput"]));
        Assert.Contains(expectedType, ChainlitTypes("STEP")["showInput"]);
    }

    [Fact]
    public async Task CreateStep_MinimalStep_WritesOnlyChainlitAttributesAndAlwaysCreatedAt()
    {
        var threadId = Guid.NewGuid().ToString();
        var stepId = Guid.NewGuid().ToString();

        await Layer.CreateStepAsync(new Step { Id = stepId, ThreadId = threadId }, Ct);
        var step = await RawItemAsync("THREAD#" + threadId, "STEP#" + stepId);
        var thread = await RawItemAsync("THREAD#" + threadId, "THREAD");

        // Chainlit's get_thread sorts steps by item["createdAt"] and fails on a step without it.
        AssertChainlitTimestamp(step["createdAt"].S);
        CompareShape("STEP", step, allowedExtras: [], requireEveryChainlitAttribute: false);
        CompareShape("THREAD", thread, allowedExtras: [], requireEveryChainlitAttribute: false);
        AssertNoProblems();
    }

    [Fact]
    public async Task UpdateStep_BeforeCreate_WritesACompleteStepChainlitCanRead()
    {
        var threadId = Guid.NewGuid().ToString();
        var stepId = Guid.NewGuid().ToString();

        await Layer.UpdateStepAsync(new Step { Id = stepId, ThreadId = threadId, Output = "late" }, Ct);
        var step = await RawItemAsync("THREAD#" + threadId, "STEP#" + stepId);

        Assert.Equal(stepId, step["id"].S);
        Assert.Equal(threadId, step["threadId"].S);
        AssertChainlitTimestamp(step["createdAt"].S);
        CompareShape("STEP", step, allowedExtras: [], requireEveryChainlitAttribute: false);
        AssertNoProblems();
    }

    [Fact]
    public async Task CreateElement_EveryFieldChainlitStores_WritesExactlyChainlitsElementAttributes()
    {
        var threadId = Guid.NewGuid().ToString();
        var elementId = Guid.NewGuid().ToString();

        await Layer.CreateElementAsync(new Element
        {
            Id = elementId,
            ThreadId = threadId,
            ForId = Guid.NewGuid().ToString(),
            Type = ElementTypes.Pdf,
            Name = "report é.pdf",
            Display = "side",
            Size = "medium",
            Language = "en",
            Page = 3,
            Props = new JsonObject { ["k"] = 1 },
            AutoPlay = false,
            PlayerConfig = new JsonObject { ["loop"] = true },
            Mime = "application/pdf",
            ChainlitKey = "key",
            Url = "https://example.com/report.pdf",
            ObjectKey = $"bob@example.com/{threadId}/{elementId}",
        }, cancellationToken: Ct);
        var item = await RawItemAsync("THREAD#" + threadId, "ELEMENT#" + elementId);

        CompareShape("ELEMENT", item, allowedExtras: []);
        Assert.Equal("3", item["page"].N);
        AssertNoProblems();
    }

    [Fact]
    public async Task Writes_AddOnlyRatingsAndFavoriteMarkerItemsBesideChainlitsKinds()
    {
        var userId = $"writer-{Guid.NewGuid():N}@example.com";
        var threadId = Guid.NewGuid().ToString();
        var step = new Step { Id = Guid.NewGuid().ToString(), ThreadId = threadId, Type = StepTypes.UserMessage, Output = "hi" };
        await Layer.CreateUserAsync(new User { Identifier = userId, DisplayName = "W" }, Ct);
        await Layer.UpdateThreadAsync(threadId, name: "markers", userId: userId, cancellationToken: Ct);
        await Layer.CreateStepAsync(step, Ct);
        await Layer.UpsertFeedbackAsync(new Feedback { ForId = step.Id, ThreadId = threadId, Value = 0 }, Ct);
        await Layer.SetStepFavoriteAsync(step, true, Ct);
        await Layer.CreateElementAsync(new Element { Id = Guid.NewGuid().ToString(), ThreadId = threadId, Url = "https://example.com/x" }, cancellationToken: Ct);

        var sortKeys = (await PartitionAsync("THREAD#" + threadId)).Concat(await PartitionAsync("USER#" + userId)).Select(i => i["SK"].S).ToList();

        var chainlitKinds = Items.Select(i => Kind(Sk(i))).ToHashSet();
        Assert.Equal(["ELEMENT", "STEP", "THREAD", "USER"], chainlitKinds.Order(StringComparer.Ordinal));
        Assert.All(sortKeys, sk => Assert.True(
            chainlitKinds.Contains(Kind(sk)) || sk == "RATINGS" || sk.StartsWith("FAVORITE#", StringComparison.Ordinal),
            $"item kind of SK '{sk}' is neither Chainlit's nor an allowed marker"));
        Assert.Contains("RATINGS", sortKeys);
        Assert.Contains(sortKeys, sk => sk.StartsWith("FAVORITE#", StringComparison.Ordinal));
        var stepItem = await RawItemAsync("THREAD#" + threadId, "STEP#" + step.Id);
        Assert.True(stepItem["metadata"].M["favorite"].BOOL); // the favourite flag Chainlit reads, as Chainlit writes it
    }

    private void CompareShape(string kind, Dictionary<string, AttributeValue> item, IReadOnlyCollection<string> allowedExtras,
        bool requireEveryChainlitAttribute = true)
    {
        var chainlit = ChainlitTypes(kind);
        foreach (var (name, value) in item)
        {
            var type = DynamoDbJson.TypeOf(value);
            if (!chainlit.TryGetValue(name, out var types))
            {
                if (!allowedExtras.Contains(name))
                {
                    Problems.Add($"{kind}: attribute '{name}' ({type}) is not in Chainlit's {kind} items");
                }

                continue;
            }

            var expected = types.Where(t => t != "NULL").ToHashSet();
            if (expected.Count == 0 && TypesOfNullOnlyAttributes.TryGetValue($"{kind}.{name}", out var documented))
            {
                expected.Add(documented);
            }

            if (type == "NULL" && DeliberatelyNullable.Contains($"{kind}.{name}"))
            {
                continue;
            }

            if (type == "NULL" ? !types.Contains("NULL") : !expected.Contains(type))
            {
                Problems.Add($"{kind}: attribute '{name}' is {type}; Chainlit stores {string.Join("/", types.Order(StringComparer.Ordinal))}");
            }
        }

        if (requireEveryChainlitAttribute)
        {
            var required = chainlit.Keys.Where(k => !(kind == "STEP" && k == "feedback"));
            foreach (var missing in required.Where(k => !item.ContainsKey(k)))
            {
                Problems.Add($"{kind}: Chainlit's attribute '{missing}' is missing");
            }
        }
    }

    private void CompareFeedbackShape(Dictionary<string, AttributeValue> feedback)
    {
        var chainlit = Steps.Where(s => Get(s, "feedback") is not null)
            .SelectMany(s => s.GetProperty("feedback").GetProperty("M").EnumerateObject())
            .GroupBy(p => p.Name, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.Select(p => DynamoDbJson.TypeOf(p.Value)).ToHashSet(), StringComparer.Ordinal);
        Assert.Equal(chainlit.Keys.Order(StringComparer.Ordinal), feedback.Keys.Order(StringComparer.Ordinal));
        foreach (var (name, value) in feedback)
        {
            Assert.Contains(DynamoDbJson.TypeOf(value), chainlit[name]);
        }
    }

    private static Dictionary<string, HashSet<string>> ChainlitTypes(string kind) =>
        Items.Where(i => Kind(Sk(i)) == kind)
            .SelectMany(i => i.EnumerateObject())
            .GroupBy(p => p.Name, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.Select(p => DynamoDbJson.TypeOf(p.Value)).ToHashSet(StringComparer.Ordinal), StringComparer.Ordinal);

    private static void AssertChainlitTimestamp(string? text)
    {
        Assert.NotNull(text);
        Assert.Matches(TimestampPattern(), text);
    }

    [GeneratedRegex(@"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{6}Z$")]
    private static partial Regex TimestampPattern();

    private async Task<Dictionary<string, AttributeValue>> RawItemAsync(string pk, string sk)
    {
        var item = await GetRawItemAsync(pk, sk);
        Assert.True(item is not null, $"no item {pk} / {sk}");
        return item;
    }

    private Task<List<Dictionary<string, AttributeValue>>> PartitionAsync(string pk) => QueryPartitionAsync(pk);

}
