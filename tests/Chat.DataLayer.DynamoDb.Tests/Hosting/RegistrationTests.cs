using Amazon.DynamoDBv2;
using Chat.DataLayer.Hosting;
using Chat.DataLayer.Testing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using Xunit;

namespace Chat.DataLayer.DynamoDb.Tests.Hosting;

public sealed class RegistrationTests(DynamoDbServerFixture dynamo)
{
    [Fact]
    public async Task AddDynamoDbDataLayer_registers_one_singleton_IDataLayer_that_works()
    {
        dynamo.EnsureAvailable();
        var table = DynamoDbServerFixture.UniqueTableName("di");
        using var host = HostingTestSupport.BuildWithTable(dynamo, table);
        await host.StartAsync(TestContext.Current.CancellationToken);

        var first = host.Services.GetRequiredService<IDataLayer>();
        Assert.Same(first, host.Services.GetRequiredService<IDataLayer>());
        Assert.IsType<DynamoDbDataLayer>(first);
        await first.UpdateThreadAsync("t-di", name: "through DI", userId: "u-di", cancellationToken: TestContext.Current.CancellationToken);
        Assert.Equal("through DI", (await first.GetThreadAsync("t-di", TestContext.Current.CancellationToken))!.Name);
        await host.StopAsync(TestContext.Current.CancellationToken);
    }

    [Fact]
    public void Calling_it_twice_or_after_a_user_registration_is_harmless()
    {
        var services = new ServiceCollection();
        var mine = new object();
        services.AddSingleton<IDataLayer>(_ => throw new InvalidOperationException("the user's own registration"));
        services.AddDynamoDbDataLayer(o => o.TableName = "first");
        services.AddDynamoDbDataLayer(o => o.TableName = "second");

        Assert.Single(services, d => d.ServiceType == typeof(IDataLayer));
        Assert.Single(services, d => d.ServiceType == typeof(DynamoDbDataLayer));
        Assert.Single(services, d => d.ServiceType == typeof(IHostedService));
        GC.KeepAlive(mine);
    }

