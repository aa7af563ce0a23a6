using Chat.DataLayer.AgentFramework;
using Microsoft.Agents.AI;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Chat.DataLayer.Hosting;

/// <summary>Registration of the Agent Framework integration on a data layer builder.</summary>
public static class AgentFrameworkDataLayerBuilderExtensions
{
    /// <summary>
    /// Registers a <see cref="DataLayerChatHistoryProvider"/> singleton (also as <see cref="ChatHistoryProvider"/>) on
    /// the registered <see cref="IDataLayer"/>. Set it on an agent with
    /// <c>new ChatClientAgentOptions { ChatHistoryProvider = services.GetRequiredService&lt;DataLayerChatHistoryProvider&gt;() }</c>.
    /// A first registration wins.
    /// </summary>
    /// <param name="builder">The data layer builder.</param>
    /// <param name="configure">Adjusts the provider's settings.</param>
    /// <returns>The builder.</returns>
    public static IDataLayerBuilder AddAgentChatHistory(this IDataLayerBuilder builder, Action<DataLayerChatHistoryProviderOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.TryAddSingleton(services =>
        {
            var options = new DataLayerChatHistoryProviderOptions();
            configure?.Invoke(options);
            return new DataLayerChatHistoryProvider(services.GetRequiredService<IDataLayer>(), options);
        });
        builder.Services.TryAddSingleton<ChatHistoryProvider>(services => services.GetRequiredService<DataLayerChatHistoryProvider>());
        return builder;
    }

    /// <summary>
    /// Registers a <see cref="DataLayerAgentSessionStore"/> singleton (also as <see cref="AgentSessionStore"/>) on the
    /// registered <see cref="IDataLayer"/>. When <see cref="AddAgentChatHistory"/> registered a provider, new sessions are
    /// attached to their key's thread. Agent Framework marks session stores experimental (<c>MAAI001</c>).
    /// A first registration wins.
    /// </summary>
    /// <param name="builder">The data layer builder.</param>
    /// <param name="configure">Adjusts the store's settings.</param>
    /// <returns>The builder.</returns>
    [System.Diagnostics.CodeAnalysis.Experimental("MAAI001")]
    public static IDataLayerBuilder AddAgentSessionStore(this IDataLayerBuilder builder, Action<DataLayerAgentSessionStoreOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.TryAddSingleton(services =>
        {
            var options = new DataLayerAgentSessionStoreOptions { HistoryProvider = services.GetService<DataLayerChatHistoryProvider>() };
            configure?.Invoke(options);
            return new DataLayerAgentSessionStore(services.GetRequiredService<IDataLayer>(), options);
        });
        builder.Services.TryAddSingleton<AgentSessionStore>(services => services.GetRequiredService<DataLayerAgentSessionStore>());
        return builder;
    }
}
