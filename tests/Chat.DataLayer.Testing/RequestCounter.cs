using System.Net;
using System.Text;
using System.Text.Json;

namespace Chat.DataLayer.Testing;

/// <summary>One HTTP request seen by a <see cref="RequestCounter"/>.</summary>
/// <param name="Operation">The DynamoDB operation (<c>PutItem</c>) or, for other services, the HTTP method.</param>
/// <param name="Method">The HTTP method.</param>
/// <param name="RequestUri">The request URI.</param>
/// <param name="Intercepted"><see langword="true"/> when <see cref="RequestCounter.Intercept"/> answered it.</param>
public sealed record RecordedRequest(string Operation, HttpMethod Method, Uri? RequestUri, bool Intercepted);

/// <summary>
/// Counts every HTTP request an SDK client sends, by operation, so tests can prove how many calls a data-layer
/// method makes. Thread-safe. Wire it in with the fixtures' <c>CreateClient(counter)</c> /
/// <c>CreateServiceClient(counter)</c>, or with <see cref="CreateHandler"/> / <see cref="CreateHttpClient"/>.
/// </summary>
/// <remarks>
/// <para>Operation names: a DynamoDB request is named by its <c>X-Amz-Target</c> header without the API prefix
/// (<c>DynamoDB_20120810.PutItem</c> → <c>PutItem</c>); any other request by its HTTP method (<c>PUT</c>,
/// <c>GET</c>, ...).</para>
/// <para>Every attempt counts, retries included: a request that the SDK retries twice counts three times.</para>
/// <para>Failure injection: when <see cref="Intercept"/> returns a response, that response is returned
/// instead of sending the request (the request is still counted). For example, to fail the next PutItem:</para>
/// <code>
/// var failed = 0;
/// counter.Intercept = request =>
///     RequestCounter.GetOperation(request) == "PutItem" &amp;&amp; Interlocked.Exchange(ref failed, 1) == 0
///         ? RequestCounter.DynamoDbError(HttpStatusCode.BadRequest, "ValidationException", "injected")
///         : null;
/// </code>
/// </remarks>
public sealed class RequestCounter
{
    private const string TargetHeader = "X-Amz-Target";

    private readonly object _gate = new();
    private readonly Dictionary<string, int> _counts = new(StringComparer.Ordinal);
    private readonly List<RecordedRequest> _requests = [];
    private volatile Func<HttpRequestMessage, HttpResponseMessage?>? _intercept;
    private volatile Func<HttpRequestMessage, Func<HttpRequestMessage, Task<HttpResponseMessage>>, Task<HttpResponseMessage>>? _around;

    /// <summary>
    /// Optional failure injection: called for every request before it is sent; a non-null response is returned
    /// to the SDK instead of sending the request. Set it to <see langword="null"/> to stop intercepting.
    /// </summary>
    public Func<HttpRequestMessage, HttpResponseMessage?>? Intercept
    {
        get => _intercept;
        set => _intercept = value;
    }

    /// <summary>
    /// Optional fault injection around the real request: called for every request that <see cref="Intercept"/> did
    /// not answer, with a function that sends a request to the server; whatever it returns goes to the SDK. It can
    /// change the request before sending it (e.g. <see cref="FaultInjection.ProcessPartOfBatchWriteAsync"/>), or
    /// send it and then lose the response (<see cref="FaultInjection.LoseResponseAsync"/>). Set it to
    /// <see langword="null"/> to stop.
    /// </summary>
    public Func<HttpRequestMessage, Func<HttpRequestMessage, Task<HttpResponseMessage>>, Task<HttpResponseMessage>>? Around
    {
        get => _around;
        set => _around = value;
    }

    /// <summary>All requests counted since creation or the last <see cref="Reset"/>.</summary>
    public int Total
    {
        get
        {
            lock (_gate)
            {
                return _requests.Count;
            }
        }
    }

    /// <summary>The requests counted, in the order they were sent.</summary>
    public IReadOnlyList<RecordedRequest> Requests
    {
        get
        {
            lock (_gate)
            {
                return [.. _requests];
            }
        }
    }

    /// <summary>The URIs of the requests counted, in the order they were sent.</summary>
    public IReadOnlyList<Uri?> RequestUris
    {
        get
        {
            lock (_gate)
            {
                return [.. _requests.Select(r => r.RequestUri)];
            }
        }
    }

