using Microsoft.Extensions.Options;

namespace Indicators.Api.Infrastructure.Http;

/// <summary>
/// Limits checked before any work, on every server (Kestrel or the in-process test server), each answered with
/// a problem: a declared body larger than <c>Api:MaxRequestBodyBytes</c> is 413 before a byte of it is read
/// (Kestrel also stops an undeclared, chunked body at the same size); a query string longer than
/// <see cref="MaxQueryStringLength"/> is 414; a read that runs longer than <c>Api:RequestTimeoutSeconds</c> is
/// cancelled and answered 503 with Retry-After.
/// </summary>
/// <remarks>
/// The timeout covers reads only. A write is bounded by the database command timeout instead: cancelling it
/// from outside could report failure for a batch whose transaction has just committed.
/// </remarks>
internal sealed class RequestLimits(RequestDelegate next, IOptions<ApiOptions> options)
{
    /// <summary>Longer than any real filter; Kestrel refuses request lines over 64 KB by itself (a bare 414).</summary>
    public const int MaxQueryStringLength = 8 * 1024;

    /// <summary>
    /// FastEndpoints maps this helper for its own test client in every environment; it lists every endpoint class
    /// and route to anyone (OWASP API9). The service never serves it.
    /// </summary>
    public const string FastEndpointsTestUrlCache = "/_test_url_cache_";

    public async Task InvokeAsync(HttpContext context)
    {
        var o = options.Value;
        if (context.Request.Path.StartsWithSegments(FastEndpointsTestUrlCache))
        {
            context.Response.StatusCode = StatusCodes.Status404NotFound;
            return;
        }
        if (context.Request.ContentLength > o.MaxRequestBodyBytes)
        {
            context.Response.Headers.Connection = "close";
            await Problems.WriteAsync(context, ProblemTypes.PayloadTooLarge,
                $"The request body is larger than this service accepts ({o.MaxRequestBodyBytes:N0} bytes).");
            return;
        }
        if (context.Request.QueryString.Value?.Length > MaxQueryStringLength)
        {
            await Problems.WriteAsync(context, ProblemTypes.UriTooLong,
                $"The query string is longer than this service accepts ({MaxQueryStringLength:N0} characters).");
            return;
        }
        if (!HttpMethods.IsGet(context.Request.Method) && !HttpMethods.IsHead(context.Request.Method))
        {
            await next(context);
            return;
        }
        await RunWithTimeoutAsync(context, TimeSpan.FromSeconds(o.RequestTimeoutSeconds));
    }

    private async Task RunWithTimeoutAsync(HttpContext context, TimeSpan timeout)
    {
        var aborted = context.RequestAborted;
        using var timer = CancellationTokenSource.CreateLinkedTokenSource(aborted);
        timer.CancelAfter(timeout);
        context.RequestAborted = timer.Token;
        try
        {
            await next(context);
        }
        catch (OperationCanceledException) when (timer.IsCancellationRequested && !aborted.IsCancellationRequested && !context.Response.HasStarted)
        {
            context.RequestAborted = aborted;
            context.Response.Clear();
            context.Response.Headers.RetryAfter = "5";
            await Problems.WriteAsync(context, ProblemTypes.Timeout,
                $"The answer took longer than {timeout.TotalSeconds:0} seconds and was abandoned. Retry after the time in Retry-After, or ask for less (filters, a smaller page).");
        }
        finally
        {
            context.RequestAborted = aborted;
        }
    }
}

/// <summary>
/// A request without a Content-Type to an endpoint that reads only JSON: a 415 problem. (Routing answers a wrong
/// Content-Type with 415 itself; a missing one reaches FastEndpoints, which would answer a bare 415 with no body.)
/// Runs after authorization, so a caller without a key still learns first that it needs one.
/// </summary>
internal sealed class JsonContentTypeRequired(RequestDelegate next)
{
    public async Task InvokeAsync(HttpContext context)
    {
        if (string.IsNullOrEmpty(context.Request.ContentType)
            && context.GetEndpoint()?.Metadata.GetMetadata<Microsoft.AspNetCore.Http.Metadata.IAcceptsMetadata>() is { } accepts
            && accepts.ContentTypes.Count > 0
            && !accepts.ContentTypes.Contains("*/*"))
        {
            await Problems.WriteAsync(context, ProblemTypes.UnsupportedMediaType,
                $"Send the body as {string.Join(" or ", accepts.ContentTypes)} with a Content-Type header.");
            return;
        }
        await next(context);
    }
}
