using System.Runtime.CompilerServices;
using Microsoft.Extensions.AI;

namespace ChatApp.Api;

/// <summary>
/// The stand-in for a model, an <see cref="IChatClient"/> with no network: for a new user message it first calls the
/// <c>count_words</c> tool (when the request offers it), then, once the tool's result is in the conversation, streams
/// <c>Echo: </c> and the user's words, one word per update with a pause between them (<c>ChatApp:AssistantWordDelay</c>,
/// default 40 ms). Deterministic, so the browser tests know what to expect. Swap it for a real client in
/// <see cref="Assistant"/> (see README.md).
/// </summary>
internal sealed class StandInChatClient(TimeSpan wordDelay, TimeProvider time) : IChatClient
{
    public const string ToolName = "count_words";

    public async Task<ChatResponse> GetResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null,
        CancellationToken cancellationToken = default) =>
        await GetStreamingResponseAsync(messages, options, cancellationToken).ToChatResponseAsync(cancellationToken);

    public async IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(IEnumerable<ChatMessage> messages,
        ChatOptions? options = null, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var list = messages as IList<ChatMessage> ?? messages.ToList();
        var question = list.LastOrDefault(m => m.Role == ChatRole.User)?.Text ?? "";
        var responseId = Guid.NewGuid().ToString("N");
        var toolAnswered = list.Count > 0 && list[^1].Role == ChatRole.Tool;
        var offered = options?.Tools?.Any(t => t.Name == ToolName) == true;
        if (!toolAnswered && offered)
        {
            await Task.Delay(wordDelay, time, cancellationToken);
            var arguments = new Dictionary<string, object?> { ["text"] = question };
            yield return new ChatResponseUpdate(ChatRole.Assistant, [new FunctionCallContent("call-" + responseId, ToolName, arguments)])
            {
                MessageId = responseId,
                FinishReason = ChatFinishReason.ToolCalls,
            };
            yield break;
        }

        var words = ("Echo: " + question).Split(' ');
        for (var i = 0; i < words.Length; i++)
        {
            await Task.Delay(wordDelay, time, cancellationToken);
            yield return new ChatResponseUpdate(ChatRole.Assistant, i == 0 ? words[i] : " " + words[i])
            {
                MessageId = responseId,
            };
        }

        yield return new ChatResponseUpdate { Role = ChatRole.Assistant, MessageId = responseId, FinishReason = ChatFinishReason.Stop };
    }

    /// <summary>The tool the stand-in calls: the number of words in a text.</summary>
    public static AIFunction CountWordsTool { get; } = AIFunctionFactory.Create(
        (string text) => text.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries).Length,
        ToolName, "Counts the words in a text.");

    public object? GetService(Type serviceType, object? serviceKey = null) =>
        serviceKey is null && serviceType.IsInstanceOfType(this) ? this : null;

    public void Dispose()
    {
    }
}
