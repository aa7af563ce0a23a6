namespace ChatApp.Hosting;

/// <summary>Where the app's DynamoDB table lives.</summary>
internal enum DynamoDbBackend
{
    /// <summary>A dynalite the app starts itself on a free loopback port (in memory).</summary>
    Embedded,

    /// <summary>An endpoint from <c>ChatDataLayer:DynamoDbServiceUrl</c> or <c>CHAT_DATALAYER_DYNAMODB_URL</c>.</summary>
    Endpoint,

    /// <summary>Amazon DynamoDB, with the <c>AWS</c> configuration section and the default credential chain.</summary>
    Aws,
}

/// <summary>Where element files live.</summary>
internal enum StorageBackend
{
    /// <summary>No storage: uploads are refused with a message saying how to configure one.</summary>
    None,

    /// <summary>An azurite-blob the app starts itself on a free loopback port (in memory).</summary>
    Embedded,

    /// <summary>Azure Blob Storage (or an Azurite you run) from <c>Storage:AzureBlob:ConnectionString</c>.</summary>
    AzureBlob,

    /// <summary>Amazon S3: the bucket <c>Storage:S3:Bucket</c>, with the <c>AWS</c> configuration section's client.</summary>
    S3,
}

/// <summary>
/// The services the app uses, decided once from configuration at start-up:
/// <list type="bullet">
/// <item><c>ChatApp:UseEmbeddedEmulators</c> = <c>true</c> forces the embedded emulators, <c>false</c> forbids them;</item>
/// <item>else <c>ChatDataLayer:DynamoDbServiceUrl</c> or <c>CHAT_DATALAYER_DYNAMODB_URL</c>: that endpoint
/// (<c>aws</c> means Amazon DynamoDB);</item>
/// <item>else AWS settings (an <c>AWS</c> section with <c>Region</c>/<c>Profile</c>/<c>ServiceURL</c>, or
/// <c>AWS_REGION</c>, <c>AWS_DEFAULT_REGION</c>, <c>AWS_PROFILE</c>): Amazon DynamoDB;</item>
/// <item>else the embedded dynalite.</item>
/// </list>
/// Element files go to <c>Storage:AzureBlob:ConnectionString</c> or <c>Storage:S3:Bucket</c> when one is set, else
/// to the embedded azurite-blob when DynamoDB is embedded, else nowhere (uploads disabled).
/// </summary>
/// <remarks>
/// The embedded emulators keep their data in memory, unless <c>ChatApp:Durable</c> (the <c>--durable</c> switch) or
/// <c>ChatApp:DataDirectory</c> is set: then on disk, in <see cref="DataDirectory"/>, across restarts.
/// </remarks>
internal sealed record BackendPlan(DynamoDbBackend DynamoDb, string? DynamoDbServiceUrl, StorageBackend Storage, string? DataDirectory = null)
{
    public const string EndpointVariable = "CHAT_DATALAYER_DYNAMODB_URL";

    /// <summary>The command-line switch for <c>ChatApp:Durable=true</c>.</summary>
    public const string DurableSwitch = "--durable";

