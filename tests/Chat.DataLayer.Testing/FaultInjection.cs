using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;

namespace Chat.DataLayer.Testing;

/// <summary>
/// Faults for <see cref="RequestCounter.Around"/>, applied to requests that really reach the server: a batch of
/// which the server processes only a part, a response lost after the server applied the write.
/// </summary>
public static class FaultInjection
{
    private const string JsonMediaType = "application/x-amz-json-1.0";

    /// <summary>
    /// Sends a <c>BatchWriteItem</c> with only the write requests <paramref name="process"/> picks (by position in
    /// the request) and answers the others as <c>UnprocessedItems</c>, as DynamoDB does under throttling. Any other
    /// request is sent unchanged.
    /// </summary>
    /// <param name="request">The request the SDK sent.</param>
    /// <param name="send">Sends a request to the server (the handler's inner handler).</param>
    /// <param name="process">Given the number of write requests of one table, whether to process the one at an index.</param>
    public static async Task<HttpResponseMessage> ProcessPartOfBatchWriteAsync(HttpRequestMessage request,
        Func<HttpRequestMessage, Task<HttpResponseMessage>> send, Func<int, int, bool> process)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(send);
        ArgumentNullException.ThrowIfNull(process);
        if (RequestCounter.GetOperation(request) != "BatchWriteItem" || request.Content is null)
        {
            return await send(request).ConfigureAwait(false);
        }

        var body = JsonNode.Parse(await request.Content.ReadAsStringAsync().ConfigureAwait(false))!.AsObject();
        var processed = new JsonObject();
        var unprocessed = new JsonObject();
        foreach (var (table, writes) in body["RequestItems"]!.AsObject())
        {
            var all = writes!.AsArray();
            var kept = new JsonArray();
            var left = new JsonArray();
            for (var i = 0; i < all.Count; i++)
            {
                (process(all.Count, i) ? kept : left).Add(all[i]!.DeepClone());
            }

            if (kept.Count > 0)
            {
                processed[table] = kept;
            }

            if (left.Count > 0)
            {
                unprocessed[table] = left;
            }
        }

        if (processed.Count > 0)
        {
            body["RequestItems"] = processed;
            var content = new ByteArrayContent(Encoding.UTF8.GetBytes(body.ToJsonString()));
            content.Headers.ContentType = request.Content.Headers.ContentType ?? MediaTypeHeaderValue.Parse(JsonMediaType);
            request.Content = content;
            using var response = await send(request).ConfigureAwait(false);
            response.EnsureSuccessStatusCode();
        }

        return Json(HttpStatusCode.OK, new JsonObject { ["UnprocessedItems"] = unprocessed });
    }

    /// <summary>
    /// Sends the request, then drops the server's answer and returns a 500 <c>InternalServerError</c> instead: the
    /// write is applied but the SDK sees a failure (and retries it, as a retryable server error).
    /// </summary>
    public static async Task<HttpResponseMessage> LoseResponseAsync(HttpRequestMessage request,
        Func<HttpRequestMessage, Task<HttpResponseMessage>> send)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(send);
        using var response = await send(request).ConfigureAwait(false);
        await response.Content.ReadAsByteArrayAsync().ConfigureAwait(false);
        return RequestCounter.DynamoDbError(HttpStatusCode.InternalServerError, "InternalServerError", "injected: response lost");
    }

    private static HttpResponseMessage Json(HttpStatusCode status, JsonObject json)
    {
        var response = new HttpResponseMessage(status)
        {
            Content = new StringContent(json.ToJsonString(), Encoding.UTF8, JsonMediaType),
        };
        response.Headers.TryAddWithoutValidation("x-amzn-RequestId", Guid.NewGuid().ToString("N"));
        return response;
    }
}
