// Benchmarks: data-layer operations as a ratio against raw SDK calls, against dynalite started here (or the
// endpoint in CHAT_DATALAYER_DYNAMODB_URL). Run: dotnet run -c Release --project benchmarks/Chat.DataLayer.Benchmarks
// (add --job short for a quick look; --profile counts the mapping's allocations part by part; --side-by-side [rounds]
// runs the issue-7 comparisons interleaved in one process). Only the Ratio column is meaningful: the emulator dominates absolute times.
using BenchmarkDotNet.Running;
using Chat.DataLayer.Benchmarks;
using Chat.DataLayer.Emulators;

var url = Environment.GetEnvironmentVariable("CHAT_DATALAYER_DYNAMODB_URL");
await using var dynalite = url is null
    ? await EmulatorProcess.StartAsync("dynalite", (port, _) =>
        ["--host", EmulatorProcess.Host, "--port", port.ToString(System.Globalization.CultureInfo.InvariantCulture),
         "--createTableMs", "0", "--deleteTableMs", "0", "--updateTableMs", "0"])
    : null;

// Benchmark processes are children: they find the server through the environment.
Environment.SetEnvironmentVariable(Program.EndpointVariable, url ?? dynalite!.ServiceUrl);
if (args is ["--profile", ..])
{
    // Exact allocation counts of the mapping, part by part (see MappingProfile).
    await MappingProfile.RunAsync(url ?? dynalite!.ServiceUrl);
    return;
}

if (args is ["--side-by-side", ..])
{
    // The issue-7 comparisons interleaved in one process: median time and bytes a call (see SideBySide).
    await SideBySide.RunAsync(url ?? dynalite!.ServiceUrl, args.Length > 1 ? int.Parse(args[1], System.Globalization.CultureInfo.InvariantCulture) : 400);
    return;
}

BenchmarkSwitcher.FromAssembly(typeof(DataLayerVersusRawSdk).Assembly).Run(args.Length == 0 ? ["--filter", "*"] : args);

public partial class Program
{
    public const string EndpointVariable = "CHAT_DATALAYER_BENCHMARK_DYNAMODB_URL";
}
