using Amazon.DynamoDBv2;
using Amazon.DynamoDBv2.Model;
using Chat.DataLayer.Testing;
using Xunit;

namespace Chat.DataLayer.DynamoDb.Tests;

/// <summary>
/// One table per test class (a class fixture): created with <see cref="DynamoDbTableSchema.EnsureTableAsync"/> and
/// seeded (see <see cref="SeedAsync"/>) before the class's first test, deleted after its last. Tests of a class share
/// it and keep apart by using Guid-based ids for every user, thread and step.
/// </summary>
/// <param name="server">The assembly's DynamoDB endpoint.</param>
public class TestTable(DynamoDbServerFixture server) : IAsyncLifetime
{
    /// <summary>The table's name; <see langword="null"/> when no DynamoDB endpoint is available.</summary>
    public string? Name { get; private set; }

    /// <summary>The first part of the table's unique name.</summary>
    protected virtual string Kind => "test";

    /// <inheritdoc />
    public async ValueTask InitializeAsync()
    {
        if (!server.IsAvailable)
        {
            return; // every test skips (or fails under CI) through DynamoDbServerFixture.EnsureAvailable
        }

        var name = DynamoDbServerFixture.UniqueTableName(Kind);
        using var client = server.CreateClient();
        await DynamoDbTableSchema.EnsureTableAsync(client, name);
        await DynamoDbServerFixture.WaitForTableActiveAsync(client, name);
        Name = name;
        await SeedAsync(client, name);
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        GC.SuppressFinalize(this);
        if (Name is null || !server.IsAvailable)
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

    /// <summary>Writes the items every test of the class expects to find; none by default.</summary>
    protected virtual Task SeedAsync(IAmazonDynamoDB client, string tableName) => Task.CompletedTask;
}
