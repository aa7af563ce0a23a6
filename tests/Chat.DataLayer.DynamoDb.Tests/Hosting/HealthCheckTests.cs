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

    public static TheoryData<string> WrongShapes => new(TableShapes.WrongNames);

    public static TheoryData<string> RightShapes => new(TableShapes.RightNames);

    [Theory]
    [MemberData(nameof(WrongShapes))]
    public async Task Unhealthy_with_every_problem_when_the_table_has_the_wrong_shape(string shape)
    {
        await TableShapes.WithTableAsync(dynamo, shape, async (_, table) =>
        {
            var report = await CheckAsync(table, ensureTable: false);

            var entry = report.Entries["chat-datalayer"];
            var expected = TableShapes.Wrong[shape].Problems;
            Assert.Equal(HealthStatus.Unhealthy, entry.Status);
            Assert.Equal(expected, Assert.IsAssignableFrom<IReadOnlyList<string>>(entry.Data["problems"]));
            Assert.Equal($"DynamoDB table '{table}' does not have the layout the data layer needs: {string.Join("; ", expected)}.", entry.Description);
            Assert.Null(entry.Exception);
        });
    }

    [Theory]
    [MemberData(nameof(RightShapes))]
    public async Task Healthy_on_a_table_of_an_accepted_shape_made_by_hand(string shape)
    {
        await TableShapes.WithTableAsync(dynamo, shape, async (_, table) =>
        {
            var report = await CheckAsync(table, ensureTable: false);

            var entry = report.Entries["chat-datalayer"];
            Assert.Equal(HealthStatus.Healthy, entry.Status);
            Assert.False(entry.Data.ContainsKey("problems"));
        });
    }

    [Fact]
    public async Task EnsureTableCreated_stops_the_host_on_a_table_of_the_wrong_shape()
    {
        await TableShapes.WithTableAsync(dynamo, "typo in sort key", async (_, table) =>
        {
            var error = await Assert.ThrowsAsync<TableLayoutMismatchException>(() => CheckAsync(table, ensureTable: true));

            Assert.Equal(["sort key is SKK, expected SK"], error.Problems);
        });
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
