using Chat.DataLayer;
using Microsoft.AspNetCore.Diagnostics;

namespace ChatApp.Api;

/// <summary>
/// Maps the data layer's errors to HTTP: bad arguments (ids, cursors, values) to 400, a missing entity to 404, an item
/// over DynamoDB's size limit to 413, a failing object store to 502. Everything else stays a 500.
/// </summary>
internal sealed partial class ApiExceptionHandler(IProblemDetailsService problems, ILogger<ApiExceptionHandler> logger) : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext httpContext, Exception exception, CancellationToken cancellationToken)
    {
        var (status, title) = exception switch
        {
            BadHttpRequestException bad => (bad.StatusCode, "Bad request"),
            ArgumentException => (StatusCodes.Status400BadRequest, "Bad request"),
            EntityNotFoundException => (StatusCodes.Status404NotFound, "Not found"),
            ItemTooLargeException => (StatusCodes.Status413PayloadTooLarge, "Too large"),
            StorageException => (StatusCodes.Status502BadGateway, "File storage failed"),
            _ => (0, ""),
        };
        if (status == 0)
        {
            return false;
        }

        LogMapped(logger, status, exception.GetType().Name, exception.Message);
        httpContext.Response.StatusCode = status;
        return await problems.TryWriteAsync(new ProblemDetailsContext
        {
            HttpContext = httpContext,
            Exception = exception,
            ProblemDetails = { Status = status, Title = title, Detail = exception.Message },
        });
    }

    [LoggerMessage(1, LogLevel.Information, "Answered {Status} for {ExceptionType}: {Message}")]
    private static partial void LogMapped(ILogger logger, int status, string exceptionType, string message);
}
