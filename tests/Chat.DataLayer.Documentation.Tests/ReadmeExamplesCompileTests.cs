using System.Text.Json;
using Xunit;

namespace Chat.DataLayer.Documentation.Tests;

/// <summary>
/// Every C# block of README.md, src/*/README.md and samples/*/README.md compiles against the packages; every JSON block
/// parses. The conventions (a block is a whole program unless an HTML comment before its fence says
/// <c>readme: continues</c> or <c>readme: fragment</c>) are in docs/design.md, "Documentation".
/// </summary>
public sealed class ReadmeExamplesCompileTests
{
    private static readonly string[] CSharpLanguages = ["csharp", "cs", "c#"];

    public static TheoryData<string> CSharpBlocks()
    {
        var data = new TheoryData<string>();
        foreach (var block in CSharpBlocksInFiles())
        {
            data.Add(block.Location);
        }

        return data;
    }

    public static TheoryData<string> JsonBlocks()
    {
        var data = new TheoryData<string>();
        foreach (var block in ReadmeCodeBlocks.All().Where(b => b.Language == "json"))
        {
            data.Add(block.Location);
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(CSharpBlocks))]
    public void CSharp_block_compiles(string location)
    {
        var block = CSharpBlocksInFiles().Single(b => b.Location == location);
        if (block.Kind == BlockKind.Fragment)
        {
            var syntaxErrors = ReadmeCompiler.SyntaxErrors(block);
            Assert.True(syntaxErrors.Count == 0, $"The C# fragment at {location} has syntax errors:\n" + string.Join('\n', syntaxErrors));
            return;
        }

        var program = Programs().Single(p => p[^1].Location == location);

        var errors = ReadmeCompiler.CompileErrors(program);

        Assert.True(errors.Count == 0,
            $"The C# block at {location} does not compile" +
            (program.Count > 1 ? $" (with the blocks it continues, from {program[0].Location})" : "") +
            ":\n" + string.Join('\n', errors));
    }

    [Theory]
    [MemberData(nameof(JsonBlocks))]
    public void Json_block_parses(string location)
    {
        var block = ReadmeCodeBlocks.All().Single(b => b.Location == location);

        var exception = Record.Exception(() => JsonDocument.Parse(block.Code).Dispose());

        Assert.True(exception is null, $"The JSON block at {location} does not parse: {exception?.Message}");
    }

    [Fact]
    public void Every_package_and_sample_README_is_checked()
    {
        var readmes = ReadmeCodeBlocks.ReadmePaths();

        Assert.Contains("README.md", readmes);
        foreach (var package in new[] { "Chat.DataLayer", "Chat.DataLayer.DynamoDb", "Chat.DataLayer.Storage.S3", "Chat.DataLayer.Storage.AzureBlob" })
        {
            Assert.Contains($"src/{package}/README.md", readmes);
        }

        Assert.Contains("samples/ChatApp/README.md", readmes);
    }

    [Fact]
    public void Every_package_README_has_a_compiled_example()
    {
        foreach (var readme in ReadmeCodeBlocks.ReadmePaths().Where(p => p.StartsWith("src/", StringComparison.Ordinal)))
        {
            Assert.True(
                ReadmeCodeBlocks.Parse(readme).Any(b => CSharpLanguages.Contains(b.Language) && b.Kind != BlockKind.Fragment),
                $"{readme} has no compiled C# example.");
        }
    }

    [Fact]
    public void A_block_that_continues_has_a_block_before_it()
    {
        foreach (var readme in ReadmeCodeBlocks.ReadmePaths())
        {
            var blocks = ReadmeCodeBlocks.Parse(readme).Where(b => CSharpLanguages.Contains(b.Language) && b.Kind != BlockKind.Fragment).ToList();
            Assert.True(blocks.Count == 0 || blocks[0].Kind != BlockKind.Continues,
                $"{blocks.FirstOrDefault()?.Location}: 'readme: continues' on the first C# block of the file; it continues nothing.");
        }
    }

    [Fact]
    public void The_parser_finds_blocks_markers_and_lines()
    {
        string[] lines =
        [
            "# Title",                        // 1
            "```csharp",                      // 2
            "var a = 1;",                     // 3
            "```",                            // 4
            "<!-- readme: continues -->",     // 5
            "```csharp",                      // 6
            "Console.WriteLine(a);",          // 7
            "```",                            // 8
            "<!-- readme: fragment: a member -->", // 9
            "",                               // 10
            "```cs",                          // 11
            "public int X { get; }",          // 12
            "```",                            // 13
            "```json",                        // 14
            "{}",                             // 15
            "```",                            // 16
        ];

        var blocks = ReadmeCodeBlocks.Parse("X.md", lines);

        Assert.Equal(
            [("csharp", 3, BlockKind.Program), ("csharp", 7, BlockKind.Continues), ("cs", 12, BlockKind.Fragment), ("json", 15, BlockKind.Program)],
            blocks.Select(b => (b.Language, b.FirstLine, b.Kind)));
    }

    [Fact]
    public void A_compile_error_names_the_README_and_line()
    {
        var block = new CodeBlock("docs/X.md", 40, "csharp", "using System;\n\nvar x = 1;\nint y = \"text\";", BlockKind.Program);

        var errors = ReadmeCompiler.CompileErrors([block]);

        Assert.Contains(errors, e => e.StartsWith("docs/X.md:43: CS0029", StringComparison.Ordinal));
    }

    private static IEnumerable<CodeBlock> CSharpBlocksInFiles() =>
        ReadmeCodeBlocks.All().Where(b => CSharpLanguages.Contains(b.Language));

    // Each program is a block with the blocks that continue it, in file order.
    private static IEnumerable<IReadOnlyList<CodeBlock>> Programs()
    {
        foreach (var readme in ReadmeCodeBlocks.ReadmePaths())
        {
            var chain = new List<CodeBlock>();
            foreach (var block in ReadmeCodeBlocks.Parse(readme).Where(b => CSharpLanguages.Contains(b.Language) && b.Kind != BlockKind.Fragment))
            {
                if (block.Kind == BlockKind.Program)
                {
                    chain = [];
                }

                chain.Add(block);
                yield return chain.ToList();
            }
        }
    }
}
