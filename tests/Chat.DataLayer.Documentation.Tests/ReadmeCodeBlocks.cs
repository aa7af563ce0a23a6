using System.Text.RegularExpressions;

namespace Chat.DataLayer.Documentation.Tests;

/// <summary>How a C# block is checked, from the HTML comment on the last non-blank line before its fence.</summary>
internal enum BlockKind
{
    /// <summary>No marker: a complete top-level program on its own.</summary>
    Program,

    /// <summary><c>&lt;!-- readme: continues --&gt;</c>: compiled after the file's previous block(s), as one program.</summary>
    Continues,

    /// <summary><c>&lt;!-- readme: fragment ... --&gt;</c>: deliberately incomplete; only its syntax is checked.</summary>
    Fragment,
}

/// <summary>A fenced code block of a README: its language, text, and where it starts (1-based line of its first code line).</summary>
internal sealed record CodeBlock(string ReadmePath, int FirstLine, string Language, string Code, BlockKind Kind)
{
    public string Location => $"{ReadmePath}:{FirstLine}";

    public override string ToString() => Location;
}

/// <summary>Finds the READMEs of the repository and the fenced code blocks in them.</summary>
internal static partial class ReadmeCodeBlocks
{
    /// <summary>The READMEs checked: the repository's, every package's and every sample's, found by globbing.</summary>
    public static IReadOnlyList<string> ReadmePaths()
    {
        var root = RepositoryRoot();
        var paths = new List<string> { Path.Combine(root, "README.md") };
        foreach (var folder in new[] { "src", "samples" })
        {
            paths.AddRange(Directory.EnumerateDirectories(Path.Combine(root, folder))
                .Select(directory => Path.Combine(directory, "README.md"))
                .Where(File.Exists)
                .Order(StringComparer.Ordinal));
        }

        return paths.Select(path => Path.GetRelativePath(root, path).Replace('\\', '/')).ToList();
    }

    public static IReadOnlyList<CodeBlock> All() => ReadmePaths().SelectMany(Parse).ToList();

    public static IReadOnlyList<CodeBlock> Parse(string readmePath) =>
        Parse(readmePath, File.ReadAllLines(Path.Combine(RepositoryRoot(), readmePath)));

    internal static IReadOnlyList<CodeBlock> Parse(string readmePath, string[] lines)
    {
        var blocks = new List<CodeBlock>();
        for (var i = 0; i < lines.Length; i++)
        {
            var open = FenceOpen().Match(lines[i]);
            if (!open.Success)
            {
                continue;
            }

            var fence = open.Groups["fence"].Value;
            var language = open.Groups["lang"].Value.Trim().ToLowerInvariant();
            var start = i + 1;
            var end = start;
            while (end < lines.Length && !lines[end].TrimStart().StartsWith(fence, StringComparison.Ordinal))
            {
                end++;
            }

            if (end == lines.Length)
            {
                throw new InvalidOperationException($"{readmePath}:{i + 1}: the code fence is never closed.");
            }

            // Indented blocks (inside a list item) are dedented by the fence's indentation.
            var indent = open.Groups["indent"].Value.Length;
            var code = string.Join('\n', lines[start..end].Select(line => line.Length >= indent && string.IsNullOrWhiteSpace(line[..indent]) ? line[indent..] : line.TrimStart()));
            blocks.Add(new CodeBlock(readmePath, start + 1, language, code, KindOf(lines, i)));
            i = end;
        }

        return blocks;
    }

    // The marker is an HTML comment on the last non-blank line before the fence (invisible on GitHub and nuget.org).
    private static BlockKind KindOf(string[] lines, int fenceLine)
    {
        for (var i = fenceLine - 1; i >= 0; i--)
        {
            if (string.IsNullOrWhiteSpace(lines[i]))
            {
                continue;
            }

            var marker = Marker().Match(lines[i]);
            if (!marker.Success)
            {
                return BlockKind.Program;
            }

            return marker.Groups["kind"].Value switch
            {
                "continues" => BlockKind.Continues,
                "fragment" => BlockKind.Fragment,
                var other => throw new InvalidOperationException($"line {i + 1}: unknown README marker 'readme: {other}' (use 'continues' or 'fragment').")
            };
        }

        return BlockKind.Program;
    }

    public static string RepositoryRoot()
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

    [GeneratedRegex(@"^(?<indent>\s*)(?<fence>```+)(?<lang>[^`]*)$")]
    private static partial Regex FenceOpen();

    [GeneratedRegex(@"^\s*<!--\s*readme:\s*(?<kind>[a-z]+)\b.*-->\s*$")]
    private static partial Regex Marker();
}