    [Fact]
    public void Options_bind_from_a_configuration_section()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["ChatDataLayer:TableName"] = "bound-table",
            ["ChatDataLayer:MaxPageSize"] = "25",
            ["ChatDataLayer:EnsureTableCreated"] = "true",
            ["ChatDataLayer:ServiceKey"] = "chat",
        }).Build();
        var services = new ServiceCollection();
        services.AddDynamoDbDataLayer(configuration.GetSection("ChatDataLayer"));
        using var provider = services.BuildServiceProvider();

        var options = provider.GetRequiredService<IOptions<DynamoDbDataLayerOptions>>().Value;
        Assert.Equal("bound-table", options.TableName);
        Assert.Equal(25, options.MaxPageSize);
        Assert.True(options.EnsureTableCreated);
        Assert.Equal("chat", options.ServiceKey);
    }

    [Fact]
    public async Task Invalid_options_fail_at_start_naming_the_setting()
    {
        var builder = HostingTestSupport.NewBuilder(dynamo);
        builder.Services.AddDynamoDbDataLayer(o => o.TableName = "");
        using var host = builder.Build();

        var error = await Assert.ThrowsAsync<OptionsValidationException>(() => host.StartAsync(TestContext.Current.CancellationToken));
        Assert.Contains("TableName", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_page_size_below_one_fails_at_start_naming_the_setting()
    {
        var builder = HostingTestSupport.NewBuilder(dynamo);
        builder.Services.AddDynamoDbDataLayer(o =>
        {
            o.TableName = "valid-name";
            o.MaxPageSize = 0;
        });
        using var host = builder.Build();

        var error = await Assert.ThrowsAsync<OptionsValidationException>(() => host.StartAsync(TestContext.Current.CancellationToken));
        Assert.Contains("MaxPageSize", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Every_invalid_setting_and_a_second_storage_client_are_listed_at_once()
    {
        var services = new ServiceCollection();
        services.AddDynamoDbDataLayer(o =>
        {
            o.TableName = "";
            o.MaxPageSize = 0;
            o.MaxBatchRetries = -1;
            o.BatchRetryBaseDelay = TimeSpan.FromSeconds(-1);
            o.RemoteFiles.MaxBytes = 0;
            o.TimeProvider = null!;
        });
        services.AddSingleton(new StorageClientRegistration("s3"));
        services.AddSingleton(new StorageClientRegistration("azureblob"));
        using var provider = services.BuildServiceProvider();

        var error = Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<IStartupValidator>().Validate());

        Assert.Collection(
            error.Failures,
            f => Assert.StartsWith("ChatDataLayer:TableName: ", f, StringComparison.Ordinal),
            f => Assert.StartsWith("ChatDataLayer:MaxPageSize: ", f, StringComparison.Ordinal),
            f => Assert.StartsWith("ChatDataLayer:MaxBatchRetries: ", f, StringComparison.Ordinal),
            f => Assert.StartsWith("ChatDataLayer:BatchRetryBaseDelay: ", f, StringComparison.Ordinal),
            f => Assert.StartsWith("ChatDataLayer:RemoteFiles: ", f, StringComparison.Ordinal),
            f => Assert.StartsWith("ChatDataLayer:TimeProvider: ", f, StringComparison.Ordinal),
            f => Assert.StartsWith("Exactly one storage client", f, StringComparison.Ordinal));
    }

    [Fact]
    public async Task Two_storage_clients_fail_at_start()
    {
        var builder = HostingTestSupport.NewBuilder(dynamo);
        builder.Services.AddDynamoDbDataLayer(o => o.TableName = "valid-name");
        builder.Services.AddSingleton(new StorageClientRegistration("s3"));
        builder.Services.AddSingleton(new StorageClientRegistration("azureblob"));
        using var host = builder.Build();

        var error = await Assert.ThrowsAsync<OptionsValidationException>(() => host.StartAsync(TestContext.Current.CancellationToken));
        Assert.Contains("Exactly one storage client", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task EnsureTableCreated_creates_the_table_at_start()
    {
        dynamo.EnsureAvailable();
        var table = DynamoDbServerFixture.UniqueTableName("ensure");
        using var host = HostingTestSupport.BuildWithTable(dynamo, table);
        await host.StartAsync(TestContext.Current.CancellationToken);

        var client = host.Services.GetRequiredService<IAmazonDynamoDB>();
        var described = await client.DescribeTableAsync(table, TestContext.Current.CancellationToken);
        Assert.Equal(TableStatus.ACTIVE, described.Table.TableStatus);
        Assert.Contains(described.Table.GlobalSecondaryIndexes, i => i.IndexName == DynamoDbTableSchema.UserThreadIndexName);
        await host.StopAsync(TestContext.Current.CancellationToken);
    }

    [Fact]
    public async Task A_keyed_client_named_by_ServiceKey_is_the_one_used()
    {
        dynamo.EnsureAvailable();
        var table = DynamoDbServerFixture.UniqueTableName("keyed");
        var keyedCounter = new RequestCounter();
        var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings());
        builder.Services.AddKeyedSingleton<IAmazonDynamoDB>("chat", (_, _) => dynamo.CreateClient(keyedCounter));
        builder.Services.AddDynamoDbDataLayer(o =>
        {
            o.TableName = table;
            o.ServiceKey = "chat";
            o.EnsureTableCreated = true;
        });
        using var host = builder.Build();
        await host.StartAsync(TestContext.Current.CancellationToken);
        keyedCounter.Reset();

        await host.Services.GetRequiredService<IDataLayer>().GetUserAsync("nobody", TestContext.Current.CancellationToken);

        Assert.Equal(1, keyedCounter.Count("GetItem"));
        await host.StopAsync(TestContext.Current.CancellationToken);
    }

    [Fact]
    public async Task Disposing_the_provider_leaves_the_hosts_client_usable()
    {
        dynamo.EnsureAvailable();
        var table = DynamoDbServerFixture.UniqueTableName("owner");
        using var client = dynamo.CreateClient();
        await DynamoDbTableSchema.EnsureTableAsync(client, table, cancellationToken: TestContext.Current.CancellationToken);
        var services = new ServiceCollection();
        services.AddSingleton<IAmazonDynamoDB>(client); // an instance: the host owns it, the container must not dispose it
        services.AddDynamoDbDataLayer(o => o.TableName = table);
        var provider = services.BuildServiceProvider();
        var data = provider.GetRequiredService<IDataLayer>();
        await data.GetUserAsync("someone", TestContext.Current.CancellationToken);

        await provider.DisposeAsync();

        await Assert.ThrowsAsync<ObjectDisposedException>(() => data.GetUserAsync("someone", TestContext.Current.CancellationToken));
        var described = await client.DescribeTableAsync(table, TestContext.Current.CancellationToken);
        Assert.Equal(TableStatus.ACTIVE, described.Table.TableStatus);
    }
}
