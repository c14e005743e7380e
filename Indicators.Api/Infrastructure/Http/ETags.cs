using System.Security.Cryptography;

namespace Indicators.Api.Infrastructure.Http;

/// <summary>
/// Strong ETags for every successful read: the hash of the exact bytes sent, so it changes exactly when
/// the answer does, on any replica. <c>If-None-Match</c> with a matching tag gets 304 and no body.
/// </summary>
public sealed class ETagMiddleware(RequestDelegate next)
{
    public async Task InvokeAsync(HttpContext context)
    {
        if (!HttpMethods.IsGet(context.Request.Method) || !context.Request.Path.StartsWithSegments("/api"))
        {
            await next(context);
            return;
        }
        var original = context.Response.Body;
        await using var buffer = new MemoryStream();
        context.Response.Body = buffer;
        try
        {
            await next(context);
        }
        finally
        {
            context.Response.Body = original;
        }
        if (context.Response.StatusCode == StatusCodes.Status200OK)
        {
            var tag = "\"" + Convert.ToBase64String(SHA256.HashData(buffer.GetBuffer().AsSpan(0, (int)buffer.Length))[..16])
                .TrimEnd('=').Replace('+', '-').Replace('/', '_') + "\"";
            context.Response.Headers.ETag = tag;
            context.Response.Headers.CacheControl = "no-cache";
            context.Response.Headers.Vary = "Accept, Accept-Language";
            if (Matches(context.Request.Headers.IfNoneMatch, tag))
            {
                context.Response.StatusCode = StatusCodes.Status304NotModified;
                context.Response.ContentLength = null;
                context.Response.Headers.ContentType = default;
                return;
            }
        }
        if (buffer.Length == 0 && context.Response.StatusCode >= 400)
        {
            // Nothing written yet (no route, wrong method): the status-code pages outside write the problem.
            return;
        }
        context.Response.ContentLength = buffer.Length;
        buffer.Position = 0;
        await buffer.CopyToAsync(original, context.RequestAborted);
    }

    private static bool Matches(Microsoft.Extensions.Primitives.StringValues ifNoneMatch, string tag)
    {
        foreach (var header in ifNoneMatch)
        {
            foreach (var candidate in (header ?? "").Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
            {
                var c = candidate.StartsWith("W/", StringComparison.Ordinal) ? candidate[2..] : candidate;
                if (c == "*" || c == tag)
                {
                    return true;
                }
            }
        }
        return false;
    }
}
