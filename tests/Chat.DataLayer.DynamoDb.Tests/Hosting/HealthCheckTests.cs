using Chat.DataLayer.Hosting;
using Chat.DataLayer.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Hosting;
using Xunit;

namespace Chat.DataLayer.DynamoDb.Tests.Hosting;

public sealed class HealthCheckTests(DynamoDbServerFixture dynamo)
{
    [Fact]
    public async Task Healthy_when_the_table_is_active()
    {
        dynamo.EnsureAvailable();
        var report = await CheckAsync(DynamoDbServerFixture.UniqueTableName("health"), ensureTable: true);

        var entry = Assert.Single(report.Entries);
        Assert.Equal("chat-datalayer", entry.Key);
        Assert.Equal(HealthStatus.Healthy, entry.Value.Status);
        Assert.Equal("ACTIVE", entry.Value.Data["tableStatus"]);
    }

    [Fact]
    public async Task Unhealthy_when_the_table_does_not_exist()
    {
        dynamo.EnsureAvailable();
        var report = await CheckAsync(DynamoDbServerFixture.UniqueTableName("missing"), ensureTable: false);

        Assert.Equal(HealthStatus.Unhealthy, report.Status);
        Assert.Contains("unreachable", report.Entries["chat-datalayer"].Description, StringComparison.Ordinal);
    }

    private async Task<HealthReport> CheckAsync(string table, bool ensureTable)
    {
        var builder = HostingTestSupport.NewBuilder(dynamo);
        builder.Services.AddDynamoDbDataLayer(o =>
        {
            o.TableName = table;
            o.EnsureTableCreated = ensureTable;
        });
        builder.Services.AddHealthChecks().AddChatDataLayer();
        using var host = builder.Build();
        await host.StartAsync(TestContext.Current.CancellationToken);
        var report = await host.Services.GetRequiredService<HealthCheckService>().CheckHealthAsync(TestContext.Current.CancellationToken);
        await host.StopAsync(TestContext.Current.CancellationToken);
        return report;
    }
}
