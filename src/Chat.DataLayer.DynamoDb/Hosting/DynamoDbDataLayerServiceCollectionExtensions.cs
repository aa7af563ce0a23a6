using Amazon.DynamoDBv2;
using Chat.DataLayer.DynamoDb;
using Chat.DataLayer.DynamoDb.Files;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Chat.DataLayer.Hosting;

/// <summary>Registers <see cref="DynamoDbDataLayer"/> as the application's <see cref="IDataLayer"/>.</summary>
public static class DynamoDbDataLayerServiceCollectionExtensions
{
    /// <summary>
    /// Registers <see cref="DynamoDbDataLayer"/> as a singleton <see cref="IDataLayer"/>, with options validated at
    /// start-up. The DynamoDB client is the host's: an <c>IAmazonDynamoDB</c> it registered (for example with
    /// <c>AddAWSService&lt;IAmazonDynamoDB&gt;()</c>, which reads the <c>AWS</c> configuration section), a keyed one
    /// named by <see cref="DynamoDbDataLayerOptions.ServiceKey"/>, or else one created from the <c>AWS</c> section.
    /// Calling it twice, or registering your own <see cref="IDataLayer"/> first, is harmless.
    /// </summary>
    /// <param name="services">The service collection.</param>
    /// <param name="configure">Sets the options; <see cref="DynamoDbDataLayerOptions.TableName"/> is required.</param>
    /// <returns>A builder to chain a storage client on, such as <c>.AddS3Storage(...)</c>.</returns>
    public static IDataLayerBuilder AddDynamoDbDataLayer(this IServiceCollection services, Action<DynamoDbDataLayerOptions> configure)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configure);
        services.AddOptions<DynamoDbDataLayerOptions>().Configure(configure);
        return AddCore(services);
    }

    /// <summary>
    /// Registers <see cref="DynamoDbDataLayer"/> with options bound from a configuration section, such as
    /// <c>builder.Configuration.GetSection("ChatDataLayer")</c> holding <c>TableName</c>, <c>MaxPageSize</c>, ...
    /// </summary>
    /// <param name="services">The service collection.</param>
    /// <param name="configuration">The section to bind <see cref="DynamoDbDataLayerOptions"/> from.</param>
    /// <returns>A builder to chain a storage client on.</returns>
    public static IDataLayerBuilder AddDynamoDbDataLayer(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configuration);
        services.AddOptions<DynamoDbDataLayerOptions>().Bind(configuration);
        return AddCore(services);
    }

    private static DataLayerBuilder AddCore(IServiceCollection services)
    {
        services.AddOptions<DynamoDbDataLayerOptions>().ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<DynamoDbDataLayerOptions>, DynamoDbDataLayerOptionsValidator>());
        services.TryAddAWSService<IAmazonDynamoDB>();
        // Remote element downloads use a named client the host can configure; its handler follows no redirects.
        services.AddHttpClient(RemoteFileOptions.HttpClientName).ConfigurePrimaryHttpMessageHandler(RemoteFileFetcher.CreatePrimaryHandler);
        services.TryAddSingleton(sp =>
        {
            var options = sp.GetRequiredService<IOptions<DynamoDbDataLayerOptions>>().Value;
            var httpClients = sp.GetRequiredService<IHttpClientFactory>();
            return new DynamoDbDataLayer(
                ResolveClient(sp, options),
                options,
                sp.GetService<IStorageClient>(),
                sp.GetService<ILogger<DynamoDbDataLayer>>(),
                () => httpClients.CreateClient(RemoteFileOptions.HttpClientName));
        });
        services.TryAddSingleton<IDataLayer>(sp => sp.GetRequiredService<DynamoDbDataLayer>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IHostedService, DynamoDbTableInitializer>());
        return new DataLayerBuilder(services);
    }

    internal static IAmazonDynamoDB ResolveClient(IServiceProvider services, DynamoDbDataLayerOptions options) =>
        options.ServiceKey is null
            ? services.GetRequiredService<IAmazonDynamoDB>()
            : services.GetRequiredKeyedService<IAmazonDynamoDB>(options.ServiceKey);
}
