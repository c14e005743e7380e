using Indicators.Api.Infrastructure.Database;
using Microsoft.AspNetCore.Diagnostics;

namespace Indicators.Api.Infrastructure.Http;

/// <summary>
/// The last resort: a database that cannot be reached is a 503 with Retry-After (the client may retry);
/// anything else a generic 500. Neither carries a stack trace, SQL text or path.
/// </summary>
internal sealed class UnhandledExceptionHandler(ILogger<UnhandledExceptionHandler> logger) : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext context, Exception exception, CancellationToken ct)
    {
        if (exception is BadHttpRequestException bad)
        {
            var type = bad.StatusCode switch
            {
                413 => ProblemTypes.PayloadTooLarge,
                408 => ProblemTypes.RequestTimeout,
                _ => ProblemTypes.BadRequest with { Status = bad.StatusCode },
            };
            await Problems.WriteAsync(context, type, bad.StatusCode == 413
                ? "The request body is larger than this service accepts."
                : "The request could not be read.");
            return true;
        }
        if (exception is OperationCanceledException && context.RequestAborted.IsCancellationRequested)
        {
            return true;
        }
        if (DbErrors.IsUnavailable(exception))
        {
            logger.LogWarning(exception, "Database unavailable while serving {Path}", context.Request.Path);
            context.Response.Headers.RetryAfter = "5";
            await Problems.WriteAsync(context, ProblemTypes.DatabaseUnavailable,
                "The database is not available right now. Nothing was changed; retry after the time in Retry-After.");
            return true;
        }
        logger.LogError(exception, "Unhandled exception serving {Method} {Path}", context.Request.Method, context.Request.Path);
        await Problems.WriteAsync(context, ProblemTypes.Internal,
            "The server failed to answer this request. The trace id identifies it in the service's logs.");
        return true;
    }
}
