using Chat.DataLayer.AI;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Chat.DataLayer.Hosting;

/// <summary>Registration of the Microsoft.Extensions.AI integration on a data layer builder.</summary>
public static class ChatDataLayerAIBuilderExtensions
{
    /// <summary>
    /// Registers the settings that <c>ChatClientBuilder.UseChatDataLayer()</c> picks up from the services (the data
    /// layer itself comes from the builder's own registration, such as <c>AddDynamoDbDataLayer</c>). A first
    /// registration wins.
    /// </summary>
    /// <param name="builder">The data layer builder.</param>
    /// <param name="configure">Adjusts the settings.</param>
    /// <returns>The builder.</returns>
    /// <exception cref="ArgumentException">A setting is invalid.</exception>
    public static IDataLayerBuilder AddChatClientPersistence(this IDataLayerBuilder builder, Action<ChatDataLayerChatClientOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var options = new ChatDataLayerChatClientOptions();
        configure?.Invoke(options);
        options.Validate();
        builder.Services.TryAddSingleton(options);
        return builder;
    }
}
