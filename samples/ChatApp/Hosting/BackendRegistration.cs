using Amazon.DynamoDBv2;
using Amazon.Runtime;
using Azure.Storage.Blobs;
using Chat.DataLayer.DynamoDb;
using Chat.DataLayer.Hosting;
using Chat.DataLayer.Storage.AzureBlob;

namespace ChatApp.Hosting;

/// <summary>Registers the data layer, its DynamoDB client and its element storage as <see cref="BackendPlan"/> says.</summary>
internal static class BackendRegistration
{
    public const string DefaultTableName = "chat-app";
    public const string DefaultContainerName = "chat-files";

    public static BackendPlan AddChatAppBackends(this WebApplicationBuilder builder)
    {
        var configuration = builder.Configuration;
        var services = builder.Services;
        var plan = BackendPlan.FromConfiguration(configuration);
        services.AddSingleton(plan);

        var containerName = configuration["Storage:AzureBlob:ContainerName"] is { Length: > 0 } name ? name : DefaultContainerName;

        // First hosted service: the emulators run before the data layer's table initializer and before the server.
        if (plan.StartsEmulators)
        {
            services.AddSingleton(sp => new EmbeddedEmulators(plan, sp.GetRequiredService<ILogger<EmbeddedEmulators>>())
            {
                ContainerName = containerName,
            });
            services.AddHostedService(sp => sp.GetRequiredService<EmbeddedEmulators>());
        }

        if (plan.DynamoDb == DynamoDbBackend.Aws || plan.Storage == StorageBackend.S3)
        {
            // The AWS section (Region, Profile, ...) and the default credential chain, for the DynamoDB and S3 clients.
            services.AddDefaultAWSOptions(configuration.GetAWSOptions());
        }

        switch (plan.DynamoDb)
        {
            case DynamoDbBackend.Embedded:
                services.AddSingleton<IAmazonDynamoDB>(sp => LocalClient(sp.GetRequiredService<EmbeddedEmulators>().DynamoDbServiceUrl));
                break;
            case DynamoDbBackend.Endpoint:
                services.AddSingleton<IAmazonDynamoDB>(_ => LocalClient(plan.DynamoDbServiceUrl!));
                break;
            default:
                services.AddAWSService<IAmazonDynamoDB>();
                break;
        }

        var dataLayer = services.AddDynamoDbDataLayer(configuration.GetSection("ChatDataLayer"));
        services.PostConfigure<DynamoDbDataLayerOptions>(options =>
        {
            if (string.IsNullOrWhiteSpace(options.TableName))
            {
                options.TableName = DefaultTableName;
            }

            // A table the app's own emulator holds is always created; elsewhere ChatDataLayer:EnsureTableCreated decides.
            options.EnsureTableCreated |= plan.DynamoDb == DynamoDbBackend.Embedded;
        });

        if (plan.Storage == StorageBackend.S3)
        {
            // Storage:S3 (Bucket, UrlExpiry, UseChunkEncoding, ...) on the IAmazonS3 of the AWS configuration section.
            dataLayer.AddS3Storage(configuration.GetSection("Storage:S3"));
        }
        else if (plan.Storage != StorageBackend.None)
        {
            // Element files: Storage:AzureBlob (ContainerName, UrlExpiry, CreateContainerIfNotExists, ...) on a blob
            // service client for the configured connection string, or for the embedded azurite once it has started.
            Func<IServiceProvider, BlobServiceClient> blobService = plan.Storage == StorageBackend.Embedded
                ? sp => new BlobServiceClient(sp.GetRequiredService<EmbeddedEmulators>().BlobConnectionString)
                : _ => new BlobServiceClient(configuration["Storage:AzureBlob:ConnectionString"]);
            dataLayer.AddAzureBlobStorage(configuration.GetSection("Storage:AzureBlob"), blobService);
            services.PostConfigure<AzureBlobStorageOptions>(options => options.ContainerName = containerName);
        }

        services.AddHealthChecks().AddChatDataLayer();
        return plan;
    }

    // dynalite, DynamoDB Local and other emulators accept any key; the region only has to be valid.
    private static AmazonDynamoDBClient LocalClient(string serviceUrl) =>
        new(new BasicAWSCredentials("local", "local"),
            new AmazonDynamoDBConfig { ServiceURL = serviceUrl, AuthenticationRegion = "us-east-1" });
}
