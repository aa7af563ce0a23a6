using Amazon.DynamoDBv2;
using Amazon.DynamoDBv2.Model;
using Chat.DataLayer.Testing;

namespace Chat.DataLayer.DynamoDb.Tests.ChainlitCompatibility;

/// <summary>
/// A table holding exactly the items Chainlit's Python layer left (a class fixture): a <see cref="TestTable"/> loaded
/// item by item with PutItem.
/// </summary>
public sealed class ChainlitTable(DynamoDbServerFixture server) : TestTable(server)
{
    /// <inheritdoc />
    protected override string Kind => "chainlit";

    /// <inheritdoc />
    protected override Task SeedAsync(IAmazonDynamoDB client, string tableName) => LoadAsync(client, tableName, CancellationToken.None);

    /// <summary>Writes every Chainlit item into <paramref name="tableName"/> with PutItem.</summary>
    public static Task LoadAsync(IAmazonDynamoDB client, string tableName, CancellationToken cancellationToken) =>
        Parallel.ForEachAsync(ChainlitData.Items, new ParallelOptions { MaxDegreeOfParallelism = 8, CancellationToken = cancellationToken },
            async (item, ct) => await client.PutItemAsync(new PutItemRequest { TableName = tableName, Item = DynamoDbJson.ToItem(item) }, ct));
}
