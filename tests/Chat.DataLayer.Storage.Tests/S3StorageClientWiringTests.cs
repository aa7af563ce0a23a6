using System.Collections.Concurrent;
using System.Net;
using System.Text;
using Amazon.Runtime;
using Amazon.S3;
using Chat.DataLayer.Storage.S3;
using Chat.DataLayer.Testing;
using Xunit;

namespace Chat.DataLayer.Storage.Tests;

/// <summary>
/// What the S3 client puts on the wire and how it reads answers that s3rver never gives (SSE headers, a 412 from a
/// store that enforces If-None-Match, per-key DeleteObjects errors, a failed multipart upload). The real AWS SDK
/// runs; <see cref="RequestCounter.Intercept"/> answers instead of a server.
/// </summary>
public sealed class S3StorageClientWiringTests : IDisposable
{
    private readonly RequestCounter _counter = new();
    private readonly ConcurrentQueue<(string Method, string PathAndQuery, Dictionary<string, string> Headers)> _seen = new();
    private readonly List<AmazonS3Client> _sdkClients = [];

    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    public void Dispose()
    {
        foreach (var client in _sdkClients)
        {
            client.Dispose();
        }
    }

    [Theory]
    [InlineData("http://127.0.0.1:9000", null, "http")]
    [InlineData("https://s3.example.com", null, "https")]
    [InlineData("http://127.0.0.1:9000", false, "https")]
    [InlineData("https://s3.example.com", true, "http")]
    public async Task ReadUrl_Scheme_FollowsServiceUrlUnlessSet(string serviceUrl, bool? useHttp, string scheme)
    {
        var client = NewClient(new S3StorageOptions { Bucket = "chat-files", UseHttpForPresignedUrls = useHttp }, serviceUrl);

        var url = new Uri(await client.GetReadUrlAsync("a/b.txt", TimeSpan.FromMinutes(5), Cancel));

        Assert.Equal(scheme, url.Scheme);
        Assert.Contains("X-Amz-Expires=300", url.Query, StringComparison.Ordinal);
        Assert.Equal(0, _counter.Total);
    }

    [Theory]
    [InlineData(S3ServerSideEncryption.None, null, null, null)]
    [InlineData(S3ServerSideEncryption.S3Managed, null, "AES256", null)]
    [InlineData(S3ServerSideEncryption.Kms, null, "aws:kms", null)]
    [InlineData(S3ServerSideEncryption.Kms, "alias/chat", "aws:kms", "alias/chat")]
    public async Task Upload_ServerSideEncryption_IsAskedForOnThePut(S3ServerSideEncryption sse, string? kmsKeyId, string? header, string? keyHeader)
    {
        _counter.Intercept = Answer(request => request.Method == HttpMethod.Put ? PutOk() : null);
        var client = NewClient(new S3StorageOptions { Bucket = "chat-files", ServerSideEncryption = sse, KmsKeyId = kmsKeyId });

        await client.UploadFileAsync("a/b.bin", new MemoryStream(TestBytes.Random(10)), cancellationToken: Cancel);

        var put = Assert.Single(_seen, r => r.Method == "PUT");
        Assert.Equal(header, put.Headers.GetValueOrDefault("x-amz-server-side-encryption"));
        Assert.Equal(keyHeader, put.Headers.GetValueOrDefault("x-amz-server-side-encryption-aws-kms-key-id"));
    }

    [Fact]
    public async Task Upload_WithoutOverwrite_SendsIfNoneMatchAndMapsA412ToObjectExists()
    {
        // A store that enforces If-None-Match refuses the PUT when another writer got there after the HEAD.
        _counter.Intercept = Answer(request => request.Method.Method switch
        {
            "HEAD" => new HttpResponseMessage(HttpStatusCode.NotFound),
            "PUT" => S3Error(HttpStatusCode.PreconditionFailed, "PreconditionFailed", "At least one of the pre-conditions you specified did not hold"),
            _ => null,
        });
        var client = NewClient(new S3StorageOptions { Bucket = "chat-files" });

        var ex = await Assert.ThrowsAsync<StorageObjectExistsException>(() =>
            client.UploadFileAsync("a/b.bin", new MemoryStream(TestBytes.Random(10)), overwrite: false, cancellationToken: Cancel));

        Assert.Equal("a/b.bin", ex.ObjectKey);
        Assert.Equal(HttpStatusCode.PreconditionFailed, Assert.IsType<AmazonS3Exception>(ex.InnerException).StatusCode);
        Assert.Equal("*", Assert.Single(_seen, r => r.Method == "PUT").Headers.GetValueOrDefault("If-None-Match"));
    }

    [Fact]
    public async Task Upload_WithOverwrite_SendsNoIfNoneMatchAndNoHead()
    {
        _counter.Intercept = Answer(request => request.Method == HttpMethod.Put ? PutOk() : null);
        var client = NewClient(new S3StorageOptions { Bucket = "chat-files" });

        await client.UploadFileAsync("a/b.bin", new MemoryStream(TestBytes.Random(10)), cancellationToken: Cancel);

        var put = Assert.Single(_seen);
        Assert.Equal("PUT", put.Method);
        Assert.False(put.Headers.ContainsKey("If-None-Match"));
    }

