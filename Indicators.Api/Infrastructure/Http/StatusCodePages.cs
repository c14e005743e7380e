using Microsoft.AspNetCore.Diagnostics;

namespace Indicators.Api.Infrastructure.Http;

/// <summary>
/// A 4xx or 5xx that leaves the pipeline without a body (no route, a method the route lacks, a Content-Type routing
/// refuses) becomes a problem document, so that every error answer has the same shape (RFC 9457).
/// </summary>
internal static class StatusCodePages
{
    private static readonly Dictionary<int, (ProblemType Type, string Detail)> Known = new()
    {
        [404] = (ProblemTypes.NotFound, "There is no resource at this address."),
        [405] = (ProblemTypes.MethodNotAllowed, "This resource does not support the method."),
        [415] = (ProblemTypes.UnsupportedMediaType,
            "Send the body as application/json (POST /api/v1/submissions also takes a spreadsheet as text/csv or " +
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet)."),
    };

    public static Task WriteAsync(StatusCodeContext context)
    {
        var status = context.HttpContext.Response.StatusCode;
        if (Known.TryGetValue(status, out var known))
        {
            return Problems.WriteAsync(context.HttpContext, known.Type, known.Detail);
        }
        var bare = ProblemTypes.ForBareStatus(status);
        return Problems.WriteAsync(context.HttpContext, bare, bare.Title + ".");
    }
}
