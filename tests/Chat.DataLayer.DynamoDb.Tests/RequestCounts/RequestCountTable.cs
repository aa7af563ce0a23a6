using Amazon.DynamoDBv2.Model;
using Chat.DataLayer.Testing;
using Xunit;

namespace Chat.DataLayer.DynamoDb.Tests.RequestCounts;

/// <summary>
/// The request-count tests' table (a class fixture): created with <see cref="DynamoDbTableSchema.EnsureTableAsync"/>
/// before the class's first test and deleted after its last. Tests keep apart with Guid-based ids.
/// </summary>
public sealed class RequestCountTable(DynamoDbServerFixture server) : IAsyncLifetime
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

        var name = DynamoDbServerFixture.UniqueTableName("counts");
        using var client = server.CreateClient();
        await DynamoDbTableSchema.EnsureTableAsync(client, name);
        Name = name;
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
}
