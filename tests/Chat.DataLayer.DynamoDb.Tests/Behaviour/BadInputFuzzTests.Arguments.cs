using System.Text;
using System.Text.Json.Nodes;
using Xunit;

namespace Chat.DataLayer.DynamoDb.Tests.Behaviour;

/// <summary>Arguments DynamoDB would refuse (empty keys, null modes, tampered cursors) are refused before any request.</summary>
public sealed partial class BadInputFuzzTests
{
    public static TheoryData<string> RefusedArguments() =>
    [
        "Thread.Metadata.EmptyKey", "Step.Metadata.EmptyKey", "UpdateStep.Metadata.EmptyKey", "Step.Modes.NullValue",
        "User.Metadata.EmptyKey",
        "ListThreads.Cursor.OversizedPosition", "ListThreads.Cursor.OversizedThreadKey", "ListThreads.Cursor.LoneSurrogate",
    ];

    private (Func<Task> Call, string Param) RefusedArgument(string call, string cursorUser, string cursor)
    {
        var threadId = NewId("t-");
        Step S() => new() { Id = NewId("s-"), ThreadId = threadId, Type = StepTypes.UserMessage, Output = "hi" };
        return call switch
        {
            "Thread.Metadata.EmptyKey" => (() => Layer.UpdateThreadAsync(threadId, name: "n", userId: cursorUser, metadata: new JsonObject { [""] = 1 }, cancellationToken: Ct), "metadata"),
            "Step.Metadata.EmptyKey" => (() => { var s = S(); s.Metadata = new JsonObject { [""] = "v" }; return Layer.CreateStepAsync(s, Ct); }, "step"),
            "UpdateStep.Metadata.EmptyKey" => (() => { var s = S(); s.Metadata = new JsonObject { ["ok"] = 1, [""] = "v" }; return Layer.UpdateStepAsync(s, Ct); }, "step"),
            "Step.Modes.NullValue" => (() => { var s = S(); s.Modes = new Dictionary<string, string> { ["m"] = null! }; return Layer.CreateStepAsync(s, Ct); }, "step"),
            "User.Metadata.EmptyKey" => (() => Layer.CreateUserAsync(new User { Identifier = NewId("u-"), Metadata = new JsonObject { [""] = 1 } }, Ct), "user"),
            "ListThreads.Cursor.OversizedPosition" => (() => Layer.ListThreadsAsync(new Pagination(1, Tamper(cursor, "ts", "TS#" + new string('9', 2000))), new ThreadFilter(cursorUser), Ct), "pagination"),
            "ListThreads.Cursor.OversizedThreadKey" => (() => Layer.ListThreadsAsync(new Pagination(1, Tamper(cursor, "pk", "THREAD#" + new string('x', 3000))), new ThreadFilter(cursorUser), Ct), "pagination"),
            "ListThreads.Cursor.LoneSurrogate" => (() => Layer.ListThreadsAsync(new Pagination(1, Tamper(cursor, "pk", "THREAD#x\\ud800")), new ThreadFilter(cursorUser), Ct), "pagination"),
            _ => throw new ArgumentOutOfRangeException(nameof(call), call, "unknown call"),
        };
    }

    [Theory]
    [MemberData(nameof(RefusedArguments))]
    public async Task ArgumentDynamoDbWouldRefuse_IsAnArgumentExceptionBeforeAnyRequest(string call)
    {
        var user = NewId("u-");
        await CreateOwnedThreadAsync(user);
        await CreateOwnedThreadAsync(user);
        var cursor = (await Layer.ListThreadsAsync(new Pagination(1), new ThreadFilter(user), Ct)).PageInfo.EndCursor!;
        var before = await ScanAsync();
        Counter.Reset();

        var (run, param) = RefusedArgument(call, user, cursor);
        await AssertRefusedAsync(run, param, call);

        Assert.Equal(0, Counter.Total);
        Assert.Equal(before, await ScanAsync());
    }

    /// <summary>Rewrites one member of a cursor's JSON (<paramref name="jsonText"/> as written inside the quotes), keeping its fingerprint.</summary>
    private static string Tamper(string cursor, string member, string jsonText)
    {
        var base64 = cursor.Replace('-', '+').Replace('_', '/');
        base64 = base64.PadRight(base64.Length + (4 - base64.Length % 4) % 4, '=');
        var json = JsonNode.Parse(Convert.FromBase64String(base64))!.AsObject();
        json[member] = "@@";
        var text = json.ToJsonString().Replace("\"@@\"", "\"" + jsonText + "\"", StringComparison.Ordinal);
        return Convert.ToBase64String(Encoding.UTF8.GetBytes(text)).TrimEnd('=').Replace('+', '-').Replace('/', '_');
    }

    [Fact]
    public async Task EmptyKeysBelowTheTopLevel_AreStoredAndReadBack()
    {
        var threadId = NewId("t-");
        var nested = new JsonObject { ["k"] = new JsonObject { [""] = 1, ["l"] = new JsonArray(new JsonObject { [""] = "" }) } };
        await Layer.UpdateThreadAsync(threadId, metadata: (JsonObject)nested.DeepClone(), cancellationToken: Ct);
        await Layer.CreateStepAsync(new Step
        {
            Id = "s", ThreadId = threadId, Type = StepTypes.Tool, Metadata = (JsonObject)nested.DeepClone(),
            Generation = new JsonObject { [""] = "g" }, Modes = new Dictionary<string, string> { [""] = "o" },
        }, Ct);
        await Layer.CreateElementAsync(new Element { Id = "e", ThreadId = threadId, Url = "https://x", Props = new JsonObject { [""] = 1 } }, cancellationToken: Ct);

        var thread = await Layer.GetThreadAsync(threadId, Ct);
        Assert.True(JsonNode.DeepEquals(nested, thread!.Metadata));
        var step = Assert.Single(thread.Steps!);
        Assert.True(JsonNode.DeepEquals(nested, step.Metadata));
        Assert.Equal("g", (string?)step.Generation![""]);
        Assert.Equal("o", step.Modes![""]);
        Assert.Equal(1, (int?)(await Layer.GetElementAsync(threadId, "e", Ct))!.Props![""]);
    }
}
