using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using Amazon.S3;
using Chat.DataLayer.Diagnostics;
using Chat.DataLayer.Hosting;
using Chat.DataLayer.Storage.S3;
using Chat.DataLayer.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Hosting;
using Xunit;

namespace Chat.DataLayer.DynamoDb.Tests.Hosting;

/// <summary>The data layer with storage registered through DI: health covers the bucket, uploads are metered.</summary>
public sealed class StorageHealthAndMetricsTests(DynamoDbServerFixture dynamo, S3ServerFixture s3) : IClassFixture<S3ServerFixture>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task The_health_check_is_healthy_with_the_bucket_and_unhealthy_without_it()
    {
        dynamo.EnsureAvailable();
        s3.EnsureAvailable();
        var bucket = await s3.CreateBucketAsync(S3ServerFixture.UniqueBucketName("health"), Ct);

        var healthy = await CheckAsync(bucket);
        var missing = await CheckAsync("no-such-bucket-" + Guid.NewGuid().ToString("N")[..8]);

        Assert.Equal(HealthStatus.Healthy, healthy.Status);
        Assert.Equal($"s3://{bucket}", healthy.Entries["chat-datalayer"].Data["storage"]);
        Assert.Equal(HealthStatus.Unhealthy, missing.Status);
    }

    [Fact]
    public async Task Uploaded_bytes_are_measured()
    {
        dynamo.EnsureAvailable();
        s3.EnsureAvailable();
        var bucket = await s3.CreateBucketAsync(S3ServerFixture.UniqueBucketName("metric"), Ct);
        var table = DynamoDbServerFixture.UniqueTableName("metric");
        using var dynamoClient = dynamo.CreateClient();
        await DynamoDbTableSchema.EnsureTableAsync(dynamoClient, table, cancellationToken: Ct);
        using var s3Client = s3.CreateClient();
        var data = new DynamoDbDataLayer(dynamoClient, new DynamoDbDataLayerOptions { TableName = table },
            new S3StorageClient(s3Client, new S3StorageOptions { Bucket = bucket, UseChunkEncoding = false }));
        var measured = new ConcurrentQueue<long>();
        using var listener = new MeterListener
        {
            InstrumentPublished = (instrument, l) =>
            {
                if (instrument.Meter.Name == DataLayerTelemetry.SourceName && instrument.Name == DataLayerTelemetry.StorageBytesUploadedInstrument)
                {
                    l.EnableMeasurementEvents(instrument);
                }
            },
        };
        listener.SetMeasurementEventCallback<long>((_, value, _, _) => measured.Enqueue(value));
        listener.Start();

        await data.CreateElementAsync(new Element { Id = "metered", ThreadId = "t-" + Guid.NewGuid().ToString("N"), Name = "a.bin" },
            new MemoryStream(new byte[12_345]), Ct);

        Assert.Contains(12_345L, measured);
    }

    private async Task<HealthReport> CheckAsync(string bucket)
    {
        var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings());
        builder.Services.AddSingleton<Amazon.DynamoDBv2.IAmazonDynamoDB>(_ => dynamo.CreateClient());
        builder.Services.AddSingleton<IAmazonS3>(_ => s3.CreateClient());
        builder.Services
            .AddDynamoDbDataLayer(o =>
            {
                o.TableName = DynamoDbServerFixture.UniqueTableName("health");
                o.EnsureTableCreated = true;
            })
            .AddS3Storage(o =>
            {
                o.Bucket = bucket;
                o.UseChunkEncoding = false;
            });
        builder.Services.AddHealthChecks().AddChatDataLayer();
        using var host = builder.Build();
        await host.StartAsync(Ct);
        var report = await host.Services.GetRequiredService<HealthCheckService>().CheckHealthAsync(Ct);
        await host.StopAsync(Ct);
        return report;
    }
}
