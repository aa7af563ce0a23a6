using Microsoft.Extensions.DependencyInjection;

namespace Chat.DataLayer.Hosting;

/// <summary>
/// Returned by a data layer's registration (<c>services.AddDynamoDbDataLayer(...)</c>) so that storage packages can
/// chain their own registration (<c>.AddS3Storage(...)</c>, <c>.AddAzureBlobStorage(...)</c>).
/// </summary>
public interface IDataLayerBuilder
{
    /// <summary>The service collection the data layer is registered in.</summary>
    IServiceCollection Services { get; }
}
