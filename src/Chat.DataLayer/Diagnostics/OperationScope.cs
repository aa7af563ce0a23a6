using System.Diagnostics;

namespace Chat.DataLayer.Diagnostics;

/// <summary>
/// One data-layer operation in flight: its span and its duration. Call <see cref="Fail"/> on error, then dispose.
/// </summary>
public sealed class OperationScope : IDisposable
{
    private readonly string _operation;
    private readonly Activity? _activity;
    private readonly long _started = Stopwatch.GetTimestamp();
    private bool _failed;
    private bool _disposed;

    internal OperationScope(string operation, Activity? activity)
    {
        _operation = operation;
        _activity = activity;
    }

    /// <summary>The operation's span, when something listens.</summary>
    public Activity? Activity => _activity;

    /// <summary>Marks the operation failed: the span gets an error status with the exception type, never its data.</summary>
    /// <param name="exception">The failure.</param>
    public void Fail(Exception exception)
    {
        ArgumentNullException.ThrowIfNull(exception);
        _failed = true;
        if (_activity is not null)
        {
            _activity.SetStatus(ActivityStatusCode.Error, exception.GetType().Name);
            _activity.SetTag("error.type", exception.GetType().FullName);
        }
    }

    /// <summary>Ends the span and records the operation's count and duration.</summary>
    public void Dispose()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        _activity?.SetTag(DataLayerTelemetry.OutcomeTag, _failed ? "error" : "success");
        _activity?.Dispose();
        DataLayerTelemetry.RecordOperation(_operation, !_failed, Stopwatch.GetElapsedTime(_started));
    }
}
