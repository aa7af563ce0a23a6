using System.Diagnostics;
using System.Globalization;
using Amazon.DynamoDBv2;
using Amazon.DynamoDBv2.Model;
using Chat.DataLayer.DynamoDb;

namespace Chat.DataLayer.Benchmarks;

/// <summary>
/// The two comparisons of issue 7 run interleaved in one process (ours, then the baseline, then the baseline first,
/// alternating), so that a noisy machine slows both alike: median time a call and allocated bytes a call (all
/// threads, as BenchmarkDotNet's MemoryDiagnoser counts them). Run: <c>-- --side-by-side [rounds]</c>.
/// </summary>
internal static class SideBySide
{
    public static async Task RunAsync(string url, int rounds)
    {
        using var client = new AmazonDynamoDBClient(BenchmarkData.Credentials(), BenchmarkData.Config(url));
        await DynamoDbTableSchema.EnsureTableAsync(client, BenchmarkData.Table);
        using var data = new DynamoDbDataLayer(client, new DynamoDbDataLayerOptions { TableName = BenchmarkData.Table });

        var (threadId, query) = await ThreadReadVersusRawQuery.SeedAndCaptureAsync(data, url);
        var read = await CompareAsync(rounds, _ => data.GetThreadAsync(threadId), _ => client.QueryAsync(query));
        Report("GetThreadAsync (50 steps, metadata + generation) vs raw Query", read);

        var warmup = Math.Max(rounds / 10, 20);
        var steps = CreateStepVersusRawUpdates.NewSteps(rounds + warmup);
        var requests = CreateStepVersusRawUpdates.BuildRequestPairs(url, CreateStepVersusRawUpdates.NewSteps(rounds + warmup));
        var write = await CompareAsync(rounds, i => data.CreateStepAsync(steps[i]),
            async i =>
            {
                await client.UpdateItemAsync(requests[i].First);
                await client.UpdateItemAsync(requests[i].Second);
            });
        Report("CreateStepAsync vs raw SDK, same two UpdateItems one after the other", write);
    }

    private sealed record Result(double[] OursMs, double[] RawMs, double OursBytes, double RawBytes);

    private static async Task<Result> CompareAsync(int rounds, Func<int, Task> ours, Func<int, Task> raw)
    {
        var warmup = Math.Max(rounds / 10, 20);
        var oursMs = new List<double>();
        var rawMs = new List<double>();
        long oursBytes = 0, rawBytes = 0;
        for (var i = 0; i < rounds + warmup; i++)
        {
            var oursFirst = i % 2 == 0;
            var (a, aBytes) = await MeasureAsync(oursFirst ? ours : raw, i);
            var (b, bBytes) = await MeasureAsync(oursFirst ? raw : ours, i);
            if (i < warmup)
            {
                continue;
            }

            oursMs.Add(oursFirst ? a : b);
            rawMs.Add(oursFirst ? b : a);
            oursBytes += oursFirst ? aBytes : bBytes;
            rawBytes += oursFirst ? bBytes : aBytes;
        }

        return new Result([.. oursMs], [.. rawMs], (double)oursBytes / rounds, (double)rawBytes / rounds);
    }

    private static async Task<(double Ms, long Bytes)> MeasureAsync(Func<int, Task> call, int i)
    {
        var before = GC.GetTotalAllocatedBytes(precise: true);
        var started = Stopwatch.GetTimestamp();
        await call(i);
        var elapsed = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
        return (elapsed, GC.GetTotalAllocatedBytes(precise: true) - before);
    }

    private static void Report(string title, Result r)
    {
        double Median(double[] xs)
        {
            var s = xs.Order().ToArray();
            return s.Length % 2 == 1 ? s[s.Length / 2] : (s[(s.Length / 2) - 1] + s[s.Length / 2]) / 2;
        }

        var ours = Median(r.OursMs);
        var raw = Median(r.RawMs);
        // The median of per-round ratios too: each round's two calls ran back to back.
        var perRound = Median([.. r.OursMs.Zip(r.RawMs, (o, b) => o / b)]);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{title}: rounds {r.OursMs.Length}; median time {ours:F3} ms vs {raw:F3} ms = {ours / raw:F3}x " +
            $"(median per-round ratio {perRound:F3}x); allocated {r.OursBytes / 1024:F1} KB vs {r.RawBytes / 1024:F1} KB = {r.OursBytes / r.RawBytes:F3}x"));
    }
}
