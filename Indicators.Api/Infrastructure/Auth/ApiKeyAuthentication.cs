using System.Security.Claims;
using System.Text.Encodings.Web;
using Indicators.Api.Infrastructure.Http;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;

namespace Indicators.Api.Infrastructure.Auth;

/// <summary>Authenticates the <c>X-Api-Key</c> header; 401 and 403 answer as RFC 9457 problems.</summary>
internal sealed class ApiKeyAuthentication(
    IOptionsMonitor<AuthenticationSchemeOptions> options,
    ILoggerFactory logger,
    UrlEncoder encoder,
    ApiKeyStore keys,
    IOptions<JwtOptions> jwt)
    : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    public const string SchemeName = "ApiKey";
    public const string Header = "X-Api-Key";

    protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        // Keys matter only under /api: health probes and the Swagger UI never touch the database for them.
        if (!Request.Path.StartsWithSegments("/api") || !Request.Headers.TryGetValue(Header, out var values) || values.Count == 0 || string.IsNullOrEmpty(values[0]))
        {
            return AuthenticateResult.NoResult();
        }
        var record = await keys.AuthenticateAsync(values[0]!, Context.RequestAborted);
        if (record is null)
        {
            // The key itself is never logged.
            return AuthenticateResult.Fail("The API key is unknown or revoked.");
        }
        ReadCache.RememberDataVersion(Context, record.DataVersion);
        var identity = new ClaimsIdentity(
            [
                new Claim(Caller.KeyIdClaim, record.Id),
                new Claim(ClaimTypes.Name, record.Name),
                new Claim(Caller.OrgUnitClaim, record.OrgUnit),
                new Claim(ClaimTypes.Role, record.Role),
            ],
            SchemeName);
        return AuthenticateResult.Success(new AuthenticationTicket(new ClaimsPrincipal(identity), SchemeName));
    }

    protected override Task HandleChallengeAsync(AuthenticationProperties properties)
    {
        // With tokens on, a request that presented nothing is told of both ways in (RFC 9110 §11.6.1: one challenge each).
        var tokens = jwt.Value.Enabled;
        Response.Headers.WWWAuthenticate = tokens
            ? new Microsoft.Extensions.Primitives.StringValues([$"{SchemeName} header=\"{Header}\"", TokenAuthentication.SchemeName])
            : $"{SchemeName} header=\"{Header}\"";
        var presented = Request.Headers.ContainsKey(Header);
        return Problems.WriteAsync(
            Context,
            ProblemTypes.Unauthorized,
            presented
                ? "The API key in the X-Api-Key header is unknown or has been revoked."
                : tokens
                    ? "This endpoint needs an API key in the X-Api-Key header or a bearer token in the Authorization header."
                    : "This endpoint needs an API key in the X-Api-Key header.");
    }

    protected override Task HandleForbiddenAsync(AuthenticationProperties properties) =>
        Problems.WriteAsync(
            Context,
            ProblemTypes.Forbidden,
            "This API key's role may not use this endpoint.");
}
