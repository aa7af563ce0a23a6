namespace Chat.DataLayer.DynamoDb.Tests.Behaviour;

/// <summary>
/// A clock the test sets and advances by hand, so that ordering by time is deterministic. Only the current time
/// is manual: timers (used by retry back-off) still run on the system clock.
/// </summary>
public sealed class ManualTimeProvider : TimeProvider
{
    private readonly object _gate = new();
    private DateTimeOffset _utcNow;

    /// <summary>Starts at <paramref name="start"/> (UTC), or at a fixed, recent instant.</summary>
    public ManualTimeProvider(DateTimeOffset? start = null)
    {
        _utcNow = (start ?? new DateTimeOffset(2025, 3, 1, 9, 0, 0, TimeSpan.Zero)).ToUniversalTime();
    }

    /// <inheritdoc />
    public override TimeZoneInfo LocalTimeZone => TimeZoneInfo.Utc;

    /// <inheritdoc />
    public override DateTimeOffset GetUtcNow()
    {
        lock (_gate)
        {
            return _utcNow;
        }
    }

    /// <summary>Sets the current time.</summary>
    public void SetUtcNow(DateTimeOffset value)
    {
        lock (_gate)
        {
            _utcNow = value.ToUniversalTime();
        }
    }

    /// <summary>Moves the clock forward (default one second) and returns the new time.</summary>
    public DateTimeOffset Advance(TimeSpan? by = null)
    {
        var step = by ?? TimeSpan.FromSeconds(1);
        if (step < TimeSpan.Zero)
        {
            throw new ArgumentOutOfRangeException(nameof(by), "The clock only moves forward.");
        }

        lock (_gate)
        {
            _utcNow += step;
            return _utcNow;
        }
    }
}
