using System.Net;
using System.Security.Cryptography;
using Amazon.DynamoDBv2;
using Amazon.DynamoDBv2.Model;
using Amazon.S3.Model;
using Azure.Storage.Blobs;
using Chat.DataLayer.Testing;
using Xunit;

namespace Chat.DataLayer.DynamoDb.Tests.Infrastructure;

/// <summary>Proves the DynamoDB fixture and the request counter against whatever endpoint the fixture found.</summary>
public sealed class EmulatorSmokeTests(DynamoDbServerFixture dynamoDb)
{
    [Fact]
    public async Task DynamoDb_PutItemThenGetItem_RoundTripsAndCountsExactlyThoseCalls()
    {
        dynamoDb.EnsureAvailable();
        TestContext.Current.TestOutputHelper?.WriteLine($"DynamoDB backend: {dynamoDb.Backend} at {dynamoDb.ServiceUrl}");
        var ct = TestContext.Current.CancellationToken;
        var counter = new RequestCounter();
        using var client = dynamoDb.CreateClient(counter);
        var table = await CreateTableAsync(client, ct);
        counter.Reset();

        await client.PutItemAsync(new PutItemRequest
        {
            TableName = table,
            Item = new Dictionary<string, AttributeValue>
            {
                ["pk"] = new() { S = "thread#1" },
                ["body"] = new() { S = "hello" },
                ["n"] = new() { N = "12345678901234567890123" },
            },
        }, ct);
        var got = await client.GetItemAsync(new GetItemRequest
        {
            TableName = table,
            Key = new Dictionary<string, AttributeValue> { ["pk"] = new() { S = "thread#1" } },
            ConsistentRead = true,
        }, ct);

        Assert.NotNull(got.Item);
        Assert.Equal("hello", got.Item["body"].S);
        Assert.Equal("12345678901234567890123", got.Item["n"].N);
        Assert.Equal(2, counter.Total);
        Assert.Equal(
            new Dictionary<string, int> { ["PutItem"] = 1, ["GetItem"] = 1 },
            counter.Snapshot());
    }

    [Fact]
    public async Task DynamoDb_InterceptedPutItem_ReturnsTheInjectedErrorWithoutSending()
    {
        dynamoDb.EnsureAvailable();
        var ct = TestContext.Current.CancellationToken;
        var counter = new RequestCounter();
        using var client = dynamoDb.CreateClient(counter);
        var table = await CreateTableAsync(client, ct);
        counter.Reset();
        counter.Intercept = request => RequestCounter.GetOperation(request) == "PutItem"
            ? RequestCounter.DynamoDbError(HttpStatusCode.BadRequest, "ConditionalCheckFailedException", "injected")
            : null;

        var error = await Assert.ThrowsAsync<ConditionalCheckFailedException>(() => client.PutItemAsync(
            table,
            new Dictionary<string, AttributeValue> { ["pk"] = new() { S = "thread#2" } },
            ct));
        counter.Intercept = null;
        var got = await client.GetItemAsync(
            table,
            new Dictionary<string, AttributeValue> { ["pk"] = new() { S = "thread#2" } },
            consistentRead: true,
            ct);

        Assert.Equal("injected", error.Message);
        Assert.True(got.Item is null || got.Item.Count == 0, "the intercepted PutItem must not reach the server");
        Assert.Equal(1, counter.Count("PutItem"));
        Assert.Equal(1, counter.Count("GetItem"));
        Assert.True(counter.Requests[0].Intercepted);
    }

    private static async Task<string> CreateTableAsync(AmazonDynamoDBClient client, CancellationToken ct)
    {
        var table = DynamoDbServerFixture.UniqueTableName("smoke");
        await client.CreateTableAsync(new CreateTableRequest
        {
            TableName = table,
            BillingMode = BillingMode.PAY_PER_REQUEST,
            AttributeDefinitions = [new AttributeDefinition("pk", ScalarAttributeType.S)],
            KeySchema = [new KeySchemaElement("pk", KeyType.HASH)],
        }, ct);
        await DynamoDbServerFixture.WaitForTableActiveAsync(client, table, cancellationToken: ct);
        return table;
    }
}

/// <summary>Proves that the S3 fixture starts a working endpoint (s3rver here) and that bytes round-trip.</summary>
public sealed class S3EmulatorSmokeTests(S3ServerFixture s3) : IClassFixture<S3ServerFixture>
{
    [Fact]
    public async Task S3_PutObjectWithoutChunkEncodingThenGetObject_ReturnsTheSameBytes()
    {
        s3.EnsureAvailable();
        TestContext.Current.TestOutputHelper?.WriteLine($"S3 backend: {s3.Backend} at {s3.ServiceUrl}");
        var ct = TestContext.Current.CancellationToken;
        var bucket = await s3.CreateBucketAsync(S3ServerFixture.UniqueBucketName("smoke"), ct);
        var counter = new RequestCounter();
        using var client = s3.CreateClient(counter);
        var bytes = RandomNumberGenerator.GetBytes(300 * 1024);

        await client.PutObjectAsync(new PutObjectRequest
        {
            BucketName = bucket,
            Key = "threads/1/file.bin",
            InputStream = new MemoryStream(bytes),
            ContentType = "application/octet-stream",
            UseChunkEncoding = false,
        }, ct);
        using var got = await client.GetObjectAsync(bucket, "threads/1/file.bin", ct);
        using var downloaded = new MemoryStream();
        await got.ResponseStream.CopyToAsync(downloaded, ct);

        Assert.Equal(bytes, downloaded.ToArray());
        Assert.Equal(1, counter.Count("PUT"));
        Assert.Equal(1, counter.Count("GET"));
        Assert.All(counter.RequestUris, uri => Assert.Contains("/" + bucket + "/", uri!.AbsolutePath, StringComparison.Ordinal));
    }
}

/// <summary>Proves that the Azurite fixture starts a working endpoint and that bytes round-trip.</summary>
public sealed class AzuriteEmulatorSmokeTests(AzuriteFixture azurite) : IClassFixture<AzuriteFixture>
{
    [Fact]
    public async Task AzureBlob_UploadThenDownload_ReturnsTheSameBytes()
    {
        azurite.EnsureAvailable();
        TestContext.Current.TestOutputHelper?.WriteLine($"Azure Blob backend: {azurite.Backend} at {azurite.BlobEndpoint}");
        var ct = TestContext.Current.CancellationToken;
        var counter = new RequestCounter();
        var service = azurite.CreateServiceClient(counter);
        var container = service.GetBlobContainerClient(AzuriteFixture.UniqueContainerName("smoke"));
        await container.CreateAsync(cancellationToken: ct);
        var blob = container.GetBlobClient("threads/1/file.bin");
        var bytes = RandomNumberGenerator.GetBytes(300 * 1024);
        counter.Reset();

        await blob.UploadAsync(new BinaryData(bytes), ct);
        var downloaded = await blob.DownloadContentAsync(ct);

        Assert.Equal(bytes, downloaded.Value.Content.ToArray());
        Assert.Equal(1, counter.Count("PUT"));
        Assert.Equal(1, counter.Count("GET"));
        Assert.StartsWith(azurite.BlobEndpoint, counter.RequestUris[0]!.ToString(), StringComparison.Ordinal);
        Assert.IsType<BlobServiceClient>(service);
    }
}