    /// <summary>Where <c>--durable</c> keeps the embedded emulators' data when <c>ChatApp:DataDirectory</c> is not set.</summary>
    public static string DefaultDataDirectory =>
        Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.LocalApplicationData, Environment.SpecialFolderOption.DoNotVerify),
            "Chat.DataLayer", "ChatApp");

    /// <summary>Turns the bare <c>--durable</c> switch into the configuration key it stands for.</summary>
    public static string[] ExpandSwitches(string[] args) =>
        [.. args.Select(arg => string.Equals(arg, DurableSwitch, StringComparison.OrdinalIgnoreCase) ? "--ChatApp:Durable=true" : arg)];

    public bool StartsEmulators => DynamoDb == DynamoDbBackend.Embedded || Storage == StorageBackend.Embedded;

    public static BackendPlan FromConfiguration(IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var forceEmbedded = configuration.GetValue<bool?>("ChatApp:UseEmbeddedEmulators");
        var endpoint = NonEmpty(configuration["ChatDataLayer:DynamoDbServiceUrl"]) ?? NonEmpty(configuration[EndpointVariable]);
        var hasAzureBlob = NonEmpty(configuration["Storage:AzureBlob:ConnectionString"]) is not null;
        var hasS3 = NonEmpty(configuration["Storage:S3:Bucket"]) is not null;
        if (hasAzureBlob && hasS3)
        {
            throw new InvalidOperationException(
                "Configure one storage for element files: Storage:AzureBlob:ConnectionString or Storage:S3:Bucket, not both.");
        }

        DynamoDbBackend dynamoDb;
        if (forceEmbedded == true)
        {
            dynamoDb = DynamoDbBackend.Embedded;
            endpoint = null;
        }
        else if (endpoint is not null)
        {
            dynamoDb = string.Equals(endpoint, "aws", StringComparison.OrdinalIgnoreCase) ? DynamoDbBackend.Aws : DynamoDbBackend.Endpoint;
            if (dynamoDb == DynamoDbBackend.Aws)
            {
                endpoint = null;
            }
            else if (!Uri.TryCreate(endpoint, UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https"))
            {
                throw new InvalidOperationException(
                    $"ChatDataLayer:DynamoDbServiceUrl / {EndpointVariable} must be an http(s) URL or 'aws', not '{endpoint}'.");
            }
        }
        else if (HasAwsSettings(configuration))
        {
            dynamoDb = DynamoDbBackend.Aws;
        }
        else if (forceEmbedded == false)
        {
            throw new InvalidOperationException(
                "ChatApp:UseEmbeddedEmulators is false but no DynamoDB is configured: set ChatDataLayer:DynamoDbServiceUrl "
                + $"(or {EndpointVariable}), or AWS settings (an AWS:Region, AWS_REGION or AWS_PROFILE).");
        }
        else
        {
            dynamoDb = DynamoDbBackend.Embedded;
        }

        var storage = hasAzureBlob ? StorageBackend.AzureBlob
            : hasS3 ? StorageBackend.S3
            : dynamoDb == DynamoDbBackend.Embedded ? StorageBackend.Embedded
            : StorageBackend.None;
        var dataDirectory = NonEmpty(configuration["ChatApp:DataDirectory"])
            ?? (configuration.GetValue<bool?>("ChatApp:Durable") == true ? DefaultDataDirectory : null);
        return new BackendPlan(dynamoDb, endpoint, storage, dataDirectory is null ? null : Path.GetFullPath(dataDirectory));
    }

    public string Describe() =>
        (DynamoDb switch
        {
            DynamoDbBackend.Embedded => $"DynamoDB: embedded dynalite ({Keeping})",
            DynamoDbBackend.Endpoint => $"DynamoDB: {DynamoDbServiceUrl}",
            _ => "DynamoDB: AWS (AWS configuration section / default credential chain)",
        })
        + "; " + (Storage switch
        {
            StorageBackend.Embedded => $"files: embedded azurite-blob ({Keeping})",
            StorageBackend.AzureBlob => "files: Azure Blob Storage (Storage:AzureBlob)",
            StorageBackend.S3 => "files: Amazon S3 (Storage:S3)",
            _ => "files: none configured (uploads disabled)",
        });

    private string Keeping => DataDirectory is null ? "in memory; --durable keeps the data" : $"kept in {DataDirectory}";

    private static bool HasAwsSettings(IConfiguration configuration)
    {
        var aws = configuration.GetSection("AWS");
        return NonEmpty(aws["Region"]) is not null
            || NonEmpty(aws["Profile"]) is not null
            || NonEmpty(aws["ServiceURL"]) is not null
            || NonEmpty(configuration["AWS_REGION"]) is not null
            || NonEmpty(configuration["AWS_DEFAULT_REGION"]) is not null
            || NonEmpty(configuration["AWS_PROFILE"]) is not null;
    }

    private static string? NonEmpty(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();
}
