using System.Text.Json;
using System.Text.Json.Nodes;
using Amazon.DynamoDBv2.Model;
using Chat.DataLayer.Testing;
using Xunit;

namespace Chat.DataLayer.DynamoDb.Tests.Behaviour;

/// <summary>
/// A fuzz of hostile input (ids with lone surrogates, control characters, 2 KB ids, empty keys, CLR-typed
/// <see cref="JsonValue"/>s, tampered cursors): every bad argument is an <see cref="ArgumentException"/> naming the
/// argument, raised before any request, and the table is exactly as before (a full Scan before and after).
/// </summary>
public sealed partial class BadInputFuzzTests(DynamoDbServerFixture server, TestTable table)
    : DataLayerTestBase(server, table), IClassFixture<TestTable>
{
    /// <summary>Strings that are not valid UTF-16: the SDK would send each lone surrogate as U+FFFD.</summary>
    private static readonly string[] InvalidUtf16 =
    [
        "mallory\uD800",
        "mallory\uDBFF",
        "victim\uDC00",
        "victim\uDFFF",
        "\uDC00\uD800",
        "a\uD83Db",
    ];

    public static TheoryData<string> IdCalls() =>
    [
        "GetUser", "CreateUser", "UpsertFeedback.ThreadId", "UpsertFeedback.ForId", "DeleteFeedback",
        "CreateElement.Id", "CreateElement.ThreadId", "GetElement.ThreadId", "GetElement.ElementId",
        "DeleteElement.ThreadId", "DeleteElement.ElementId", "CreateStep.Id", "CreateStep.ThreadId",
        "UpdateStep.Id", "UpdateStep.ThreadId", "DeleteStep.ThreadId", "DeleteStep.StepId", "GetThreadAuthor",
        "GetThread", "UpdateThread", "UpdateThread.UserId", "DeleteThread", "ListThreads.UserId", "GetFavoriteSteps",
        "SetStepFavorite.Id", "SetStepFavorite.ThreadId",
    ];

    /// <summary>Calls a method with <paramref name="bad"/> as one id; returns the call and the argument it must name.</summary>
    private (Func<Task> Call, string Param) IdCall(string call, string bad)
    {
        var ok = NewId("ok-");
        return call switch
        {
            "GetUser" => (() => Layer.GetUserAsync(bad, Ct), "identifier"),
            "CreateUser" => (() => Layer.CreateUserAsync(new User { Identifier = bad }, Ct), "user"),
            "UpsertFeedback.ThreadId" => (() => Layer.UpsertFeedbackAsync(new Feedback { ThreadId = bad, ForId = ok, Value = 1 }, Ct), "feedback"),
            "UpsertFeedback.ForId" => (() => Layer.UpsertFeedbackAsync(new Feedback { ThreadId = ok, ForId = bad, Value = 1 }, Ct), "feedback"),
            "DeleteFeedback" => (() => Layer.DeleteFeedbackAsync(FeedbackId.Format(ok, bad), Ct), "feedbackId"),
            "CreateElement.Id" => (() => Layer.CreateElementAsync(new Element { Id = bad, ThreadId = ok, Url = "https://x" }, cancellationToken: Ct), "element"),
            "CreateElement.ThreadId" => (() => Layer.CreateElementAsync(new Element { Id = ok, ThreadId = bad, Url = "https://x" }, cancellationToken: Ct), "element"),
            "GetElement.ThreadId" => (() => Layer.GetElementAsync(bad, ok, Ct), "threadId"),
            "GetElement.ElementId" => (() => Layer.GetElementAsync(ok, bad, Ct), "elementId"),
            "DeleteElement.ThreadId" => (() => Layer.DeleteElementAsync(bad, ok, Ct), "threadId"),
            "DeleteElement.ElementId" => (() => Layer.DeleteElementAsync(ok, bad, Ct), "elementId"),
            "CreateStep.Id" => (() => Layer.CreateStepAsync(new Step { Id = bad, ThreadId = ok }, Ct), "step"),
            "CreateStep.ThreadId" => (() => Layer.CreateStepAsync(new Step { Id = ok, ThreadId = bad }, Ct), "step"),
            "UpdateStep.Id" => (() => Layer.UpdateStepAsync(new Step { Id = bad, ThreadId = ok }, Ct), "step"),
            "UpdateStep.ThreadId" => (() => Layer.UpdateStepAsync(new Step { Id = ok, ThreadId = bad }, Ct), "step"),
            "DeleteStep.ThreadId" => (() => Layer.DeleteStepAsync(bad, ok, Ct), "threadId"),
            "DeleteStep.StepId" => (() => Layer.DeleteStepAsync(ok, bad, Ct), "stepId"),
            "GetThreadAuthor" => (() => Layer.GetThreadAuthorAsync(bad, Ct), "threadId"),
            "GetThread" => (() => Layer.GetThreadAsync(bad, Ct), "threadId"),
            "UpdateThread" => (() => Layer.UpdateThreadAsync(bad, name: "n", cancellationToken: Ct), "threadId"),
            "UpdateThread.UserId" => (() => Layer.UpdateThreadAsync(ok, name: "n", userId: bad, cancellationToken: Ct), "userId"),
            "DeleteThread" => (() => Layer.DeleteThreadAsync(bad, Ct), "threadId"),
            "ListThreads.UserId" => (() => Layer.ListThreadsAsync(new Pagination(5), new ThreadFilter(bad), Ct), "filter"),
            "GetFavoriteSteps" => (() => Layer.GetFavoriteStepsAsync(bad, Ct), "userId"),
            "SetStepFavorite.Id" => (() => Layer.SetStepFavoriteAsync(new Step { Id = bad, ThreadId = ok }, true, Ct), "step"),
            "SetStepFavorite.ThreadId" => (() => Layer.SetStepFavoriteAsync(new Step { Id = ok, ThreadId = bad }, true, Ct), "step"),
            _ => throw new ArgumentOutOfRangeException(nameof(call), call, "unknown call"),
        };
    }

    [Theory]
    [MemberData(nameof(IdCalls))]
    public async Task IdNotValidUtf16_IsRefusedNamingTheArgumentAndWritesNothing(string call)
    {
        var before = await ScanAsync();
        Counter.Reset();
        foreach (var bad in InvalidUtf16)
        {
            var (run, param) = IdCall(call, bad);
            await AssertRefusedAsync(run, param, $"{call} with {Escape(bad)}");
        }

        Assert.Equal(0, Counter.Total);
        Assert.Equal(before, await ScanAsync());
    }

    [Theory]
    [MemberData(nameof(IdCalls))]
    public async Task IdOf2KB_IsRefusedNamingTheArgumentAndWritesNothing(string call)
    {
        var before = await ScanAsync();
        Counter.Reset();
        var (run, param) = IdCall(call, new string('x', 2048));
        await AssertRefusedAsync(run, param, call);

        Assert.Equal(0, Counter.Total);
        Assert.Equal(before, await ScanAsync());
    }

    [Fact]
    public async Task IdsWithControlCharacters_AreStoredExactlyAndKeptApart()
    {
        var user = NewId("u-");
        var threads = new[] { "\u0000", "\u0001", "\t", "\n", "\u007F", "\u001F\u001E" }.Select(c => NewId("t-") + c).ToList();
        foreach (var threadId in threads)
        {
            await CreateOwnedThreadAsync(user, name: threadId, threadId: threadId);
            await CreateStepAsync(threadId, stepId: "s" + threadId[^1..]);
        }

        foreach (var threadId in threads)
        {
            var thread = await Layer.GetThreadAsync(threadId, Ct);
            Assert.Equal(threadId, thread!.Id);
            Assert.Equal("s" + threadId[^1..], Assert.Single(thread.Steps!).Id);
        }

        Assert.Equal(threads.Order(StringComparer.Ordinal), (await ListIdsAsync(user)).Order(StringComparer.Ordinal));
    }

    public static TheoryData<string> ContentCalls() =>
    [
        "Step.Name", "Step.Input", "Step.Output", "Step.Tags", "Step.Modes", "Step.Metadata.Value", "Step.Metadata.Key",
        "Step.Generation", "Thread.Name", "Thread.Tags", "Thread.Metadata.Value", "Thread.Metadata.Key", "Thread.Metadata.NestedKey",
        "User.DisplayName", "User.Metadata", "Element.Name", "Element.Props",
    ];

    private (Func<Task> Call, string Param) ContentCall(string call, string bad)
    {
        var threadId = NewId("t-");
        Step S() => new() { Id = NewId("s-"), ThreadId = threadId, Type = StepTypes.UserMessage };
        return call switch
        {
            "Step.Name" => (() => { var s = S(); s.Name = bad; return Layer.CreateStepAsync(s, Ct); }, "step"),
            "Step.Input" => (() => { var s = S(); s.Input = bad; return Layer.CreateStepAsync(s, Ct); }, "step"),
            "Step.Output" => (() => { var s = S(); s.Output = bad; return Layer.UpdateStepAsync(s, Ct); }, "step"),
            "Step.Tags" => (() => { var s = S(); s.Tags = ["ok", bad]; return Layer.CreateStepAsync(s, Ct); }, "step"),
            "Step.Modes" => (() => { var s = S(); s.Modes = new Dictionary<string, string> { ["m"] = bad }; return Layer.CreateStepAsync(s, Ct); }, "step"),
            "Step.Metadata.Value" => (() => { var s = S(); s.Metadata = new JsonObject { ["k"] = bad }; return Layer.CreateStepAsync(s, Ct); }, "step"),
            "Step.Metadata.Key" => (() => { var s = S(); s.Metadata = new JsonObject { [bad] = 1 }; return Layer.CreateStepAsync(s, Ct); }, "step"),
            "Step.Generation" => (() => { var s = S(); s.Generation = new JsonObject { ["a"] = new JsonArray(bad) }; return Layer.CreateStepAsync(s, Ct); }, "step"),
            "Thread.Name" => (() => Layer.UpdateThreadAsync(threadId, name: bad, cancellationToken: Ct), "name"),
            "Thread.Tags" => (() => Layer.UpdateThreadAsync(threadId, tags: ["ok", bad], cancellationToken: Ct), "tags"),
            "Thread.Metadata.Value" => (() => Layer.UpdateThreadAsync(threadId, metadata: new JsonObject { ["k"] = bad }, cancellationToken: Ct), "metadata"),
            "Thread.Metadata.Key" => (() => Layer.UpdateThreadAsync(threadId, metadata: new JsonObject { [bad] = 1 }, cancellationToken: Ct), "metadata"),
            "Thread.Metadata.NestedKey" => (() => Layer.UpdateThreadAsync(threadId, metadata: new JsonObject { ["k"] = new JsonObject { [bad] = 1 } }, cancellationToken: Ct), "metadata"),
            "User.DisplayName" => (() => Layer.CreateUserAsync(new User { Identifier = NewId("u-"), DisplayName = bad }, Ct), "user"),
            "User.Metadata" => (() => Layer.CreateUserAsync(new User { Identifier = NewId("u-"), Metadata = new JsonObject { ["k"] = bad } }, Ct), "user"),
            "Element.Name" => (() => Layer.CreateElementAsync(new Element { Id = NewId("e-"), ThreadId = threadId, Url = "https://x", Name = bad }, cancellationToken: Ct), "element"),
            "Element.Props" => (() => Layer.CreateElementAsync(new Element { Id = NewId("e-"), ThreadId = threadId, Url = "https://x", Props = new JsonObject { ["p"] = bad } }, cancellationToken: Ct), "element"),
            _ => throw new ArgumentOutOfRangeException(nameof(call), call, "unknown call"),
        };
    }

    [Theory]
    [MemberData(nameof(ContentCalls))]
    public async Task ContentNotValidUtf16_IsRefusedNamingTheArgumentAndWritesNothing(string call)
    {
        var before = await ScanAsync();
        Counter.Reset();
        foreach (var bad in InvalidUtf16)
        {
            var (run, param) = ContentCall(call, bad);
            await AssertRefusedAsync(run, param, $"{call} with {Escape(bad)}");
        }

        Assert.Equal(0, Counter.Total);
        Assert.Equal(before, await ScanAsync());
    }

    private static async Task AssertRefusedAsync(Func<Task> run, string param, string what)
    {
        var error = await Record.ExceptionAsync(run);
        var argument = Assert.IsAssignableFrom<ArgumentException>(error);
        Assert.True(argument.ParamName is { } name && (name == param || name.StartsWith(param + ".", StringComparison.Ordinal) ||
                                                        name.StartsWith("thread." + param, StringComparison.Ordinal)),
            $"{what}: the exception names '{argument.ParamName}', not '{param}'");
    }

    private static string Escape(string s) => string.Concat(s.Select(c => c < 128 && !char.IsControl(c) ? c.ToString() : $"\\u{(int)c:X4}"));

    /// <summary>Every item of the table, each serialized, sorted: equal before and after means nothing was written.</summary>
    private async Task<List<string>> ScanAsync()
    {
        var items = new List<string>();
        Dictionary<string, AttributeValue>? start = null;
        do
        {
            var response = await Raw.ScanAsync(new ScanRequest { TableName = TableName, ExclusiveStartKey = start, ConsistentRead = true }, Ct);
            items.AddRange((response.Items ?? []).Select(Serialize));
            start = response.LastEvaluatedKey is { Count: > 0 } last ? last : null;
        }
        while (start is not null);

        items.Sort(StringComparer.Ordinal);
        return items;
    }

    private static string Serialize(Dictionary<string, AttributeValue> item) =>
        string.Join(";", item.OrderBy(kv => kv.Key, StringComparer.Ordinal).Select(kv => kv.Key + "=" + Serialize(kv.Value)));

    private static string Serialize(AttributeValue v) =>
        v.S is not null ? "S:" + JsonSerializer.Serialize(v.S)
        : v.N is not null ? "N:" + v.N
        : v.BOOL is { } b ? "B:" + b
        : v.NULL == true ? "NULL"
        : v.M is not null ? "M{" + Serialize(v.M) + "}"
        : v.L is not null ? "L[" + string.Join(",", v.L.Select(Serialize)) + "]"
        : "?";
}
