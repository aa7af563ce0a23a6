using Microsoft.Extensions.AI;

namespace Chat.DataLayer.AI;

/// <summary>Settings of <see cref="ChatDataLayerChatClient"/> (<c>UseChatDataLayer</c>).</summary>
public sealed class ChatDataLayerChatClientOptions
{
    /// <summary>
    /// Picks the thread a request belongs to. Asked first; when it is <see langword="null"/> or returns
    /// <see langword="null"/>, <see cref="ChatOptions.ConversationId"/> is the thread id. Use it when the inner client
    /// gives <c>ConversationId</c> its own meaning (a service-side conversation), or inside an agent (read the thread id
    /// from the agent's session). Default: <see langword="null"/>.
    /// </summary>
    public Func<IEnumerable<ChatMessage>, ChatOptions?, string?>? ThreadIdSelector { get; set; }

    /// <summary>
    /// The least time between two writes of a streaming reply's text (the step is created when the first update
    /// arrives and finished when the stream ends, whatever this is). Default 250 ms; <see cref="TimeSpan.Zero"/> writes
    /// on every update.
    /// </summary>
    public TimeSpan StreamingUpdateInterval { get; set; } = TimeSpan.FromMilliseconds(250);

    /// <summary>The clock for <c>CreatedAt</c> stamps and the streaming write interval. Default <see cref="TimeProvider.System"/>.</summary>
    public TimeProvider TimeProvider { get; set; } = TimeProvider.System;

    internal ChatDataLayerChatClientOptions Clone() => new()
    {
        ThreadIdSelector = ThreadIdSelector,
        StreamingUpdateInterval = StreamingUpdateInterval,
        TimeProvider = TimeProvider,
    };

    internal void Validate()
    {
        if (StreamingUpdateInterval < TimeSpan.Zero)
        {
            throw new ArgumentException($"{nameof(StreamingUpdateInterval)} must not be negative.", nameof(StreamingUpdateInterval));
        }

        if (TimeProvider is null)
        {
            throw new ArgumentException($"{nameof(TimeProvider)} is required.", nameof(TimeProvider));
        }
    }
}
