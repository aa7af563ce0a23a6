using System.Diagnostics;
using System.Diagnostics.Metrics;
using System.Reflection;

namespace Chat.DataLayer.Diagnostics;

/// <summary>
/// The OpenTelemetry sources of the Chat.DataLayer packages: one <see cref="System.Diagnostics.ActivitySource"/> and one
/// <see cref="System.Diagnostics.Metrics.Meter"/>, both named <c>Chat.DataLayer</c>. Subscribe with
/// <c>.AddSource("Chat.DataLayer")</c> and <c>.AddMeter("Chat.DataLayer")</c>. Spans carry ids, never contents.
/// Backend-neutral: a backend package adds its own instruments to <see cref="Meter"/> and wraps each of its
/// operations in <see cref="StartOperation"/>.
/// </summary>
public static class DataLayerTelemetry
{
    /// <summary>The name of the activity source and of the meter.</summary>
    public const string SourceName = "Chat.DataLayer";

    /// <summary>Counter of data-layer operations; tags <c>chat.datalayer.operation</c>, <c>chat.datalayer.outcome</c>.</summary>
    public const string OperationsInstrument = "chat.datalayer.operations";

    /// <summary>Histogram of operation durations in seconds; tags as <see cref="OperationsInstrument"/>.</summary>
    public const string OperationDurationInstrument = "chat.datalayer.operation.duration";

    /// <summary>Counter of bytes uploaded to element storage; tag <c>chat.datalayer.store</c>.</summary>
    public const string StorageBytesUploadedInstrument = "chat.datalayer.storage.uploaded_bytes";

    /// <summary>Tag naming the data-layer operation (for example <c>GetThread</c>).</summary>
    public const string OperationTag = "chat.datalayer.operation";

    /// <summary>Tag with <c>success</c> or <c>error</c>.</summary>
    public const string OutcomeTag = "chat.datalayer.outcome";

    /// <summary>Tag with the thread id of the operation, when it has one.</summary>
    public const string ThreadIdTag = "chat.datalayer.thread_id";

    /// <summary>Tag with the id of the entity the operation is about (step, element, feedback), when it has one; never a user identifier (personal data).</summary>
    public const string EntityIdTag = "chat.datalayer.entity_id";

    /// <summary>Tag naming the storage backend (<c>s3</c>, <c>azureblob</c>).</summary>
    public const string StoreTag = "chat.datalayer.store";

    private static readonly string Version =
        typeof(DataLayerTelemetry).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion ?? "0.0.0";

    /// <summary>The activity source: one span per data-layer operation.</summary>
    public static ActivitySource ActivitySource { get; } = new(SourceName, Version);

    /// <summary>The meter of the instruments listed above, and of those backend packages add.</summary>
    public static Meter Meter { get; } = new(SourceName, Version);

    private static readonly Counter<long> Operations = Meter.CreateCounter<long>(OperationsInstrument, "{operation}", "Data-layer operations.");
    private static readonly Histogram<double> OperationDuration = Meter.CreateHistogram<double>(OperationDurationInstrument, "s", "Data-layer operation duration.");
    private static readonly Counter<long> StorageBytesUploaded = Meter.CreateCounter<long>(StorageBytesUploadedInstrument, "By", "Bytes uploaded to element storage.");

    /// <summary>Starts the span and measurements of one data-layer operation; dispose the scope when it ends.</summary>
    /// <param name="operation">The operation's name, such as <c>GetThread</c>.</param>
    /// <param name="threadId">The thread id, if any.</param>
    /// <param name="entityId">The step, element or user id, if any.</param>
    public static OperationScope StartOperation(string operation, string? threadId = null, string? entityId = null)
    {
        var activity = ActivitySource.StartActivity(operation, ActivityKind.Internal);
        if (activity is not null)
        {
            activity.SetTag(OperationTag, operation);
            if (threadId is not null)
            {
                activity.SetTag(ThreadIdTag, threadId);
            }

            if (entityId is not null)
            {
                activity.SetTag(EntityIdTag, entityId);
            }
        }

        return new OperationScope(operation, activity);
    }

    /// <summary>Records bytes uploaded to element storage.</summary>
    /// <param name="store">The backend: <c>s3</c> or <c>azureblob</c>.</param>
    /// <param name="bytes">The number of bytes.</param>
    public static void RecordStorageUpload(string store, long bytes) =>
        StorageBytesUploaded.Add(bytes, new KeyValuePair<string, object?>(StoreTag, store));

    internal static void RecordOperation(string operation, bool success, TimeSpan duration)
    {
        var tags = new TagList
        {
            { OperationTag, operation },
            { OutcomeTag, success ? "success" : "error" },
        };
        Operations.Add(1, tags);
        OperationDuration.Record(duration.TotalSeconds, tags);
    }
}
