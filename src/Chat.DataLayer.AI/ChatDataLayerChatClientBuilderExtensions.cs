using Microsoft.Extensions.AI;
using Microsoft.Extensions.DependencyInjection;

namespace Chat.DataLayer.AI;

/// <summary>Adds <see cref="ChatDataLayerChatClient"/> to a <see cref="ChatClientBuilder"/> pipeline.</summary>
public static class ChatDataLayerChatClientBuilderExtensions
{
    /// <summary>
    /// Persists every request and response of the pipeline in a data layer thread (see <see cref="ChatDataLayerChatClient"/>).
    /// </summary>
    /// <param name="builder">The pipeline.</param>
    /// <param name="dataLayer">The data layer; <see langword="null"/> resolves <see cref="IDataLayer"/> from the builder's services.</param>
    /// <param name="configure">Adjusts the settings (after those registered with
    /// <c>AddChatClientPersistence</c>, when the services have them).</param>
    /// <returns>The builder.</returns>
    public static ChatClientBuilder UseChatDataLayer(this ChatClientBuilder builder, IDataLayer? dataLayer = null,
        Action<ChatDataLayerChatClientOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        return builder.Use((inner, services) =>
        {
            var options = services.GetService<ChatDataLayerChatClientOptions>()?.Clone() ?? new ChatDataLayerChatClientOptions();
            configure?.Invoke(options);
            return new ChatDataLayerChatClient(inner, dataLayer ?? services.GetRequiredService<IDataLayer>(), options);
        });
    }
}
