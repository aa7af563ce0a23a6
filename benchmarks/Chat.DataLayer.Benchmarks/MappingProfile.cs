using System.Globalization;
using System.Text.Json.Nodes;
using Amazon.DynamoDBv2;
using Amazon.DynamoDBv2.Model;
using Chat.DataLayer.DynamoDb;
using Chat.DataLayer.DynamoDb.Gateway;
using Chat.DataLayer.DynamoDb.Internal;
using Chat.DataLayer.DynamoDb.Layout;

namespace Chat.DataLayer.Benchmarks;

/// <summary>
/// Where the bytes of a thread read go, counted exactly: <c>GetThreadAsync</c> over a client that answers the Query
/// with a response read beforehand (so only the layer's own work allocates), then each part of the step mapping on
/// the same items. Allocation counts are deterministic, so one run is enough. Run: <c>-- --profile</c>.
/// </summary>
internal static class MappingProfile
{
    private const int Calls = 200;

    public static async Task RunAsync(string url)
    {
        using var client = new AmazonDynamoDBClient(BenchmarkData.Credentials(), BenchmarkData.Config(url));
        await DynamoDbTableSchema.EnsureTableAsync(client, BenchmarkData.Table);
        using var data = new DynamoDbDataLayer(client, new DynamoDbDataLayerOptions { TableName = BenchmarkData.Table });
        var (threadId, query) = await ThreadReadVersusRawQuery.SeedAndCaptureAsync(data, url);
        var response = await client.QueryAsync(query);
        var steps = response.Items.Where(i => i["SK"].S.StartsWith("STEP#", StringComparison.Ordinal)).ToList();

        using var canned = new RecordingDynamoDbClient(BenchmarkData.Credentials(), BenchmarkData.Config(url)) { CannedQueryResponse = response };
        using var offline = new DynamoDbDataLayer(canned, new DynamoDbDataLayerOptions { TableName = BenchmarkData.Table });

        Console.WriteLine($"Allocated bytes and time a call (time is noisy; bytes are exact), on this thread; {steps.Count} step items, {response.Items.Count} items in all.");
        Line("GetThreadAsync without the network (the layer's own work)", () => offline.GetThreadAsync(threadId).GetAwaiter().GetResult());
        Line("StepItems.FromItem, all steps", () => steps.ForEach(s => StepItems.FromItem(s)));
        Line("  ItemReader.Object metadata, all steps", () => steps.ForEach(s => ItemReader.Object(s, "metadata")));
        Line("  ItemReader.Object generation, all steps", () => steps.ForEach(s => ItemReader.Object(s, "generation")));
        Line("  ItemReader.Timestamp x3, all steps", () => steps.ForEach(s =>
        {
            ItemReader.Timestamp(s, "createdAt");
            ItemReader.Timestamp(s, "start");
            ItemReader.Timestamp(s, "end");
        }));
        Line("  ItemReader.String x12, all steps", () => steps.ForEach(s =>
        {
            for (var i = 0; i < 12; i++)
            {
                ItemReader.String(s, "name");
            }
        }));
        Line("  new Step { } alone, all steps", () => steps.ForEach(_ => GC.KeepAlive(new Step { Id = "a", ThreadId = "b" })));
        Line("JsonNode.Parse(\"0.7\") once", () => JsonNode.Parse("0.7"));
        Line("JsonValue.Create(\"text\") once", () => JsonValue.Create("text"));
        Line("new JsonObject() + 3 properties once", () => _ = new JsonObject { ["a"] = null, ["b"] = null, ["c"] = null });
        Line("ChainlitTimestamp.TryParse once", () => ChainlitTimestamp.TryParse("2025-03-01T09:01:52.126456Z", out _));
        Line("ChainlitTimestamp.Format once", () => ChainlitTimestamp.Format(DateTimeOffset.UtcNow));
        var step = BenchmarkData.LlmStep("t", 1, DateTimeOffset.UtcNow);
        Line("StepItems.ScalarAttributes (step write)", () => StepItems.ScalarAttributes(step));
        Line("MetadataUpsert.Changes (step write)", () => MetadataUpsert.Changes(step.Metadata, "step.metadata"));
    }

    private static void Line(string what, Action action)
    {
        // Past tiered compilation's first tiers: many calls, then time for the optimised code to be installed.
        for (var i = 0; i < 100; i++)
        {
            action();
        }

        Thread.Sleep(200);
        for (var i = 0; i < 100; i++)
        {
            action();
        }

        var before = GC.GetAllocatedBytesForCurrentThread();
        var started = System.Diagnostics.Stopwatch.GetTimestamp();
        for (var i = 0; i < Calls; i++)
        {
            action();
        }

        var microseconds = System.Diagnostics.Stopwatch.GetElapsedTime(started).TotalMicroseconds / Calls;
        var bytes = (GC.GetAllocatedBytesForCurrentThread() - before) / (double)Calls;
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{bytes,12:N0} B {microseconds,10:N1} us  {what}"));
    }
}
