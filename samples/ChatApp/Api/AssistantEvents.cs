using System.Text.Json;
using Microsoft.Agents.AI;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Options;

namespace ChatApp.Api;

/// <summary>
/// A sent message answered as Server-Sent Events, so the page shows the reply while it is written:
/// <c>message</c> (the stored user step, its files, the thread's name when new), then <c>tool-call</c>
/// (<c>{callId, name, arguments}</c>), <c>tool-result</c> (<c>{callId, result}</c>) and <c>text</c> (<c>{text}</c>, the
/// next piece of the reply) as they come, and last <c>done</c> or <c>error</c> (<c>{detail}</c>). Everything is stored
/// by the agent as it happens, so the page reads the thread again after <c>done</c> and shows what a reload shows.
/// </summary>
internal static partial class AssistantEvents
{
    public static bool IsRequested(HttpContext http) =>
        http.Request.Headers.Accept.ToString().Contains("text/event-stream", StringComparison.OrdinalIgnoreCase);

    public static async Task StreamAsync(HttpContext http, SendMessageStart start, IAsyncEnumerable<AgentResponseUpdate> updates,
        CancellationToken cancellationToken)
    {
        var json = http.RequestServices.GetRequiredService<IOptions<JsonOptions>>().Value.SerializerOptions;
        var logger = http.RequestServices.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(AssistantEvents));
        http.Response.ContentType = "text/event-stream";
        http.Response.Headers.CacheControl = "no-cache";
        await WriteAsync(http, "message", start, json, cancellationToken);
        try
        {
            await foreach (var update in updates.WithCancellation(cancellationToken))
            {
                foreach (var content in update.Contents)
                {
                    switch (content)
                    {
                        case FunctionCallContent call:
                            await WriteAsync(http, "tool-call", new { call.CallId, call.Name, call.Arguments }, json, cancellationToken);
                            break;
                        case FunctionResultContent result:
                            await WriteAsync(http, "tool-result", new { result.CallId, Result = ResultText(result, json) }, json, cancellationToken);
                            break;
                        case TextContent { Text.Length: > 0 } text:
                            await WriteAsync(http, "text", new { text.Text }, json, cancellationToken);
                            break;
                    }
                }
            }
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            // The type only: an exception's message may quote the conversation.
            LogFailed(logger, ex.GetType().Name);
            LogFailedDetail(logger, ex);
            await WriteAsync(http, "error", new { Detail = "The assistant failed; what it wrote so far is kept." }, json, cancellationToken);
            return;
        }

        await WriteAsync(http, "done", new { start.ThreadId }, json, cancellationToken);
    }

    private static string ResultText(FunctionResultContent result, JsonSerializerOptions json) => result.Result switch
    {
        null => "",
        string text => text,
        JsonElement element => element.ValueKind == JsonValueKind.String ? element.GetString() ?? "" : element.GetRawText(),
        var other => JsonSerializer.Serialize(other, json),
    };

    private static async Task WriteAsync<T>(HttpContext http, string name, T data, JsonSerializerOptions json, CancellationToken cancellationToken)
    {
        // One event per write, flushed at once: JSON has no raw newlines, so each data line is the whole payload.
        var payload = JsonSerializer.Serialize(data, json);
        await http.Response.WriteAsync($"event: {name}\ndata: {payload}\n\n", cancellationToken);
        await http.Response.Body.FlushAsync(cancellationToken);
    }

    [LoggerMessage(1, LogLevel.Warning, "The assistant failed while streaming a reply: {ExceptionType}")]
    private static partial void LogFailed(ILogger logger, string exceptionType);

    [LoggerMessage(2, LogLevel.Trace, "The assistant's failure")]
    private static partial void LogFailedDetail(ILogger logger, Exception exception);
}
