using System.Net;
using System.Text;
using Chat.DataLayer.Storage.S3;
using Chat.DataLayer.Testing;
using Xunit;

namespace Chat.DataLayer.DynamoDb.Tests.ElementFiles;

/// <summary>The element lifecycle with files in S3 (s3rver by default).</summary>
public sealed class S3ElementFileFlowTests(DynamoDbServerFixture dynamo, S3ServerFixture s3)
    : ElementFileFlowTests(dynamo), IClassFixture<S3ServerFixture>
{
    private volatile bool _failDeletes;

    protected override async Task<IStorageClient> CreateStorageAsync(RequestCounter counter)
    {
        s3.EnsureAvailable();
        var bucket = await s3.CreateBucketAsync(S3ServerFixture.UniqueBucketName("files"));
        counter.Intercept = request => _failDeletes && (request.Method == HttpMethod.Delete || request.Method == HttpMethod.Post)
            ? new HttpResponseMessage(HttpStatusCode.Forbidden)
            {
                Content = new StringContent(
                    "<?xml version=\"1.0\" encoding=\"UTF-8\"?><Error><Code>AccessDenied</Code><Message>injected</Message></Error>",
                    Encoding.UTF8, "application/xml"),
            }
            : null;
        return new S3StorageClient(s3.CreateClient(counter), new S3StorageOptions { Bucket = bucket, UseChunkEncoding = false });
    }

    protected override void FailDeletes(bool fail) => _failDeletes = fail;
}
