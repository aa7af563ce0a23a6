using Microsoft.Agents.AI;

namespace Chat.DataLayer.AgentFramework;

/// <summary>Settings of <see cref="DataLayerChatHistoryProvider"/>.</summary>
public sealed class DataLayerChatHistoryProviderOptions
{
    /// <summary>
    /// The owner of every thread this provider writes (so the thread appears in that user's <c>ListThreadsAsync</c>).
    /// Used when <see cref="UserIdSelector"/> is <see langword="null"/> or returns <see langword="null"/>. Default: none
    /// (threads without owner).
    /// </summary>
    public string? UserId { get; set; }

    /// <summary>
    /// Picks the owner of a new session's thread (for example from the signed-in user of the current request). Asked
    /// once per session, when its state is first made; the answer is kept in the session. Default: none.
    /// </summary>
    public Func<AgentSession?, string?>? UserIdSelector { get; set; }

    /// <summary>Makes the thread id of a new session. Default: a new GUID (32 hex digits).</summary>
    public Func<AgentSession?, string>? ThreadIdFactory { get; set; }

    /// <summary>
    /// The most messages provided to the model per run (the latest ones; a tool result whose call was cut off is
    /// dropped too). <see langword="null"/> (default) provides the whole thread. The thread itself keeps everything.
    /// </summary>
    public int? MaxMessages { get; set; }

    /// <summary>The key of this provider's state in the session's state bag. Default <c>DataLayerChatHistoryProvider</c>.</summary>
    public string? StateKey { get; set; }

    /// <summary>The clock for <c>CreatedAt</c> stamps on messages that have none. Default <see cref="TimeProvider.System"/>.</summary>
    public TimeProvider TimeProvider { get; set; } = TimeProvider.System;

    internal void Validate()
    {
        if (MaxMessages is < 1)
        {
            throw new ArgumentException($"{nameof(MaxMessages)} must be at least 1 (or null for no cap).", nameof(MaxMessages));
        }

        if (StateKey is not null && string.IsNullOrWhiteSpace(StateKey))
        {
            throw new ArgumentException($"{nameof(StateKey)} must not be blank.", nameof(StateKey));
        }

        if (TimeProvider is null)
        {
            throw new ArgumentException($"{nameof(TimeProvider)} is required.", nameof(TimeProvider));
        }
    }
}
