using System.Text.Json.Nodes;
using Chat.DataLayer.Testing;
using Xunit;

namespace Chat.DataLayer.DynamoDb.Tests.Behaviour;

/// <summary>A metadata merge too large for one DynamoDB update expression is refused up front, not half-sent.</summary>
public sealed class MetadataMergeLimitTests(DynamoDbServerFixture server, TestTable table)
    : DataLayerTestBase(server, table), IClassFixture<TestTable>
{
    [Fact]
    public async Task A_merge_of_100_keys_into_an_existing_map_lands_in_one_request()
    {
        var threadId = await CreateOwnedThreadAsync(NewId("u-"));
        var metadata = Keys(100);
        Counter.Reset();

        await Layer.UpdateThreadAsync(threadId, metadata: metadata, cancellationToken: Ct);

        Assert.Equal(1, Counter.Count("UpdateItem"));
        var stored = (await Layer.GetThreadAsync(threadId, Ct))!.Metadata!;
        Assert.Equal(100, stored.Count(kv => kv.Key.StartsWith("key-", StringComparison.Ordinal)));
    }

    [Fact]
    public async Task A_merge_too_large_for_one_expression_is_an_ArgumentException_and_writes_nothing()
    {
        var threadId = await CreateOwnedThreadAsync(NewId("u-"));
        await Layer.UpdateThreadAsync(threadId, metadata: new JsonObject { ["keep"] = "me" }, cancellationToken: Ct);
        var before = (await GetRawItemAsync(ThreadPk(threadId), "THREAD"))!;
        Counter.Reset();

        var error = await Assert.ThrowsAsync<ArgumentException>(() =>
            Layer.UpdateThreadAsync(threadId, name: "renamed", metadata: Keys(400), cancellationToken: Ct));

        Assert.Equal("metadata", error.ParamName);
        Assert.Equal(0, Counter.Count("UpdateItem"));
        var after = (await GetRawItemAsync(ThreadPk(threadId), "THREAD"))!;
        Assert.Equal(before["name"].S, after["name"].S);
        Assert.Equal(before["metadata"].M.Keys.Order(), after["metadata"].M.Keys.Order());
    }

    [Fact]
    public async Task A_new_step_with_many_metadata_keys_is_written_whole()
    {
        var threadId = NewId("t-");
        var stepId = NewId("s-");

        await Layer.CreateStepAsync(new Step { Id = stepId, ThreadId = threadId, Metadata = Keys(400) }, Ct);

        var step = Assert.Single((await Layer.GetThreadAsync(threadId, Ct))!.Steps);
        Assert.Equal(400, step.Metadata!.Count);
    }

    private static JsonObject Keys(int count)
    {
        var metadata = new JsonObject();
        for (var i = 0; i < count; i++)
        {
            metadata[$"key-{i:000}"] = i;
        }

        return metadata;
    }
}
