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
        if (context.Response.StatusCode == StatusCodes.Status200OK && NotModified(context, TagOf(context.Response, buffer.GetBuffer().AsSpan(0, (int)buffer.Length))))
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

    /// <summary>The tag an answer set itself (a weak tag of what a message says where its bytes vary, as SDMX-JSON's
    /// <c>meta</c> does), or else the strong tag of its body.</summary>
    public static string TagOf(HttpResponse response, ReadOnlySpan<byte> body) =>
        response.Headers.ETag.ToString() is { Length: > 0 } own ? own : TagOf(body);

    /// <summary>The strong ETag of a body: its SHA-256, first 128 bits, base64url, quoted.</summary>
    public static string TagOf(ReadOnlySpan<byte> body) =>
        "\"" + Convert.ToBase64String(SHA256.HashData(body)[..16]).TrimEnd('=').Replace('+', '-').Replace('/', '_') + "\"";

    /// <summary><c>If-None-Match</c> compares weakly (RFC 9110 §13.1.2): <c>W/"x"</c> and <c>"x"</c> match.</summary>
    private static bool Matches(Microsoft.Extensions.Primitives.StringValues ifNoneMatch, string tag)
    {
        tag = Opaque(tag);
        foreach (var header in ifNoneMatch)
        {
            foreach (var candidate in (header ?? "").Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
            {
                var c = Opaque(candidate);
                if (c == "*" || c == tag)
                {
                    return true;
                }
            }
        }
        return false;
    }

    private static string Opaque(string tag) => tag.StartsWith("W/", StringComparison.Ordinal) ? tag[2..] : tag;
}
