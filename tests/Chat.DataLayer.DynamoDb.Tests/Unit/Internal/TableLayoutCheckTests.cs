using Amazon.DynamoDBv2;
using Amazon.DynamoDBv2.Model;
using Chat.DataLayer.DynamoDb;
using Xunit;

namespace Chat.DataLayer.Tests.Internal;

/// <summary>The layout rule on DescribeTable responses no emulator produces (the dynalite tests are in Hosting/).</summary>
public sealed class TableLayoutCheckTests
{
    [Fact]
    public void The_table_we_create_has_no_problem()
    {
        Assert.Empty(TableLayoutCheck.Problems(FromRequest(DynamoDbTableSchema.BuildCreateTableRequest("chat"))));
    }

    [Fact]
    public void An_empty_description_reports_every_missing_part()
    {
        Assert.Equal(
            ["partition key missing, expected PK", "sort key missing, expected SK", "index UserThread missing (the table has no global secondary index)"],
            TableLayoutCheck.Problems(new TableDescription()));
    }

    [Fact]
    public void A_key_without_an_attribute_definition_and_an_index_without_projection_are_reported()
    {
        var table = FromRequest(DynamoDbTableSchema.BuildCreateTableRequest("chat"));
        table.AttributeDefinitions.RemoveAll(d => d.AttributeName == "SK");
        table.GlobalSecondaryIndexes[0].Projection = null;

        Assert.Equal(["SK is undefined, expected S", "UserThread projection (none) lacks id, name"], TableLayoutCheck.Problems(table));
    }

    [Fact]
    public void The_exception_keeps_a_copy_of_the_problems()
    {
        var problems = new List<string> { "PK is N, expected S" };
        var error = new TableLayoutMismatchException("chat", problems);
        problems.Clear();

        Assert.Equal(["PK is N, expected S"], error.Problems);
        Assert.Equal("DynamoDB table 'chat' does not have the layout the data layer needs: PK is N, expected S.", error.Message);
        Assert.Empty(new TableLayoutMismatchException("message").Problems);
    }

    private static TableDescription FromRequest(CreateTableRequest request) => new()
    {
        TableName = request.TableName,
        TableStatus = TableStatus.ACTIVE,
        AttributeDefinitions = [.. request.AttributeDefinitions],
        KeySchema = [.. request.KeySchema],
        GlobalSecondaryIndexes = [.. request.GlobalSecondaryIndexes.Select(i => new GlobalSecondaryIndexDescription
        {
            IndexName = i.IndexName,
            IndexStatus = IndexStatus.ACTIVE,
            KeySchema = [.. i.KeySchema],
            Projection = i.Projection,
        })],
    };
}
