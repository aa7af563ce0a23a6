using Amazon.DynamoDBv2;
using Amazon.DynamoDBv2.Model;
using Amazon.Runtime;

namespace Chat.DataLayer.Benchmarks;

/// <summary>
/// A DynamoDB client that keeps every Query and UpdateItem request the data layer hands it, so that the raw-SDK
/// baseline can send exactly the requests the layer builds. With <see cref="Send"/> off it answers UpdateItem with an
/// empty response instead of sending (used to build requests ahead of a timed loop); with a
/// <see cref="CannedQueryResponse"/> it answers Query with it (used to measure the mapping alone).
/// </summary>
internal sealed class RecordingDynamoDbClient(AWSCredentials credentials, AmazonDynamoDBConfig config)
    : AmazonDynamoDBClient(credentials, config)
{
    private readonly object _lock = new();

    /// <summary>Whether requests go to the server; when off, UpdateItem answers an empty response.</summary>
    public bool Send { get; set; } = true;

    /// <summary>When set, every Query answers this response without sending.</summary>
    public QueryResponse? CannedQueryResponse { get; set; }

    /// <summary>The Query requests seen, in order.</summary>
    public List<QueryRequest> Queries { get; } = [];

    /// <summary>The UpdateItem requests seen, in order.</summary>
    public List<UpdateItemRequest> Updates { get; } = [];

    public override Task<QueryResponse> QueryAsync(QueryRequest request, CancellationToken cancellationToken = default)
    {
        if (CannedQueryResponse is { } canned)
        {
            return Task.FromResult(canned);
        }

        lock (_lock)
        {
            Queries.Add(request);
        }

        return base.QueryAsync(request, cancellationToken);
    }

    public override Task<UpdateItemResponse> UpdateItemAsync(UpdateItemRequest request, CancellationToken cancellationToken = default)
    {
        lock (_lock)
        {
            Updates.Add(request);
        }

        return Send ? base.UpdateItemAsync(request, cancellationToken) : Task.FromResult(new UpdateItemResponse());
    }
}
