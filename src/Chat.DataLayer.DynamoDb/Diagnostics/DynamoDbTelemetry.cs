using System.Diagnostics.Metrics;
using Chat.DataLayer.Diagnostics;

namespace Chat.DataLayer.DynamoDb.Diagnostics;

/// <summary>
/// The DynamoDB instruments of <see cref="DynamoDbDataLayer"/>, on the shared <see cref="DataLayerTelemetry.Meter"/>
/// (<c>Chat.DataLayer</c>): one count per DynamoDB request sent and the capacity units it consumed, both tagged with
/// the DynamoDB operation. Subscribing to the <c>Chat.DataLayer</c> meter is enough to get them.
/// </summary>
public static class DynamoDbTelemetry
{
    /// <summary>Counter of DynamoDB requests sent; tag <see cref="OperationTag"/>.</summary>
    public const string RequestsInstrument = "chat.datalayer.dynamodb.requests";

    /// <summary>Counter of DynamoDB capacity units consumed; tag <see cref="OperationTag"/>.</summary>
    public const string ConsumedCapacityInstrument = "chat.datalayer.dynamodb.consumed_capacity";

    /// <summary>Tag naming the DynamoDB operation (for example <c>Query</c>).</summary>
    public const string OperationTag = "aws.dynamodb.operation";

    private static readonly Counter<long> Requests =
        DataLayerTelemetry.Meter.CreateCounter<long>(RequestsInstrument, "{request}", "DynamoDB requests sent.");

    private static readonly Counter<double> ConsumedCapacity =
        DataLayerTelemetry.Meter.CreateCounter<double>(ConsumedCapacityInstrument, "{capacity_unit}", "DynamoDB capacity units consumed.");

    /// <summary>Records one DynamoDB request and the capacity it consumed.</summary>
    internal static void RecordRequest(string dynamoDbOperation, double? capacityUnits)
    {
        var tag = new KeyValuePair<string, object?>(OperationTag, dynamoDbOperation);
        Requests.Add(1, tag);
        if (capacityUnits is { } units)
        {
            ConsumedCapacity.Add(units, tag);
        }
    }
}
