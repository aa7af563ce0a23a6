using System.Reflection;
using Xunit;

namespace Chat.DataLayer.Documentation.Tests;

/// <summary>
/// Every option of every package is in that package's README: each public property of each public <c>*Options</c>
/// class of the assembly named like the README's folder appears in a table row (a nested options class's
/// properties as <c>Parent.Child</c>, e.g. <c>RemoteFiles.MaxBytes</c>).
/// </summary>
public sealed class ReadmeOptionsTablesTests
{
    public static TheoryData<string> PackageReadmes()
    {
        var data = new TheoryData<string>();
        foreach (var readme in ReadmeCodeBlocks.ReadmePaths().Where(p => p.StartsWith("src/", StringComparison.Ordinal)))
        {
            data.Add(readme);
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(PackageReadmes))]
    public void Every_option_is_in_a_table_row_of_the_package_README(string readme)
    {
        var package = readme.Split('/')[1];
        var assembly = Assembly.Load(package);
        var optionTypes = assembly.GetExportedTypes().Where(IsOptions).ToList();
        var nested = optionTypes.SelectMany(Properties).Select(p => p.PropertyType).Where(IsOptions).ToHashSet();
        var rows = File.ReadAllLines(Path.Combine(ReadmeCodeBlocks.RepositoryRoot(), readme))
            .Where(line => line.TrimStart().StartsWith('|'))
            .ToList();

        var missing = new List<string>();
        foreach (var type in optionTypes.Where(t => !nested.Contains(t)))
        {
            foreach (var property in Properties(type))
            {
                var names = IsOptions(property.PropertyType)
                    ? Properties(property.PropertyType).Select(p => $"{property.Name}.{p.Name}")
                    : [property.Name];
                missing.AddRange(names
                    .Where(name => !rows.Any(row => row.Contains($"`{name}`", StringComparison.Ordinal)))
                    .Select(name => $"{type.Name}.{name}"));
            }
        }

        Assert.True(missing.Count == 0, $"{readme} has no table row for: {string.Join(", ", missing)}");
    }

    private static bool IsOptions(Type type) =>
        type is { IsClass: true, IsAbstract: false } && type.Name.EndsWith("Options", StringComparison.Ordinal);

    private static IEnumerable<PropertyInfo> Properties(Type type) =>
        type.GetProperties(BindingFlags.Public | BindingFlags.Instance);
}
