using Chat.DataLayer.DynamoDb;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Chat.DataLayer.Hosting;

/// <summary>Adds the data layer's health check: <c>services.AddHealthChecks().AddChatDataLayer()</c>.</summary>
public static class DataLayerHealthChecksBuilderExtensions
{
    /// <summary>Adds <see cref="DynamoDbDataLayerHealthCheck"/> (table ACTIVE, storage bucket or container present).</summary>
    /// <param name="builder">The health checks builder.</param>
    /// <param name="name">The check's name; default <c>chat-datalayer</c>.</param>
    /// <param name="failureStatus">The status to report on failure; default unhealthy.</param>
    /// <param name="tags">Tags to filter checks by.</param>
    /// <param name="timeout">How long the check may take.</param>
    public static IHealthChecksBuilder AddChatDataLayer(this IHealthChecksBuilder builder, string name = "chat-datalayer",
        HealthStatus? failureStatus = null, IEnumerable<string>? tags = null, TimeSpan? timeout = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        return builder.Add(new HealthCheckRegistration(
            name,
            sp => ActivatorUtilities.CreateInstance<DynamoDbDataLayerHealthCheck>(sp),
            failureStatus,
            tags,
            timeout));
    }
}
