using Amazon.DynamoDBv2;
using Amazon.DynamoDBv2.Model;
using Chat.DataLayer.Testing;
using Xunit;

namespace Chat.DataLayer.DynamoDb.Tests.Hosting;

/// <summary>
/// Tables made by hand, the way a person with the console or a template makes them: wrong shapes with the exact
/// problems the layout check must report, and right shapes it must accept. Shared by the health check and
/// <see cref="DynamoDbTableSchema.EnsureTableAsync"/> tests so both are held to the same rule.
/// </summary>
internal static class TableShapes
{
    /// <summary>Each wrong shape, by name: how to spoil the right table, and the problems reported, in order.</summary>
    public static readonly IReadOnlyDictionary<string, (Action<CreateTableRequest> Spoil, string[] Problems)> Wrong =
        new Dictionary<string, (Action<CreateTableRequest>, string[])>(StringComparer.Ordinal)
        {
            ["number partition key"] = (r => SetType(r, "PK", ScalarAttributeType.N), ["PK is N, expected S"]),
            ["binary index sort key"] = (r => SetType(r, "UserThreadSK", ScalarAttributeType.B), ["UserThreadSK is B, expected S"]),
            ["typo in sort key"] = (r => Rename(r, "SK", "SKK"), ["sort key is SKK, expected SK"]),
            ["lower-case partition key"] = (r => Rename(r, "PK", "pk"), ["partition key is pk, expected PK"]),
            ["no sort key"] = (r =>
            {
                r.KeySchema.RemoveAll(k => k.KeyType == KeyType.RANGE);
                r.AttributeDefinitions.RemoveAll(d => d.AttributeName == "SK");
            }, ["sort key missing, expected SK"]),
            ["missing index"] = (r =>
            {
                r.GlobalSecondaryIndexes = null;
                r.AttributeDefinitions.RemoveAll(d => d.AttributeName.StartsWith("UserThread", StringComparison.Ordinal));
            }, ["index UserThread missing (the table has no global secondary index)"]),
            ["typo in index name"] = (r => r.GlobalSecondaryIndexes[0].IndexName = "UserThreads",
                ["index UserThread missing (the table has UserThreads)"]),
            ["wrong index key names"] = (r =>
            {
                Rename(r, "UserThreadPK", "UserPK");
                Rename(r, "UserThreadSK", "UserThreadSk");
            }, ["UserThread partition key is UserPK, expected UserThreadPK", "UserThread sort key is UserThreadSk, expected UserThreadSK"]),
            ["keys-only projection"] = (r => r.GlobalSecondaryIndexes[0].Projection = new Projection { ProjectionType = ProjectionType.KEYS_ONLY },
                ["UserThread projection KEYS_ONLY lacks id, name"]),
            ["projection without name"] = (r => r.GlobalSecondaryIndexes[0].Projection.NonKeyAttributes = ["id", "userId"],
                ["UserThread projection INCLUDE lacks name"]),
            ["several at once"] = (r =>
            {
                SetType(r, "PK", ScalarAttributeType.N);
                Rename(r, "SK", "SKK");
                r.GlobalSecondaryIndexes[0].Projection = new Projection { ProjectionType = ProjectionType.KEYS_ONLY };
            }, ["PK is N, expected S", "sort key is SKK, expected SK", "UserThread projection KEYS_ONLY lacks id, name"]),
        };

    /// <summary>Shapes that must be accepted, by name.</summary>
    public static readonly IReadOnlyDictionary<string, Func<string, CreateTableRequest>> Right =
        new Dictionary<string, Func<string, CreateTableRequest>>(StringComparer.Ordinal)
        {
            ["ours"] = DynamoDbTableSchema.BuildCreateTableRequest,
            ["chainlit cloudformation"] = ChainlitCloudFormation,
            ["projection all, extra index"] = name =>
            {
                var r = DynamoDbTableSchema.BuildCreateTableRequest(name);
                r.GlobalSecondaryIndexes[0].Projection = new Projection { ProjectionType = ProjectionType.ALL };
                r.AttributeDefinitions.Add(new AttributeDefinition("createdAt", ScalarAttributeType.S));
                r.GlobalSecondaryIndexes.Add(new GlobalSecondaryIndex
                {
                    IndexName = "ByCreatedAt",
                    KeySchema = [new KeySchemaElement("createdAt", KeyType.HASH)],
                    Projection = new Projection { ProjectionType = ProjectionType.KEYS_ONLY },
                });
                return r;
            },
            ["projection with more attributes"] = name =>
            {
                var r = DynamoDbTableSchema.BuildCreateTableRequest(name);
                r.GlobalSecondaryIndexes[0].Projection.NonKeyAttributes = ["tags", "name", "metadata", "id"];
                return r;
            },
        };

