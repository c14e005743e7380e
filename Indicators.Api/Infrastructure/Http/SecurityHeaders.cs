namespace Indicators.Api.Infrastructure.Http;

/// <summary>
/// Headers on every response the service writes (OWASP Secure Headers for APIs): no MIME sniffing, no framing,
/// no referrer, a Content-Security-Policy that lets a JSON answer load nothing, and problems never cached.
/// The Swagger UI pages get the policy they need to run (their own scripts and styles, and the inline
/// bootstrap Swashbuckle writes), still from this origin only.
/// </summary>
internal sealed class SecurityHeaders(RequestDelegate next)
{
    public const string ApiPolicy = "default-src 'none'; frame-ancestors 'none'";

    public const string SwaggerUiPolicy =
        "default-src 'none'; script-src 'self' 'unsafe-inline'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; " +
        "font-src 'self' data:; connect-src 'self'; manifest-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

    public Task InvokeAsync(HttpContext context)
    {
        context.Response.OnStarting(static state =>
        {
            var context = (HttpContext)state;
            var headers = context.Response.Headers;
            headers.XContentTypeOptions = "nosniff";
            headers.XFrameOptions = "DENY";
            headers["Referrer-Policy"] = "no-referrer";
            headers.ContentSecurityPolicy = context.Request.Path.StartsWithSegments("/swagger") && !context.Request.Path.Value!.EndsWith(".json", StringComparison.Ordinal)
                ? SwaggerUiPolicy
                : ApiPolicy;
            headers["Cross-Origin-Resource-Policy"] = "same-origin";
            if (context.Request.IsHttps)
            {
                headers.StrictTransportSecurity = "max-age=31536000";
            }
            if (context.Response.ContentType?.StartsWith(Problems.ContentType, StringComparison.Ordinal) == true)
            {
                // A problem describes one moment (an outage, a limit): no cache may keep it (RFC 9111 §5.2.2.5).
                headers.CacheControl = "no-store";
            }
            return Task.CompletedTask;
        }, context);
        return next(context);
    }
}