    [Fact]
    public async Task Upload_IdentifiesTheLibraryInTheUserAgent()
    {
        _counter.Intercept = Answer(request => request.Method == HttpMethod.Put ? PutOk() : null);
        var client = NewClient(new S3StorageOptions { Bucket = "chat-files" });

        await client.UploadFileAsync("a/b.bin", new MemoryStream(TestBytes.Random(10)), cancellationToken: Cancel);

        var put = Assert.Single(_seen);
        var agent = put.Headers.GetValueOrDefault("User-Agent") ?? put.Headers.GetValueOrDefault("x-amz-user-agent") ?? "";
        Assert.Contains("lib/Chat.DataLayer.Storage.S3#", agent, StringComparison.Ordinal);
    }

    [Fact]
    public async Task DeleteFiles_PerKeyErrors_ThrowListingTheFailedKeys()
    {
        _counter.Intercept = Answer(request => request.Method == HttpMethod.Post
            ? Xml(HttpStatusCode.OK, """
                <?xml version="1.0" encoding="UTF-8"?>
                <DeleteResult xmlns="http://s3.amazonaws.com/doc/2006-03-01/">
                  <Deleted><Key>a/1</Key></Deleted>
                  <Error><Key>a/2</Key><Code>AccessDenied</Code><Message>Access Denied</Message></Error>
                  <Deleted><Key>a/3</Key></Deleted>
                </DeleteResult>
                """)
            : null);
        var client = NewClient(new S3StorageOptions { Bucket = "chat-files" });

        var ex = await Assert.ThrowsAsync<StorageException>(() => client.DeleteFilesAsync(["a/1", "a/2", "a/3"], Cancel));

        Assert.Equal("a/2", ex.ObjectKey);
        Assert.Contains("'a/2' (AccessDenied", ex.Message, StringComparison.Ordinal);
        Assert.Contains("(2 deleted)", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Upload_NonSeekable_FailedPart_AbortsTheMultipartUploadAndWrapsTheError()
    {
        _counter.Intercept = Answer(request => (request.Method.Method, request.RequestUri!.Query) switch
        {
            ("POST", var q) when q.Contains("uploads", StringComparison.Ordinal) => Xml(HttpStatusCode.OK, """
                <?xml version="1.0" encoding="UTF-8"?>
                <InitiateMultipartUploadResult xmlns="http://s3.amazonaws.com/doc/2006-03-01/">
                  <Bucket>chat-files</Bucket><Key>a/big.bin</Key><UploadId>upload-1</UploadId>
                </InitiateMultipartUploadResult>
                """),
            ("PUT", _) => S3Error(HttpStatusCode.Forbidden, "AccessDenied", "Access Denied"),
            ("DELETE", _) => new HttpResponseMessage(HttpStatusCode.NoContent),
            _ => null,
        });
        var client = NewClient(new S3StorageOptions { Bucket = "chat-files" });
        var data = TestBytes.Random(S3StorageOptions.DefaultMultipartPartSize + 10);

        var ex = await Assert.ThrowsAsync<StorageException>(() =>
            client.UploadFileAsync("a/big.bin", NonSeekable.Of(data), cancellationToken: Cancel));

        Assert.Equal("a/big.bin", ex.ObjectKey);
        Assert.Equal("AccessDenied", Assert.IsType<AmazonS3Exception>(ex.InnerException).ErrorCode);
        var abort = Assert.Single(_seen, r => r.Method == "DELETE");
        Assert.Contains("uploadId=upload-1", abort.PathAndQuery, StringComparison.Ordinal);
    }

    private S3StorageClient NewClient(S3StorageOptions options, string serviceUrl = "http://127.0.0.1:9")
    {
        var sdk = new AmazonS3Client(new BasicAWSCredentials("key", "secret"), new AmazonS3Config
        {
            ServiceURL = serviceUrl,
            AuthenticationRegion = "us-east-1",
            ForcePathStyle = true,
            MaxErrorRetry = 0,
            HttpClientFactory = new CountingAwsHttpClientFactory(_counter),
        });
        _sdkClients.Add(sdk);
        return new S3StorageClient(sdk, options);
    }

    private Func<HttpRequestMessage, HttpResponseMessage?> Answer(Func<HttpRequestMessage, HttpResponseMessage?> respond) => request =>
    {
        var headers = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var header in request.Headers)
        {
            headers[header.Key] = string.Join(",", header.Value);
        }

        if (request.Content is not null)
        {
            foreach (var header in request.Content.Headers)
            {
                headers[header.Key] = string.Join(",", header.Value);
            }
        }

        _seen.Enqueue((request.Method.Method, request.RequestUri!.PathAndQuery, headers));
        return respond(request);
    };

    private static HttpResponseMessage PutOk()
    {
        var response = new HttpResponseMessage(HttpStatusCode.OK) { Content = new ByteArrayContent([]) };
        response.Headers.ETag = new System.Net.Http.Headers.EntityTagHeaderValue("\"0123456789abcdef\"");
        return response;
    }

    private static HttpResponseMessage S3Error(HttpStatusCode status, string code, string message) => Xml(status, $"""
        <?xml version="1.0" encoding="UTF-8"?>
        <Error><Code>{code}</Code><Message>{message}</Message><RequestId>test</RequestId></Error>
        """);

    private static HttpResponseMessage Xml(HttpStatusCode status, string body) =>
        new(status) { Content = new StringContent(body, Encoding.UTF8, "application/xml") };
}
