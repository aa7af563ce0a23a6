using System.Runtime.CompilerServices;
using Microsoft.Extensions.AI;

namespace Chat.DataLayer.AI.Tests;

/// <summary>
/// A deterministic <see cref="IChatClient"/>: <see cref="Script"/> turns the request into the reply's updates (no
/// network). Records a JSON copy of every request at the time it was made.
/// </summary>
internal sealed class ScriptedChatClient(Func<IReadOnlyList<ChatMessage>, IReadOnlyList<ChatResponseUpdate>> script) : IChatClient
{
    public List<string> RequestJson { get; } = [];

    public List<List<ChatMessage>> Requests { get; } = [];

    /// <summary>Runs before update <c>n</c> (0-based) is yielded: gate, cancel or throw there.</summary>
    public Func<int, Task>? BeforeUpdate { get; set; }

    public Task<ChatResponse> GetResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default)
    {
        var request = Record(messages);
        return Task.FromResult(script(request).ToChatResponse());
    }

    public async IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null,
        [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var request = Record(messages);
        var n = 0;
        foreach (var update in script(request))
        {
            if (BeforeUpdate is { } before)
            {
                await before(n);
            }

            cancellationToken.ThrowIfCancellationRequested();
            n++;
            yield return update;
        }
    }

    public object? GetService(Type serviceType, object? serviceKey = null) => null;

    public void Dispose()
    {
    }

    private List<ChatMessage> Record(IEnumerable<ChatMessage> messages)
    {
        var request = messages.ToList();
        lock (Requests)
        {
            Requests.Add(request);
            RequestJson.Add(AiTestBase.ContentsJson(request));
        }

        return request;
    }

    /// <summary>Streams a text reply word by word, then usage.</summary>
    public static IReadOnlyList<ChatResponseUpdate> Words(string text, string? messageId = null)
    {
        var words = text.Split(' ');
        var updates = words.Select((w, i) => new ChatResponseUpdate(ChatRole.Assistant, i == 0 ? w : " " + w) { MessageId = messageId }).ToList();
        updates.Add(new ChatResponseUpdate { Role = ChatRole.Assistant, MessageId = messageId, Contents = [new UsageContent(new UsageDetails { InputTokenCount = 7, OutputTokenCount = words.Length, TotalTokenCount = 7 + words.Length })] });
        return updates;
    }
}
