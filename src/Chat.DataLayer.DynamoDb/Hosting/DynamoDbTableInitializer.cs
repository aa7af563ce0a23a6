using Chat.DataLayer.DynamoDb;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace Chat.DataLayer.Hosting;

/// <summary>Creates the table at start-up when <see cref="DynamoDbDataLayerOptions.EnsureTableCreated"/> is set.</summary>
internal sealed class DynamoDbTableInitializer(IServiceProvider services, IOptions<DynamoDbDataLayerOptions> options) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        var settings = options.Value;
        if (settings.EnsureTableCreated)
        {
            var client = DynamoDbDataLayerServiceCollectionExtensions.ResolveClient(services, settings);
            await DynamoDbTableSchema.EnsureTableAsync(client, settings.TableName, cancellationToken: cancellationToken).ConfigureAwait(false);
        }
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