    /// <summary>How many requests of <paramref name="operation"/> were counted (0 if none).</summary>
    public int Count(string operation)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(operation);
        lock (_gate)
        {
            return _counts.GetValueOrDefault(operation);
        }
    }

    /// <summary>A copy of the counts by operation.</summary>
    public IReadOnlyDictionary<string, int> Snapshot()
    {
        lock (_gate)
        {
            return new Dictionary<string, int>(_counts, StringComparer.Ordinal);
        }
    }

    /// <summary>Forgets every request counted so far (e.g. after a test's setup). Keeps <see cref="Intercept"/>.</summary>
    public void Reset()
    {
        lock (_gate)
        {
            _counts.Clear();
            _requests.Clear();
        }
    }

    /// <summary>
    /// A new handler that counts into this counter and then sends through <paramref name="innerHandler"/>
    /// (a new <see cref="SocketsHttpHandler"/> when omitted). Each HTTP client needs its own handler.
    /// </summary>
    public DelegatingHandler CreateHandler(HttpMessageHandler? innerHandler = null) =>
        new CountingHandler(this, innerHandler ?? new SocketsHttpHandler());

    /// <summary>A new <see cref="HttpClient"/> whose requests this counter counts.</summary>
    public HttpClient CreateHttpClient() => new(CreateHandler(), disposeHandler: true);

    /// <summary>The operation name this counter files <paramref name="request"/> under.</summary>
    public static string GetOperation(HttpRequestMessage request)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (request.Headers.TryGetValues(TargetHeader, out var values))
        {
            var target = values.FirstOrDefault();
            if (!string.IsNullOrEmpty(target))
            {
                var dot = target.LastIndexOf('.');
                return dot >= 0 ? target[(dot + 1)..] : target;
            }
        }

        return request.Method.Method;
    }

    /// <summary>
    /// A DynamoDB-shaped error response, for <see cref="Intercept"/>: the SDK turns it into the matching
    /// exception (e.g. <c>ConditionalCheckFailedException</c> for that <paramref name="errorType"/>, a generic
    /// <c>AmazonDynamoDBException</c> otherwise). A 5xx status is retried by the SDK.
    /// </summary>
    /// <param name="statusCode">Usually 400 (client error) or 500 (server error).</param>
    /// <param name="errorType">The DynamoDB error code, e.g. <c>ValidationException</c>,
    /// <c>ConditionalCheckFailedException</c>, <c>ProvisionedThroughputExceededException</c>,
    /// <c>InternalServerError</c>.</param>
    /// <param name="message">The error message.</param>
    public static HttpResponseMessage DynamoDbError(HttpStatusCode statusCode, string errorType, string message)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(errorType);
        var body = JsonSerializer.Serialize(new Dictionary<string, string>
        {
            ["__type"] = "com.amazonaws.dynamodb.v20120810#" + errorType,
            ["message"] = message ?? string.Empty,
        });
        var response = new HttpResponseMessage(statusCode)
        {
            Content = new StringContent(body, Encoding.UTF8, "application/x-amz-json-1.0"),
        };
        response.Headers.TryAddWithoutValidation("x-amzn-RequestId", Guid.NewGuid().ToString("N"));
        response.Headers.TryAddWithoutValidation("x-amzn-ErrorType", errorType);
        return response;
    }

    private void Record(HttpRequestMessage request, bool intercepted)
    {
        var operation = GetOperation(request);
        lock (_gate)
        {
            _counts[operation] = _counts.GetValueOrDefault(operation) + 1;
            _requests.Add(new RecordedRequest(operation, request.Method, request.RequestUri, intercepted));
        }
    }

    private sealed class CountingHandler(RequestCounter counter, HttpMessageHandler innerHandler)
        : DelegatingHandler(innerHandler)
    {
        protected override Task<HttpResponseMessage> SendAsync(
            HttpRequestMessage request, CancellationToken cancellationToken)
        {
            var injected = counter.Intercept?.Invoke(request);
            counter.Record(request, injected is not null);
            if (injected is not null)
            {
                injected.RequestMessage ??= request;
                return Task.FromResult(injected);
            }

            return counter.Around is { } around
                ? around(request, r => base.SendAsync(r, cancellationToken))
                : base.SendAsync(request, cancellationToken);
        }

        protected override HttpResponseMessage Send(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            var injected = counter.Intercept?.Invoke(request);
            counter.Record(request, injected is not null);
            if (injected is not null)
            {
                injected.RequestMessage ??= request;
                return injected;
            }

            return counter.Around is { } around
                ? around(request, r => Task.FromResult(base.Send(r, cancellationToken))).GetAwaiter().GetResult()
                : base.Send(request, cancellationToken);
        }
    }
}
