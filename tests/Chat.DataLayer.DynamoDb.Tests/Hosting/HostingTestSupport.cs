using Amazon.DynamoDBv2;
using Chat.DataLayer.Hosting;
using Chat.DataLayer.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Chat.DataLayer.DynamoDb.Tests.Hosting;

/// <summary>Builds hosts the way applications do: the host owns an IAmazonDynamoDB, the data layer is added by DI.</summary>
internal static class HostingTestSupport
{
    public static HostApplicationBuilder NewBuilder(DynamoDbServerFixture dynamo, RequestCounter? counter = null)
    {
        var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings());
        builder.Services.AddSingleton<IAmazonDynamoDB>(_ => dynamo.CreateClient(counter));
        return builder;
    }

    public static IHost BuildWithTable(DynamoDbServerFixture dynamo, string table, RequestCounter? counter = null)
    {
        var builder = NewBuilder(dynamo, counter);
        builder.Services.AddDynamoDbDataLayer(o =>
        {
            o.TableName = table;
            o.EnsureTableCreated = true;
        });
        return builder.Build();
    }
}
