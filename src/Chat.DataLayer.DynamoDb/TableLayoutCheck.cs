using Amazon.DynamoDBv2;
using Amazon.DynamoDBv2.Model;
using Chat.DataLayer.DynamoDb.Gateway;
using Chat.DataLayer.DynamoDb.Layout;

namespace Chat.DataLayer.DynamoDb;

/// <summary>
/// The one place that decides whether an existing table has the layout the data layer needs (docs/design.md, "Table
/// layout"): string keys <c>PK</c>/<c>SK</c>; a GSI <c>UserThread</c> with string keys
/// <c>UserThreadPK</c>/<c>UserThreadSK</c> whose projection includes <c>id</c> and <c>name</c> (INCLUDE with both, or
/// ALL). Extra attributes and extra indexes are fine. Used by the health check and by
/// <see cref="DynamoDbTableSchema.EnsureTableAsync"/>.
/// </summary>
internal static class TableLayoutCheck
{
    private static readonly string[] ProjectedAttributes = [ThreadItems.Id, ThreadItems.Name];

    /// <summary>Every way <paramref name="table"/> differs from the layout, one short sentence each; empty when it fits.</summary>
    /// <param name="table">The table as DescribeTable returns it (any status: keys and projection are fixed at creation).</param>
    public static IReadOnlyList<string> Problems(TableDescription table)
    {
        ArgumentNullException.ThrowIfNull(table);
        var problems = new List<string>();
        var types = (table.AttributeDefinitions ?? [])
            .GroupBy(d => d.AttributeName, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.First().AttributeType?.Value, StringComparer.Ordinal);

        CheckKeys(table.KeySchema, owner: null, TableKeys.PartitionKey, TableKeys.SortKey, types, problems);

        var index = table.GlobalSecondaryIndexes?.FirstOrDefault(i => i.IndexName == DynamoDbTableSchema.UserThreadIndexName);
        if (index is null)
        {
            var others = (table.GlobalSecondaryIndexes ?? []).Select(i => i.IndexName).ToList();
            problems.Add(others.Count == 0
                ? $"index {DynamoDbTableSchema.UserThreadIndexName} missing (the table has no global secondary index)"
                : $"index {DynamoDbTableSchema.UserThreadIndexName} missing (the table has {string.Join(", ", others)})");
            return problems;
        }

        CheckKeys(index.KeySchema, DynamoDbTableSchema.UserThreadIndexName, TableKeys.UserThreadPartitionKey, TableKeys.UserThreadSortKey, types, problems);

        var projection = index.Projection?.ProjectionType?.Value ?? "(none)";
        if (projection != ProjectionType.ALL.Value)
        {
            var included = projection == ProjectionType.INCLUDE.Value ? index.Projection?.NonKeyAttributes ?? [] : [];
            var lacking = ProjectedAttributes.Where(a => !included.Contains(a, StringComparer.Ordinal)).ToList();
            if (lacking.Count > 0)
            {
                problems.Add($"{DynamoDbTableSchema.UserThreadIndexName} projection {projection} lacks {string.Join(", ", lacking)}");
            }
        }

        return problems;
    }

    private static void CheckKeys(List<KeySchemaElement>? schema, string? owner, string hashName, string rangeName,
        Dictionary<string, string?> types, List<string> problems)
    {
        var prefix = owner is null ? "" : owner + " ";
        CheckKey(schema?.FirstOrDefault(k => k.KeyType == KeyType.HASH)?.AttributeName, prefix + "partition key", hashName, types, problems);
        CheckKey(schema?.FirstOrDefault(k => k.KeyType == KeyType.RANGE)?.AttributeName, prefix + "sort key", rangeName, types, problems);
    }

    private static void CheckKey(string? actual, string role, string expected, Dictionary<string, string?> types, List<string> problems)
    {
        if (actual is null)
        {
            problems.Add($"{role} missing, expected {expected}");
        }
        else if (actual != expected)
        {
            problems.Add($"{role} is {actual}, expected {expected}");
        }
        else if (types.GetValueOrDefault(actual) is var type && type != ScalarAttributeType.S.Value)
        {
            problems.Add($"{actual} is {type ?? "undefined"}, expected S");
        }
    }
}
