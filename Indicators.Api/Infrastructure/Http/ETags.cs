using System.Security.Cryptography;
using Microsoft.Extensions.Options;

namespace Indicators.Api.Infrastructure.Http;

/// <summary>
/// Strong ETags for every successful read: the hash of the exact bytes sent, so it changes exactly when
/// the answer does, on any replica. <c>If-None-Match</c> with a matching tag gets 304 and no body.
/// </summary>
/// <remarks>The views served by <see cref="ReadCache"/> get their tag from it (computed once per cached body), so this
/// middleware does not buffer and hash them on every request.</remarks>
internal sealed class ETagMiddleware(RequestDelegate next, IOptions<ReadCacheOptions> readCache)
{
    public async Task InvokeAsync(HttpContext context)
    {
        if (!HttpMethods.IsGet(context.Request.Method) || !context.Request.Path.StartsWithSegments("/api")
            || (readCache.Value.Enabled && context.GetEndpoint()?.Metadata.GetMetadata<CachedReadMetadata>() is not null))
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
        if (context.Response.StatusCode == StatusCodes.Status200OK && NotModified(context, TagOf(buffer.GetBuffer().AsSpan(0, (int)buffer.Length))))
        {
            return;
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

    /// <summary>Sets the tag and its caching headers on a 200 answer; true (and the answer turned into a bodiless 304)
    /// when the request's <c>If-None-Match</c> names it.</summary>
    public static bool NotModified(HttpContext context, string tag)
    {
        var response = context.Response;
        response.Headers.ETag = tag;
        response.Headers.CacheControl = "no-cache";
        response.Headers.Vary = "Accept, Accept-Language";
        if (!Matches(context.Request.Headers.IfNoneMatch, tag))
        {
            return false;
        }
        response.StatusCode = StatusCodes.Status304NotModified;
        response.ContentLength = null;
        response.Headers.ContentType = default;
        response.Headers.ContentDisposition = default;
        return true;
    }

    /// <summary>The strong ETag of a body: its SHA-256, first 128 bits, base64url, quoted.</summary>
    public static string TagOf(ReadOnlySpan<byte> body) =>
        "\"" + Convert.ToBase64String(SHA256.HashData(body)[..16]).TrimEnd('=').Replace('+', '-').Replace('/', '_') + "\"";

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
