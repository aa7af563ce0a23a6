using Amazon.DynamoDBv2.Model;
using Chat.DataLayer.Testing;
using Xunit;

namespace Chat.DataLayer.DynamoDb.Tests.Hosting;

/// <summary><see cref="DynamoDbTableSchema.EnsureTableAsync"/> on tables that exist already, made by hand.</summary>
public sealed class TableSchemaTests(DynamoDbServerFixture dynamo)
{
    public static TheoryData<string> WrongShapes => new(TableShapes.WrongNames);

    public static TheoryData<string> RightShapes => new(TableShapes.RightNames);

    [Theory]
    [MemberData(nameof(WrongShapes))]
    public async Task EnsureTableAsync_refuses_an_existing_table_of_the_wrong_shape_and_lists_every_problem(string shape)
    {
        var ct = TestContext.Current.CancellationToken;
        await TableShapes.WithTableAsync(dynamo, shape, async (client, table) =>
        {
            var before = (await client.DescribeTableAsync(table, ct)).Table;

            var error = await Assert.ThrowsAsync<TableLayoutMismatchException>(
                () => DynamoDbTableSchema.EnsureTableAsync(client, table, TimeSpan.FromSeconds(10), ct));

            var expected = TableShapes.Wrong[shape].Problems;
            Assert.Equal(expected, error.Problems);
            Assert.Equal(table, error.TableName);
            Assert.Equal($"DynamoDB table '{table}' does not have the layout the data layer needs: {string.Join("; ", expected)}.", error.Message);
            Assert.IsAssignableFrom<DataLayerException>(error);

            // The table is left exactly as it was.
            var after = (await client.DescribeTableAsync(table, ct)).Table;
            Assert.Equal(Describe(before), Describe(after));
        });
    }

    [Theory]
    [MemberData(nameof(RightShapes))]
    public async Task EnsureTableAsync_accepts_an_existing_table_of_an_accepted_shape(string shape)
    {
        var ct = TestContext.Current.CancellationToken;
        await TableShapes.WithTableAsync(dynamo, shape, async (client, table) =>
            Assert.False(await DynamoDbTableSchema.EnsureTableAsync(client, table, TimeSpan.FromSeconds(10), ct)));
    }

    [Fact]
    public async Task EnsureTableAsync_creates_a_missing_table_that_then_passes_its_own_check()
    {
        dynamo.EnsureAvailable();
        var ct = TestContext.Current.CancellationToken;
        var table = DynamoDbServerFixture.UniqueTableName("shape");
        using var client = dynamo.CreateClient();
        try
        {
            Assert.True(await DynamoDbTableSchema.EnsureTableAsync(client, table, TimeSpan.FromSeconds(30), ct));
            Assert.False(await DynamoDbTableSchema.EnsureTableAsync(client, table, TimeSpan.FromSeconds(30), ct));
        }
        finally
        {
            await TableShapes.DeleteAsync(client, table);
        }
    }

    private static string Describe(TableDescription t) =>
        string.Join(" | ",
            string.Join(",", t.KeySchema.Select(k => $"{k.AttributeName}:{k.KeyType}")),
            string.Join(",", t.AttributeDefinitions.OrderBy(d => d.AttributeName, StringComparer.Ordinal).Select(d => $"{d.AttributeName}:{d.AttributeType}")),
            string.Join(",", (t.GlobalSecondaryIndexes ?? []).Select(i =>
                $"{i.IndexName}[{string.Join(",", i.KeySchema.Select(k => k.AttributeName))}]{i.Projection?.ProjectionType}({string.Join(",", i.Projection?.NonKeyAttributes ?? [])})")));
}
