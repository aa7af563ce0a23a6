using System.Reflection;
using Amazon.DynamoDBv2;
using Amazon.DynamoDBv2.Model;
using Amazon.Runtime;
using Amazon.Runtime.Internal;
using Chat.DataLayer.Diagnostics;

namespace Chat.DataLayer.DynamoDb.Internal;

/// <summary>
/// Every DynamoDB request the data layer sends goes through here: it asks for consumed capacity, names the library in
/// the User-Agent (per request, so a client the host owns is not reconfigured) and records request and capacity
/// metrics.
/// </summary>
internal sealed class DynamoDbRequests(IAmazonDynamoDB client)
{
    private static readonly string UserAgent = "lib/Chat.DataLayer#" +
        (typeof(DynamoDbRequests).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion?.Split('+')[0] ?? "0.0.0");

    public Task<GetItemResponse> GetItemAsync(GetItemRequest request, CancellationToken cancellationToken)
    {
        request.ReturnConsumedCapacity = ReturnConsumedCapacity.TOTAL;
        return SendAsync("GetItem", request, client.GetItemAsync, r => r.ConsumedCapacity?.CapacityUnits, cancellationToken);
    }

    public Task<PutItemResponse> PutItemAsync(PutItemRequest request, CancellationToken cancellationToken)
    {
        request.ReturnConsumedCapacity = ReturnConsumedCapacity.TOTAL;
        return SendAsync("PutItem", request, client.PutItemAsync, r => r.ConsumedCapacity?.CapacityUnits, cancellationToken);
    }

    public Task<UpdateItemResponse> UpdateItemAsync(UpdateItemRequest request, CancellationToken cancellationToken)
    {
        request.ReturnConsumedCapacity = ReturnConsumedCapacity.TOTAL;
        return SendAsync("UpdateItem", request, client.UpdateItemAsync, r => r.ConsumedCapacity?.CapacityUnits, cancellationToken);
    }

    public Task<DeleteItemResponse> DeleteItemAsync(DeleteItemRequest request, CancellationToken cancellationToken)
    {
        request.ReturnConsumedCapacity = ReturnConsumedCapacity.TOTAL;
        return SendAsync("DeleteItem", request, client.DeleteItemAsync, r => r.ConsumedCapacity?.CapacityUnits, cancellationToken);
    }

    public Task<QueryResponse> QueryAsync(QueryRequest request, CancellationToken cancellationToken)
    {
        request.ReturnConsumedCapacity = ReturnConsumedCapacity.TOTAL;
        return SendAsync("Query", request, client.QueryAsync, r => r.ConsumedCapacity?.CapacityUnits, cancellationToken);
    }

    public Task<BatchWriteItemResponse> BatchWriteItemAsync(BatchWriteItemRequest request, CancellationToken cancellationToken)
    {
        request.ReturnConsumedCapacity = ReturnConsumedCapacity.TOTAL;
        return SendAsync("BatchWriteItem", request, client.BatchWriteItemAsync,
            r => r.ConsumedCapacity?.Sum(c => c.CapacityUnits ?? 0), cancellationToken);
    }

    public Task<BatchGetItemResponse> BatchGetItemAsync(BatchGetItemRequest request, CancellationToken cancellationToken)
    {
        request.ReturnConsumedCapacity = ReturnConsumedCapacity.TOTAL;
        return SendAsync("BatchGetItem", request, client.BatchGetItemAsync,
            r => r.ConsumedCapacity?.Sum(c => c.CapacityUnits ?? 0), cancellationToken);
    }

    private static async Task<TResponse> SendAsync<TRequest, TResponse>(string operation, TRequest request,
        Func<TRequest, CancellationToken, Task<TResponse>> send, Func<TResponse, double?> capacity, CancellationToken cancellationToken)
        where TRequest : AmazonWebServiceRequest
    {
        ((IAmazonWebServiceRequest)request).UserAgentDetails.AddUserAgentComponent(UserAgent);
        try
        {
            var response = await send(request, cancellationToken).ConfigureAwait(false);
            DataLayerTelemetry.RecordDynamoDbRequest(operation, capacity(response));
            return response;
        }
        catch (Exception)
        {
            DataLayerTelemetry.RecordDynamoDbRequest(operation, null);
            throw;
        }
    }
}
