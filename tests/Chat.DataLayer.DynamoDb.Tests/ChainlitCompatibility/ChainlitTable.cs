using Amazon.DynamoDBv2;
using Amazon.DynamoDBv2.Model;
using Chat.DataLayer.Testing;
using Xunit;

namespace Chat.DataLayer.DynamoDb.Tests.ChainlitCompatibility;

/// <summary>
/// A table holding exactly the items Chainlit's Python layer left (a class fixture): created with
/// <see cref="DynamoDbTableSchema.EnsureTableAsync"/>, loaded item by item with PutItem, deleted after the class's last
/// test.
/// </summary>
public sealed class ChainlitTable(DynamoDbServerFixture server) : IAsyncLifetime
{
    /// <summary>The table's name; <see langword="null"/> when no DynamoDB endpoint is available.</summary>
    public string? Name { get; private set; }

    /// <inheritdoc />
    public async ValueTask InitializeAsync()
    {
        if (!server.IsAvailable)
        {
            return; // the tests skip (or fail under CI) through EnsureAvailable
        }

        var name = DynamoDbServerFixture.UniqueTableName("chainlit");
        using var client = server.CreateClient();
        await DynamoDbTableSchema.EnsureTableAsync(client, name);
        Name = name;
        await LoadAsync(client, name, CancellationToken.None);
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        if (Name is null)
        {
            return;
        }

        using var client = server.CreateClient();
        try
        {
            await client.DeleteTableAsync(Name);
        }
        catch (ResourceNotFoundException)
        {
            // Already gone.
        }
    }

    /// <summary>Writes every Chainlit item into <paramref name="tableName"/> with PutItem.</summary>
    public static Task LoadAsync(IAmazonDynamoDB client, string tableName, CancellationToken cancellationToken) =>
        Parallel.ForEachAsync(ChainlitData.Items, new ParallelOptions { MaxDegreeOfParallelism = 8, CancellationToken = cancellationToken },
            async (item, ct) => await client.PutItemAsync(new PutItemRequest { TableName = tableName, Item = DynamoDbJson.ToItem(item) }, ct));
}
