using Xunit;

namespace Chat.DataLayer.Packaging.Tests;

/// <summary>Packs every library once per test class into a local folder feed, with a version no earlier run used.</summary>
public sealed class PackedFeed : IAsyncLifetime
{
    public static readonly string[] Packages =
        ["Chat.DataLayer", "Chat.DataLayer.DynamoDb", "Chat.DataLayer.Storage.S3", "Chat.DataLayer.Storage.AzureBlob",
         "Chat.DataLayer.AI", "Chat.DataLayer.AgentFramework"];

    private readonly SemaphoreSlim _lock = new(1, 1);
    private bool _packed;

    public string Work { get; } = Path.Combine(Path.GetTempPath(), "chat-datalayer-pack-" + Guid.NewGuid().ToString("N")[..8]);

    // Unique, so the NuGet cache can never serve a stale package from an earlier run.
    public string Version { get; } = "0.0.1-pack." + DateTime.UtcNow.ToString("yyyyMMddHHmmssfff", System.Globalization.CultureInfo.InvariantCulture);

    public string Feed => Path.Combine(Work, "feed");

    public ValueTask InitializeAsync()
    {
        Directory.CreateDirectory(Feed);
        return ValueTask.CompletedTask;
    }

    public async Task PackAsync()
    {
        await _lock.WaitAsync();
        try
        {
            if (_packed)
            {
                return;
            }

            var root = PackageConsumptionTests.RepositoryRoot();
            foreach (var id in Packages)
            {
                await PackageConsumptionTests.RunAsync("dotnet",
                    ["pack", Path.Combine(root, "src", id, $"{id}.csproj"), "-c", "Release", "-o", Feed, $"-p:Version={Version}", "-nologo"],
                    root, new Dictionary<string, string>());
            }

            _packed = true;
        }
        finally
        {
            _lock.Release();
        }
    }

    public ValueTask DisposeAsync()
    {
        _lock.Dispose();
        try
        {
            Directory.Delete(Work, recursive: true);
        }
        catch (IOException)
        {
            // Leftovers in the temp folder are harmless.
        }

        return ValueTask.CompletedTask;
    }
}