    public static IEnumerable<string> WrongNames => Wrong.Keys;

    public static IEnumerable<string> RightNames => Right.Keys;

    /// <summary>
    /// Makes a table of the named shape (wrong or right) on <paramref name="dynamo"/>, runs <paramref name="test"/>
    /// with a client and the table's name, and deletes the table whatever happened.
    /// </summary>
    public static async Task WithTableAsync(DynamoDbServerFixture dynamo, string shape, Func<IAmazonDynamoDB, string, Task> test)
    {
        dynamo.EnsureAvailable();
        var table = DynamoDbServerFixture.UniqueTableName("shape");
        using var client = dynamo.CreateClient();
        var ct = TestContext.Current.CancellationToken;
        if (Wrong.ContainsKey(shape))
        {
            await CreateWrongAsync(client, table, shape, ct);
        }
        else
        {
            await CreateRightAsync(client, table, shape, ct);
        }

        try
        {
            await test(client, table);
        }
        finally
        {
            await DeleteAsync(client, table);
        }
    }

    /// <summary>Creates the named wrong table and waits until it is ACTIVE.</summary>
    public static async Task<CreateTableRequest> CreateWrongAsync(IAmazonDynamoDB client, string tableName, string shape, CancellationToken cancellationToken)
    {
        var request = DynamoDbTableSchema.BuildCreateTableRequest(tableName);
        Wrong[shape].Spoil(request);
        await CreateAsync(client, request, cancellationToken);
        return request;
    }

    /// <summary>Creates the named right table and waits until it is ACTIVE.</summary>
    public static Task CreateRightAsync(IAmazonDynamoDB client, string tableName, string shape, CancellationToken cancellationToken) =>
        CreateAsync(client, Right[shape](tableName), cancellationToken);

    /// <summary>
    /// The table as Chainlit's documentation has it created (CloudFormation, written out here literally rather than
    /// from our builder): string keys PK/SK, GSI UserThread on UserThreadPK/UserThreadSK, INCLUDE id and name.
    /// </summary>
    private static CreateTableRequest ChainlitCloudFormation(string name) => new()
    {
        TableName = name,
        BillingMode = BillingMode.PAY_PER_REQUEST,
        AttributeDefinitions =
        [
            new AttributeDefinition { AttributeName = "PK", AttributeType = "S" },
            new AttributeDefinition { AttributeName = "SK", AttributeType = "S" },
            new AttributeDefinition { AttributeName = "UserThreadPK", AttributeType = "S" },
            new AttributeDefinition { AttributeName = "UserThreadSK", AttributeType = "S" },
        ],
        KeySchema = [new KeySchemaElement { AttributeName = "PK", KeyType = "HASH" }, new KeySchemaElement { AttributeName = "SK", KeyType = "RANGE" }],
        GlobalSecondaryIndexes =
        [
            new GlobalSecondaryIndex
            {
                IndexName = "UserThread",
                KeySchema =
                [
                    new KeySchemaElement { AttributeName = "UserThreadPK", KeyType = "HASH" },
                    new KeySchemaElement { AttributeName = "UserThreadSK", KeyType = "RANGE" },
                ],
                Projection = new Projection { ProjectionType = "INCLUDE", NonKeyAttributes = ["id", "name"] },
            },
        ],
    };

    private static async Task CreateAsync(IAmazonDynamoDB client, CreateTableRequest request, CancellationToken cancellationToken)
    {
        await client.CreateTableAsync(request, cancellationToken);
        await DynamoDbServerFixture.WaitForTableActiveAsync(client, request.TableName, cancellationToken: cancellationToken);
    }

    public static async Task DeleteAsync(IAmazonDynamoDB client, string tableName)
    {
        try
        {
            await client.DeleteTableAsync(tableName);
        }
        catch (ResourceNotFoundException)
        {
            // Already gone.
        }
    }

    private static void SetType(CreateTableRequest r, string attribute, ScalarAttributeType type) =>
        r.AttributeDefinitions.Single(d => d.AttributeName == attribute).AttributeType = type;

    private static void Rename(CreateTableRequest r, string from, string to)
    {
        r.AttributeDefinitions.Single(d => d.AttributeName == from).AttributeName = to;
        foreach (var key in r.KeySchema.Concat((r.GlobalSecondaryIndexes ?? []).SelectMany(i => i.KeySchema)).Where(k => k.AttributeName == from))
        {
            key.AttributeName = to;
        }
    }
}
