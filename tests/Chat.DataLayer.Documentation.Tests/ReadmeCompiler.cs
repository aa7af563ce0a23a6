using System.Text;
using System.Text.RegularExpressions;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace Chat.DataLayer.Documentation.Tests;

/// <summary>
/// Compiles README C# blocks the way a reader pastes them into a new console or web project (as a top-level program,
/// or as a library when a block only declares types):
/// C# latest, nullable enabled, the console SDK's implicit usings, and every assembly this test project loads (all
/// packages of the repository and what the examples use besides them). Diagnostics point at README lines.
/// </summary>
internal static partial class ReadmeCompiler
{
    // The implicit usings of Microsoft.NET.Sdk (a console app); a web app has these and more.
    private const string ImplicitUsings = """
        global using System;
        global using System.Collections.Generic;
        global using System.IO;
        global using System.Linq;
        global using System.Net.Http;
        global using System.Threading;
        global using System.Threading.Tasks;
        """;

    private static readonly CSharpParseOptions ParseOptions = new(LanguageVersion.Latest);

    private static readonly Lazy<IReadOnlyList<MetadataReference>> References = new(() =>
        ((string)AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES")!)
            .Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .Where(path => path.EndsWith(".dll", StringComparison.OrdinalIgnoreCase))
            .Select(path => (MetadataReference)MetadataReference.CreateFromFile(path))
            .ToList());

    /// <summary>Compiles <paramref name="blocks"/> (a program and the blocks that continue it) as one program.</summary>
    /// <returns>The errors, each as "README.md:LINE: CSxxxx message"; empty when it compiles.</returns>
    public static IReadOnlyList<string> CompileErrors(IReadOnlyList<CodeBlock> blocks)
    {
        // Using directives of every block first (C# requires them before statements), then the statements in order;
        // #line directives keep each line's README position.
        var usings = new StringBuilder();
        var statements = new StringBuilder();
        foreach (var block in blocks)
        {
            var lines = block.Code.Split('\n');
            var firstStatement = 0;
            while (firstStatement < lines.Length && (UsingDirective().IsMatch(lines[firstStatement]) || string.IsNullOrWhiteSpace(lines[firstStatement])))
            {
                firstStatement++;
            }

            AppendLines(usings, block, lines, 0, firstStatement);
            AppendLines(statements, block, lines, firstStatement, lines.Length);
        }

        var program = CSharpSyntaxTree.ParseText(usings.Append(statements).ToString(), ParseOptions, "Program.cs", Encoding.UTF8);

        // Top-level statements make a program; a block of type declarations only (a class to paste) is a library.
        var kind = program.GetCompilationUnitRoot().Members.OfType<GlobalStatementSyntax>().Any()
            ? OutputKind.ConsoleApplication
            : OutputKind.DynamicallyLinkedLibrary;
        var compilation = CSharpCompilation.Create(
            "ReadmeExample",
            [CSharpSyntaxTree.ParseText(ImplicitUsings, ParseOptions, "GlobalUsings.g.cs"), program],
            References.Value,
            new CSharpCompilationOptions(kind, nullableContextOptions: NullableContextOptions.Enable));

        using var output = new MemoryStream();
        var result = compilation.Emit(output);
        return result.Diagnostics
            .Where(d => d.Severity == DiagnosticSeverity.Error)
            .Select(Format)
            .ToList();
    }

    /// <summary>Parses a fragment (statements or members, as a script) and returns its syntax errors.</summary>
    public static IReadOnlyList<string> SyntaxErrors(CodeBlock block)
    {
        var source = $"#line {block.FirstLine} \"{block.ReadmePath}\"\n{block.Code}\n";
        var tree = CSharpSyntaxTree.ParseText(source, ParseOptions.WithKind(SourceCodeKind.Script), "Fragment.csx");
        return tree.GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error).Select(Format).ToList();
    }

    private static void AppendLines(StringBuilder builder, CodeBlock block, string[] lines, int from, int to)
    {
        if (from >= to)
        {
            return;
        }

        builder.Append("#line ").Append(block.FirstLine + from).Append(" \"").Append(block.ReadmePath).Append("\"\n");
        for (var i = from; i < to; i++)
        {
            builder.Append(lines[i]).Append('\n');
        }

        builder.Append("#line default\n");
    }

    private static string Format(Diagnostic diagnostic)
    {
        var span = diagnostic.Location.GetMappedLineSpan();
        return $"{span.Path}:{span.StartLinePosition.Line + 1}: {diagnostic.Id} {diagnostic.GetMessage(System.Globalization.CultureInfo.InvariantCulture)}";
    }

    // "using X.Y;", "using static X.Y;", "using A = X.Y;" (not "using var x = ...;" nor "using (...)").
    [GeneratedRegex(@"^\s*using\s+(static\s+)?([A-Za-z_][\w]*\s*=\s*)?[A-Za-z_][\w.]*(<[^;]*>)?\s*;\s*(//.*)?$")]
    private static partial Regex UsingDirective();
}
