using Chat.DataLayer;
using Chat.DataLayer.AI;
using Chat.DataLayer.AgentFramework;
using Microsoft.Agents.AI;
using Microsoft.Extensions.AI;

namespace ChatApp.Api;

/// <summary>
/// The assistant: an <see cref="IChatClient"/> (the stand-in, or a real model; see README.md) run as a
/// <see cref="ChatClientAgent"/> whose history is the thread itself (<see cref="DataLayerChatHistoryProvider"/>,
/// owned by the user), streaming through <c>UseChatDataLayer</c> so the reply's step exists while it is written.
/// </summary>
internal sealed class Assistant(IDataLayer data, IConfiguration configuration, TimeProvider time)
{
    public const string Name = "Assistant";

    // The one line to swap for a real model (README.md, "A real model").
    private readonly IChatClient _model = new StandInChatClient(
        configuration.GetValue<TimeSpan?>("ChatApp:AssistantWordDelay") ?? TimeSpan.FromMilliseconds(40), time);

    /// <summary>
    /// Runs the agent on the thread's stored conversation (the user's message is already there) and streams its
    /// updates. The provider is made per run with the user as owner: it refuses a thread that is someone else's.
    /// </summary>
    public IAsyncEnumerable<AgentResponseUpdate> RunAsync(string threadId, string user, CancellationToken cancellationToken)
    {
        var history = new DataLayerChatHistoryProvider(data, new DataLayerChatHistoryProviderOptions { UserId = user, TimeProvider = time });
        // No UseFunctionInvocation here: ChatClientAgent adds its own FunctionInvokingChatClient (what
        // UseFunctionInvocation adds) around this client. With a second one in this pipeline, the agent (1.28.0, with
        // per-service-call persistence) refused the run: "Only ConversationId or ChatHistoryProvider may be used".
        var chatClient = new ChatClientBuilder(_model)
            .UseChatDataLayer(data, o =>
            {
                o.ThreadIdSelector = (_, _) => history.GetCurrentThreadId();
                o.TimeProvider = time;
            })
            .Build();
        var agent = new ChatClientAgent(chatClient, new ChatClientAgentOptions
        {
            Name = Name,
            ChatOptions = new ChatOptions { Tools = [StandInChatClient.CountWordsTool] },
            ChatHistoryProvider = history,
            RequirePerServiceCallChatHistoryPersistence = true,
        });
        return RunCoreAsync(agent, history, threadId, user, cancellationToken);
    }

    private static async IAsyncEnumerable<AgentResponseUpdate> RunCoreAsync(ChatClientAgent agent, DataLayerChatHistoryProvider history,
        string threadId, string user, [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var session = await agent.CreateSessionAsync(cancellationToken);
        history.AttachThread(session, threadId, user);
        await foreach (var update in agent.RunStreamingAsync(session, cancellationToken: cancellationToken))
        {
            yield return update;
        }
    }
}
