using Amazon.S3;
using Chat.DataLayer.Storage.S3;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Chat.DataLayer.Hosting;

/// <summary>Registers <see cref="S3StorageClient"/> as the data layer's element storage.</summary>
public static class S3StorageDataLayerBuilderExtensions
{
    /// <summary>The name this package registers in <see cref="StorageClientRegistration"/>.</summary>
    public const string RegistrationName = "s3";

    /// <summary>
    /// Registers <see cref="S3StorageClient"/> as the singleton <see cref="IStorageClient"/>, with options validated at
    /// start-up. The S3 client is the host's: an <c>IAmazonS3</c> it registered (for example with
    /// <c>AddAWSService&lt;IAmazonS3&gt;()</c>, which reads the <c>AWS</c> configuration section), a keyed one named by
    /// <see cref="S3StorageOptions.ServiceKey"/>, or else one created from the <c>AWS</c> section. Calling it twice is
    /// harmless.
    /// </summary>
    /// <param name="builder">The data layer's builder, from <c>services.AddDynamoDbDataLayer(...)</c>.</param>
    /// <param name="configure">Sets the options; <see cref="S3StorageOptions.Bucket"/> is required.</param>
    /// <returns>The same builder.</returns>
    public static IDataLayerBuilder AddS3Storage(this IDataLayerBuilder builder, Action<S3StorageOptions> configure)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(configure);
        builder.Services.AddOptions<S3StorageOptions>().Configure(configure);
        return AddCore(builder);
    }

    /// <summary>
    /// Registers <see cref="S3StorageClient"/> with options bound from a configuration section, such as
    /// <c>builder.Configuration.GetSection("Storage:S3")</c> holding <c>Bucket</c>, <c>UrlExpiry</c>, ...
    /// </summary>
    /// <param name="builder">The data layer's builder.</param>
    /// <param name="configuration">The section to bind <see cref="S3StorageOptions"/> from.</param>
    /// <returns>The same builder.</returns>
    public static IDataLayerBuilder AddS3Storage(this IDataLayerBuilder builder, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(configuration);
        builder.Services.AddOptions<S3StorageOptions>().Bind(configuration);
        return AddCore(builder);
    }

    private static IDataLayerBuilder AddCore(IDataLayerBuilder builder)
    {
        builder.Services.TryAddAWSService<IAmazonS3>();
        return StorageRegistration.AddStorageClient<S3StorageClient, S3StorageOptions, S3StorageOptionsValidator>(
            builder, RegistrationName, static (sp, options) =>
            {
                var client = options.ServiceKey is null
                    ? sp.GetRequiredService<IAmazonS3>()
                    : sp.GetRequiredKeyedService<IAmazonS3>(options.ServiceKey);
                return new S3StorageClient(client, options, sp.GetService<ILogger<S3StorageClient>>());
            });
    }
}
