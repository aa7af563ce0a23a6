using Amazon.DynamoDBv2;
using Chat.DataLayer.DynamoDb;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;

namespace Chat.DataLayer.Hosting;

/// <summary>
/// Healthy when the table has the layout the data layer needs, it (and its <c>UserThread</c> index) is ACTIVE and,
/// when a storage client that can tell is registered, its bucket or container exists. One DescribeTable request, plus
/// one storage request.
/// </summary>
/// <remarks>
/// A table of the wrong shape (key names or types, the <c>UserThread</c> index missing or keyed otherwise, a projection
/// without <c>id</c> and <c>name</c>) is reported with the registration's failure status; the description lists every
/// difference, and <see cref="HealthCheckResult.Data"/> holds them as <c>problems</c> (a list of strings). The rule is
/// the one <see cref="DynamoDbTableSchema.EnsureTableAsync"/> applies.
/// </remarks>
public sealed class DynamoDbDataLayerHealthCheck : IHealthCheck
{
    private readonly IServiceProvider _services;
    private readonly DynamoDbDataLayerOptions _options;

    /// <summary>Creates the health check.</summary>
    /// <param name="services">Resolves the DynamoDB and storage clients the data layer uses.</param>
    /// <param name="options">The data layer's options.</param>
    public DynamoDbDataLayerHealthCheck(IServiceProvider services, IOptions<DynamoDbDataLayerOptions> options)
    {
        ArgumentNullException.ThrowIfNull(options);
        _services = services ?? throw new ArgumentNullException(nameof(services));
        _options = options.Value;
    }

    /// <inheritdoc />
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(context);
        var data = new Dictionary<string, object> { ["table"] = _options.TableName };
        try
        {
            var client = DynamoDbDataLayerServiceCollectionExtensions.ResolveClient(_services, _options);
            var table = (await client.DescribeTableAsync(_options.TableName, cancellationToken).ConfigureAwait(false)).Table;
            data["tableStatus"] = table.TableStatus.Value;
            if (TableLayoutCheck.Problems(table) is { Count: > 0 } problems)
            {
                data["problems"] = problems;
                return new HealthCheckResult(context.Registration.FailureStatus,
                    TableLayoutMismatchException.Describe(_options.TableName, problems), data: data);
            }

            var index = table.GlobalSecondaryIndexes?.FirstOrDefault(i => i.IndexName == DynamoDbTableSchema.UserThreadIndexName);
            if (table.TableStatus != TableStatus.ACTIVE || index?.IndexStatus != IndexStatus.ACTIVE)
            {
                return new HealthCheckResult(context.Registration.FailureStatus,
                    $"Table '{_options.TableName}' is {table.TableStatus}; its {DynamoDbTableSchema.UserThreadIndexName} index is {index?.IndexStatus?.Value ?? "missing"}.",
                    data: data);
            }

            if (_services.GetService<IStorageClient>() is IStorageHealthProbe storage)
            {
                data["storage"] = storage.StorageDescription;
                if (!await storage.StorageExistsAsync(cancellationToken).ConfigureAwait(false))
                {
                    return new HealthCheckResult(context.Registration.FailureStatus, $"Storage {storage.StorageDescription} does not exist.", data: data);
                }
            }

            return HealthCheckResult.Healthy($"Table '{_options.TableName}' is ACTIVE.", data);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            throw;
        }
        catch (Exception ex)
        {
            return new HealthCheckResult(context.Registration.FailureStatus, $"The data layer's store is unreachable: {ex.Message}", ex, data);
        }
    }
}
