using System.Collections.Concurrent;
using System.Diagnostics;
using System.Diagnostics.Metrics;
using Chat.DataLayer.Diagnostics;
using Chat.DataLayer.DynamoDb.Diagnostics;
using Chat.DataLayer.Testing;
using Xunit;

namespace Chat.DataLayer.DynamoDb.Tests.Hosting;

/// <summary>Spans and measurements of the Chat.DataLayer ActivitySource and Meter, seen by real listeners.</summary>
public sealed class TelemetryTests(DynamoDbServerFixture dynamo) : IAsyncLifetime
{
    private readonly RequestCounter _counter = new();
    private readonly string _table = DynamoDbServerFixture.UniqueTableName("otel");
    private Amazon.DynamoDBv2.AmazonDynamoDBClient? _client;
    private DynamoDbDataLayer? _data;

    public async ValueTask InitializeAsync()
    {
        dynamo.EnsureAvailable();
        _client = dynamo.CreateClient(_counter);
        await DynamoDbTableSchema.EnsureTableAsync(_client, _table);
        _data = new DynamoDbDataLayer(_client, new DynamoDbDataLayerOptions { TableName = _table });
    }

    public async ValueTask DisposeAsync()
    {
        if (_client is not null)
        {
            await _client.DeleteTableAsync(_table);
            _client.Dispose();
        }
    }

    [Fact]
    public async Task Each_operation_is_one_span_tagged_with_ids_and_never_contents()
    {
        var threadId = "otel-" + Guid.NewGuid().ToString("N");
        var spans = new ConcurrentQueue<Activity>();
        using var listener = new ActivityListener
        {
            ShouldListenTo = s => s.Name == DataLayerTelemetry.SourceName,
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = a => { if (a.GetTagItem(DataLayerTelemetry.ThreadIdTag) as string == threadId) spans.Enqueue(a); },
        };
        ActivitySource.AddActivityListener(listener);

        await _data!.CreateStepAsync(new Step { Id = "s-1", ThreadId = threadId, Type = StepTypes.UserMessage, Output = "secret words" }, TestContext.Current.CancellationToken);
        await _data.GetThreadAsync(threadId, TestContext.Current.CancellationToken);

        Assert.Equal(["CreateStep", "GetThread"], spans.Select(s => s.OperationName).ToArray());
        var create = spans.First();
        Assert.Equal("s-1", create.GetTagItem(DataLayerTelemetry.EntityIdTag));
        Assert.Equal("success", create.GetTagItem(DataLayerTelemetry.OutcomeTag));
        Assert.DoesNotContain(spans.SelectMany(s => s.TagObjects), t => t.Value is string v && v.Contains("secret", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_failing_operation_ends_its_span_with_an_error_status()
    {
        var threadId = "otel-" + Guid.NewGuid().ToString("N");
        var spans = new ConcurrentQueue<Activity>();
        using var listener = new ActivityListener
        {
            ShouldListenTo = s => s.Name == DataLayerTelemetry.SourceName,
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = a => { if (a.GetTagItem(DataLayerTelemetry.ThreadIdTag) as string == threadId) spans.Enqueue(a); },
        };
        ActivitySource.AddActivityListener(listener);

        await Assert.ThrowsAsync<EntityNotFoundException>(() =>
            _data!.UpsertFeedbackAsync(new Feedback { ThreadId = threadId, ForId = "no-such-step", Value = 1 }, TestContext.Current.CancellationToken));

        var span = Assert.Single(spans);
        Assert.Equal(ActivityStatusCode.Error, span.Status);
        Assert.Equal("error", span.GetTagItem(DataLayerTelemetry.OutcomeTag));
    }

    [Fact]
    public async Task Metrics_count_operations_durations_requests_and_capacity()
    {
        var threadId = "otel-" + Guid.NewGuid().ToString("N");
        var longs = new ConcurrentQueue<(string Instrument, long Value, string? Tag)>();
        var doubles = new ConcurrentQueue<(string Instrument, double Value, string? Tag)>();
        using var meters = new MeterListener
        {
            InstrumentPublished = (instrument, l) =>
            {
                if (instrument.Meter.Name == DataLayerTelemetry.SourceName)
                {
                    l.EnableMeasurementEvents(instrument);
                }
            },
        };
        meters.SetMeasurementEventCallback<long>((i, v, tags, _) => longs.Enqueue((i.Name, v, TagValue(tags))));
        meters.SetMeasurementEventCallback<double>((i, v, tags, _) => doubles.Enqueue((i.Name, v, TagValue(tags))));
        meters.Start();

        _counter.Reset();
        await _data!.UpdateThreadAsync(threadId, name: "metered", userId: "u", cancellationToken: TestContext.Current.CancellationToken);
        await _data.GetThreadAsync(threadId, TestContext.Current.CancellationToken);
        var sent = _counter.Total;
        meters.Dispose();

        Assert.Contains(longs, m => m.Instrument == DataLayerTelemetry.OperationsInstrument && m.Tag == "UpdateThread");
        Assert.Contains(longs, m => m.Instrument == DataLayerTelemetry.OperationsInstrument && m.Tag == "GetThread");
        Assert.Contains(doubles, m => m.Instrument == DataLayerTelemetry.OperationDurationInstrument && m.Value > 0);
        // Other tests may run at the same time: at least our own requests were counted, tagged by operation.
        Assert.True(longs.Count(m => m.Instrument == DynamoDbTelemetry.RequestsInstrument) >= sent);
        Assert.Contains(longs, m => m.Instrument == DynamoDbTelemetry.RequestsInstrument && m.Tag == "UpdateItem");
        Assert.Contains(longs, m => m.Instrument == DynamoDbTelemetry.RequestsInstrument && m.Tag == "Query");
        Assert.Contains(doubles, m => m.Instrument == DynamoDbTelemetry.ConsumedCapacityInstrument && m.Value > 0);
    }

    [Fact]
    public async Task Requests_name_the_library_in_the_user_agent()
    {
        var agents = new ConcurrentQueue<string>();
        _counter.Intercept = request =>
        {
            agents.Enqueue(string.Join(' ', request.Headers.NonValidated
                .Where(h => h.Key.Contains("agent", StringComparison.OrdinalIgnoreCase))
                .SelectMany(h => h.Value)));
            return null;
        };
        try
        {
            await _data!.GetUserAsync("agent-" + Guid.NewGuid().ToString("N"), TestContext.Current.CancellationToken);
        }
        finally
        {
            _counter.Intercept = null;
        }

        Assert.Contains(agents, a => a.Contains("lib/Chat.DataLayer#", StringComparison.Ordinal));
    }

    private static string? TagValue(ReadOnlySpan<KeyValuePair<string, object?>> tags)
    {
        foreach (var tag in tags)
        {
            if (tag.Key is DataLayerTelemetry.OperationTag or DynamoDbTelemetry.OperationTag)
            {
                return tag.Value as string;
            }
        }

        return null;
    }
}
