using System.Text.RegularExpressions;
using Amazon.DynamoDBv2;
using Amazon.DynamoDBv2.Model;
using Chat.DataLayer.DynamoDb.Gateway;
using Chat.DataLayer.DynamoDb.Layout;

namespace Chat.DataLayer.DynamoDb;

/// <summary>
/// The table layout Chainlit's DynamoDB data layer uses: string keys <c>PK</c>/<c>SK</c>, a GSI <c>UserThread</c> on
/// <c>UserThreadPK</c>/<c>UserThreadSK</c> projecting <c>id</c> and <c>name</c>, on-demand billing.
/// </summary>
public static partial class DynamoDbTableSchema
{
    /// <summary>The name of the index that lists a user's threads.</summary>
    public const string UserThreadIndexName = "UserThread";

    /// <summary>Builds the request that creates a table with this layout.</summary>
    /// <param name="tableName">The table's name.</param>
    public static CreateTableRequest BuildCreateTableRequest(string tableName)
    {
        ValidateTableName(tableName, nameof(tableName));
        return new CreateTableRequest
        {
            TableName = tableName,
            BillingMode = BillingMode.PAY_PER_REQUEST,
            AttributeDefinitions =
            [
                new AttributeDefinition(TableKeys.PartitionKey, ScalarAttributeType.S),
                new AttributeDefinition(TableKeys.SortKey, ScalarAttributeType.S),
                new AttributeDefinition(TableKeys.UserThreadPartitionKey, ScalarAttributeType.S),
                new AttributeDefinition(TableKeys.UserThreadSortKey, ScalarAttributeType.S),
            ],
            KeySchema =
            [
                new KeySchemaElement(TableKeys.PartitionKey, KeyType.HASH),
                new KeySchemaElement(TableKeys.SortKey, KeyType.RANGE),
            ],
            GlobalSecondaryIndexes =
            [
                new GlobalSecondaryIndex
                {
                    IndexName = UserThreadIndexName,
                    KeySchema =
                    [
                        new KeySchemaElement(TableKeys.UserThreadPartitionKey, KeyType.HASH),
                        new KeySchemaElement(TableKeys.UserThreadSortKey, KeyType.RANGE),
                    ],
                    Projection = new Projection
                    {
                        ProjectionType = ProjectionType.INCLUDE,
                        NonKeyAttributes = [ThreadItems.Id, ThreadItems.Name],
                    },
                },
            ],
        };
    }

    /// <summary>
    /// Creates the table when it does not exist, checks that an existing table has this layout, and waits until it and
    /// its indexes are ACTIVE.
    /// Meant for development and tests; production tables come from the CloudFormation template in <c>deploy/</c>.
    /// </summary>
    /// <param name="client">The DynamoDB client (not disposed).</param>
    /// <param name="tableName">The table's name.</param>
    /// <param name="timeout">How long to wait for the table to become active; default 2 minutes.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns><see langword="true"/> when the table was created, <see langword="false"/> when it existed with this layout.</returns>
    /// <exception cref="TableLayoutMismatchException">
    /// The table exists with another layout (key names or types, the <c>UserThread</c> index or its projection); the
    /// exception lists every difference. Extra attributes and extra indexes are accepted, and so is a projection of
    /// ALL attributes.
    /// </exception>
    /// <exception cref="TimeoutException">The table or its indexes did not become ACTIVE within <paramref name="timeout"/>.</exception>
    public static async Task<bool> EnsureTableAsync(IAmazonDynamoDB client, string tableName, TimeSpan? timeout = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(client);
        ValidateTableName(tableName, nameof(tableName));
        var created = false;
        try
        {
            await client.CreateTableAsync(BuildCreateTableRequest(tableName), cancellationToken).ConfigureAwait(false);
            created = true;
        }
        catch (ResourceInUseException)
        {
            // Exists already (or is being created by someone else): wait for it below.
        }

        var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromMinutes(2));
        while (true)
        {
            var table = (await client.DescribeTableAsync(tableName, cancellationToken).ConfigureAwait(false)).Table;
            if (TableLayoutCheck.Problems(table) is { Count: > 0 } problems)
            {
                throw new TableLayoutMismatchException(tableName, problems);
            }

            var indexesActive = (table.GlobalSecondaryIndexes ?? []).All(i => i.IndexStatus == IndexStatus.ACTIVE);
            if (table.TableStatus == TableStatus.ACTIVE && indexesActive)
            {
                return created;
            }

            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"The DynamoDB table '{tableName}' did not become ACTIVE in time (status {table.TableStatus}).");
            }

            await Task.Delay(TimeSpan.FromMilliseconds(100), cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>Throws <see cref="ArgumentException"/> unless the name follows DynamoDB's rules (3-255 of a-z A-Z 0-9 _ - .).</summary>
    /// <param name="tableName">The name to check.</param>
    /// <param name="paramName">The argument or setting to name in the error.</param>
    public static void ValidateTableName(string? tableName, string paramName)
    {
        if (TableNameProblem(tableName) is { } problem)
        {
            throw new ArgumentException(problem, paramName);
        }
    }

    /// <summary>Why <paramref name="tableName"/> breaks DynamoDB's naming rules, or <see langword="null"/> when it follows them.</summary>
    internal static string? TableNameProblem(string? tableName)
    {
        if (string.IsNullOrWhiteSpace(tableName))
        {
            return "A DynamoDB table name is required.";
        }

        return TableNamePattern().IsMatch(tableName)
            ? null
            : $"'{tableName}' is not a valid DynamoDB table name: use 3 to 255 characters of a-z, A-Z, 0-9, '_', '-' and '.'.";
    }

    [GeneratedRegex("^[a-zA-Z0-9_.-]{3,255}$")]
    private static partial Regex TableNamePattern();
}
