using Azure.Storage.Blobs;
using Chat.DataLayer.Storage.AzureBlob;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Chat.DataLayer.Hosting;

/// <summary>Registers <see cref="AzureBlobStorageClient"/> as the data layer's element storage.</summary>
public static class AzureBlobStorageDataLayerBuilderExtensions
{
    /// <summary>The name this package registers in <see cref="StorageClientRegistration"/>.</summary>
    public const string RegistrationName = "azureblob";

    /// <summary>
    /// Registers <see cref="AzureBlobStorageClient"/> as the singleton <see cref="IStorageClient"/>, with options
    /// validated at start-up, on the host's blob service client: a keyed <see cref="BlobServiceClient"/> named by
    /// <see cref="AzureBlobStorageOptions.ServiceKey"/>, or the unkeyed one (for example from
    /// <c>AddAzureClients(b =&gt; b.AddBlobServiceClient(...))</c>). Calling it twice is harmless; the first
    /// registration's client wins.
    /// </summary>
    /// <param name="builder">The data layer's builder, from <c>services.AddDynamoDbDataLayer(...)</c>.</param>
    /// <param name="configure">Sets the options; <see cref="AzureBlobStorageOptions.ContainerName"/> is required.</param>
    /// <returns>The same builder.</returns>
    public static IDataLayerBuilder AddAzureBlobStorage(this IDataLayerBuilder builder, Action<AzureBlobStorageOptions> configure)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(configure);
        builder.Services.AddOptions<AzureBlobStorageOptions>().Configure(configure);
        return AddCore(builder, null);
    }

    /// <summary>
    /// Registers <see cref="AzureBlobStorageClient"/> as the singleton <see cref="IStorageClient"/>, with options
    /// validated at start-up, on the blob service client that <paramref name="clientFactory"/> creates.
    /// </summary>
    /// <param name="builder">The data layer's builder.</param>
    /// <param name="configure">Sets the options; <see cref="AzureBlobStorageOptions.ContainerName"/> is required.</param>
    /// <param name="clientFactory">Creates the blob service client once, such as
    /// <c>_ =&gt; new BlobServiceClient(connectionString)</c>.</param>
    /// <returns>The same builder.</returns>
    public static IDataLayerBuilder AddAzureBlobStorage(this IDataLayerBuilder builder, Action<AzureBlobStorageOptions> configure,
        Func<IServiceProvider, BlobServiceClient> clientFactory)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(configure);
        ArgumentNullException.ThrowIfNull(clientFactory);
        builder.Services.AddOptions<AzureBlobStorageOptions>().Configure(configure);
        return AddCore(builder, clientFactory);
    }

    /// <summary>
    /// Registers <see cref="AzureBlobStorageClient"/> with options bound from a configuration section, such as
    /// <c>builder.Configuration.GetSection("Storage:AzureBlob")</c> holding <c>ContainerName</c>, <c>UrlExpiry</c>, ...,
    /// on the host's blob service client (see <see cref="AddAzureBlobStorage(IDataLayerBuilder, Action{AzureBlobStorageOptions})"/>).
    /// </summary>
    /// <param name="builder">The data layer's builder.</param>
    /// <param name="configuration">The section to bind <see cref="AzureBlobStorageOptions"/> from.</param>
    /// <returns>The same builder.</returns>
    public static IDataLayerBuilder AddAzureBlobStorage(this IDataLayerBuilder builder, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(configuration);
        builder.Services.AddOptions<AzureBlobStorageOptions>().Bind(configuration);
        return AddCore(builder, null);
    }

    /// <summary>
    /// Registers <see cref="AzureBlobStorageClient"/> with options bound from a configuration section, on the blob
    /// service client that <paramref name="clientFactory"/> creates.
    /// </summary>
    /// <param name="builder">The data layer's builder.</param>
    /// <param name="configuration">The section to bind <see cref="AzureBlobStorageOptions"/> from.</param>
    /// <param name="clientFactory">Creates the blob service client once.</param>
    /// <returns>The same builder.</returns>
    public static IDataLayerBuilder AddAzureBlobStorage(this IDataLayerBuilder builder, IConfiguration configuration,
        Func<IServiceProvider, BlobServiceClient> clientFactory)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(configuration);
        ArgumentNullException.ThrowIfNull(clientFactory);
        builder.Services.AddOptions<AzureBlobStorageOptions>().Bind(configuration);
        return AddCore(builder, clientFactory);
    }

    private static IDataLayerBuilder AddCore(IDataLayerBuilder builder, Func<IServiceProvider, BlobServiceClient>? clientFactory) =>
        StorageRegistration.AddStorageClient<AzureBlobStorageClient, AzureBlobStorageOptions, AzureBlobStorageOptionsValidator>(
            builder, RegistrationName, (sp, options) =>
            {
                var service = clientFactory?.Invoke(sp) ?? ResolveServiceClient(sp, options);
                return new AzureBlobStorageClient(service, options, sp.GetService<ILogger<AzureBlobStorageClient>>());
            });

    private static BlobServiceClient ResolveServiceClient(IServiceProvider services, AzureBlobStorageOptions options)
    {
        var client = options.ServiceKey is null
            ? services.GetService<BlobServiceClient>()
            : services.GetKeyedService<BlobServiceClient>(options.ServiceKey);
        return client ?? throw new InvalidOperationException(
            $"AddAzureBlobStorage found no {nameof(BlobServiceClient)}"
            + (options.ServiceKey is null ? "" : $" with the service key '{options.ServiceKey}'")
            + ": register one (e.g. AddAzureClients(b => b.AddBlobServiceClient(...))) or pass a client factory.");
    }
}
