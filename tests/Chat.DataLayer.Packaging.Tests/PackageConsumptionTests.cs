using System.Diagnostics;
using System.IO.Compression;
using System.Xml.Linq;
using Chat.DataLayer.Testing;
using Xunit;

namespace Chat.DataLayer.Packaging.Tests;

/// <summary>
/// Proof that the libraries work as packages, not only as project references: pack them into a local folder,
/// restore them into a fresh console project, register the data layer through DI and write/read one thread.
/// </summary>
public sealed class PackageConsumptionTests(DynamoDbServerFixture dynamo, PackedFeed packed) : IClassFixture<PackedFeed>
{
    private static readonly string[] Packages = PackedFeed.Packages;

    private string Work => packed.Work;

    private string PackageVersion => packed.Version;

    private string Feed => packed.Feed;

    private Task PackAsync() => packed.PackAsync();

    [Fact]
    public async Task Packages_carry_readme_license_docs_symbols_and_repository_metadata()
    {
        await PackAsync();
        foreach (var id in Packages)
        {
            var nupkg = Path.Combine(Feed, $"{id}.{PackageVersion}.nupkg");
            Assert.True(File.Exists(nupkg), $"{id} was not packed.");
            Assert.True(File.Exists(Path.Combine(Feed, $"{id}.{PackageVersion}.snupkg")), $"{id} has no symbol package.");
            using var zip = ZipFile.OpenRead(nupkg);
            var entries = zip.Entries.Select(e => e.FullName).ToHashSet();
            Assert.Contains("README.md", entries);
            foreach (var tfm in new[] { "net8.0", "net10.0" })
            {
                Assert.Contains($"lib/{tfm}/{id}.dll", entries);
                Assert.Contains($"lib/{tfm}/{id}.xml", entries);
            }

            var nuspecEntry = zip.Entries.Single(e => e.FullName.EndsWith(".nuspec", StringComparison.Ordinal));
            using var stream = nuspecEntry.Open();
            var nuspec = XDocument.Load(stream);
            var metadata = nuspec.Root!.Elements().Single(e => e.Name.LocalName == "metadata");
            string? Value(string name) => metadata.Elements().FirstOrDefault(e => e.Name.LocalName == name)?.Value;
            Assert.Equal("MIT", Value("license"));
            Assert.Equal("README.md", Value("readme"));
            Assert.False(string.IsNullOrWhiteSpace(Value("description")));
            var repository = metadata.Elements().Single(e => e.Name.LocalName == "repository");
            Assert.Equal("git", repository.Attribute("type")?.Value);
            Assert.False(string.IsNullOrEmpty(repository.Attribute("commit")?.Value), $"{id}: SourceLink recorded no commit.");
        }
    }

    [Fact]
    public async Task A_fresh_project_restores_the_packages_and_writes_and_reads_through_DI()
    {
        dynamo.EnsureAvailable();
        await PackAsync();
        var app = Path.Combine(Work, "consumer");
        Directory.CreateDirectory(app);
        var templates = Path.Combine(AppContext.BaseDirectory, "Consumer");
        File.WriteAllText(Path.Combine(app, "Consumer.csproj"),
            File.ReadAllText(Path.Combine(templates, "Consumer.csproj.template")).Replace("$(ChatDataLayerVersion)", PackageVersion, StringComparison.Ordinal));
        File.Copy(Path.Combine(templates, "Program.cs.template"), Path.Combine(app, "Program.cs"));
        // Isolated from the repository's build settings and central package versions.
        File.WriteAllText(Path.Combine(app, "Directory.Build.props"), "<Project />");
        File.WriteAllText(Path.Combine(app, "Directory.Packages.props"), "<Project />");
        File.WriteAllText(Path.Combine(app, "nuget.config"), $"""
            <?xml version="1.0" encoding="utf-8"?>
            <configuration>
              <packageSources>
                <clear />
                <add key="local" value="{Feed}" />
                <add key="nuget.org" value="https://api.nuget.org/v3/index.json" />
              </packageSources>
            </configuration>
            """);

        var table = DynamoDbServerFixture.UniqueTableName("pack");
        var output = await RunAsync("dotnet", ["run", "--project", app, "-c", "Release"], app, new Dictionary<string, string>
        {
            ["CONSUMER_DYNAMODB_URL"] = dynamo.ServiceUrl!,
            ["CONSUMER_TABLE"] = table,
        });
        Assert.Contains("READBACK:from a package|hello from a package", output, StringComparison.Ordinal);
        Assert.Contains("AI:user=ping|assistant=pong|DataLayerChatHistoryProvider", output, StringComparison.Ordinal);
    }

    internal static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Chat.DataLayer.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException("Chat.DataLayer.sln not found above " + AppContext.BaseDirectory);
    }

    internal static async Task<string> RunAsync(string file, string[] args, string workingDirectory, Dictionary<string, string> environment)
    {
        var start = new ProcessStartInfo(file, args)
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var (key, value) in environment)
        {
            start.Environment[key] = value;
        }

        // The child build must not inherit the test host's MSBuild settings.
        foreach (var key in new[] { "MSBuildExtensionsPath", "MSBUILD_EXE_PATH", "MSBuildSDKsPath", "DOTNET_HOST_PATH" })
        {
            start.Environment.Remove(key);
        }

        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(5));
        await process.WaitForExitAsync(timeout.Token);
        var output = await stdout + await stderr;
        Assert.True(process.ExitCode == 0, $"'{file} {string.Join(' ', args)}' exited {process.ExitCode}:\n{output}");
        return output;
    }
}
