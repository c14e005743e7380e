using System.Security.Claims;
using System.Security.Cryptography;
using System.Text;
using Dapper;
using Indicators.Api.Infrastructure.Database;
using Indicators.Api.Infrastructure.Http;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.Tokens;

namespace Indicators.Api.Infrastructure.Auth;

/// <summary>
/// <c>Authorization: Bearer &lt;JWT&gt;</c> (SPEC "Identity"), on ASP.NET Core's JwtBearer handler: the token's signature,
/// issuer, audience and lifetime are checked by Microsoft.IdentityModel; then the token becomes the same caller an API
/// key is — the same four claims (<see cref="Caller"/>), so every right, the idempotency records, the rate limiter and
/// the revisions treat both alike. Every refusal is a 401 problem saying what is wrong with the token, never the token.
/// </summary>
internal static class TokenAuthentication
{
    public const string SchemeName = "Bearer";

    /// <summary>The algorithms a signature may use: asymmetric only, so a public key can never be used as an HMAC
    /// secret (the RS256/HS256 confusion), and <c>none</c> never.</summary>
    public static readonly string[] Algorithms =
    [
        SecurityAlgorithms.RsaSha256, SecurityAlgorithms.RsaSha384, SecurityAlgorithms.RsaSha512,
        SecurityAlgorithms.RsaSsaPssSha256, SecurityAlgorithms.RsaSsaPssSha384, SecurityAlgorithms.RsaSsaPssSha512,
        SecurityAlgorithms.EcdsaSha256, SecurityAlgorithms.EcdsaSha384, SecurityAlgorithms.EcdsaSha512,
    ];

    /// <summary>The client a token speaks for: <c>client_id</c> (OAuth 2.0 client credentials, RFC 9068), else <c>sub</c>.</summary>
    public static readonly string[] ClientClaims = ["client_id", "sub"];

    /// <summary>The column the client's name is recorded in (submissions.key_name, *_revisions.written_by_key) holds 100.</summary>
    public const int MaxClientLength = 100;

    public const string KeyIdPrefix = "jwt:";

    public static void Configure(JwtBearerOptions o, IOptions<JwtOptions> settings, TimeProvider clock, ILoggerFactory loggers)
    {
        var jwt = settings.Value;
        o.EventsType = typeof(TokenEvents);
        o.MapInboundClaims = false;
        o.SaveToken = false;
        o.RequireHttpsMetadata = jwt.RequireHttpsMetadata;
        var p = o.TokenValidationParameters;
        p.ValidateIssuer = true;
        p.ValidIssuer = string.IsNullOrWhiteSpace(jwt.Issuer) ? null : jwt.Issuer;
        p.ValidateAudience = true;
        p.ValidAudience = jwt.Audience;
        p.ValidateLifetime = true;
        p.RequireExpirationTime = true;
        p.RequireSignedTokens = true;
        p.ValidateIssuerSigningKey = true;
        p.ValidAlgorithms = Algorithms;
        p.ClockSkew = TimeSpan.FromSeconds(jwt.ClockSkewSeconds);
        // exp and nbf are checked by Microsoft.IdentityModel against the machine's UTC clock (its own, well-trodden code).
        p.NameClaimType = ClaimTypes.Name;
        p.RoleClaimType = ClaimTypes.Role;
        if (!string.IsNullOrWhiteSpace(jwt.Authority))
        {
            o.Authority = jwt.Authority;
        }
        else
        {
            var keys = new SigningKeys(jwt.SigningKeysFile!, clock, loggers.CreateLogger<SigningKeys>());
            p.IssuerSigningKeyResolver = (_, _, _, _) => keys.Current();
        }
    }

    /// <summary>A stable id of the token's client, in the shape of an API key's id (it fits api_key_id varchar(32)):
    /// the idempotency records and the rate limiter keep each client apart, and apart from every key.</summary>
    public static string KeyIdOf(string issuer, string client) =>
        KeyIdPrefix + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(issuer + "\n" + client)))[..28];
}

/// <summary>Why a request's token is refused before or after it verified (the header, or claims that do not make a
/// caller); the message is the problem's detail, the code RFC 6750's error code.</summary>
internal sealed class TokenRefusedException(string message, string code = "invalid_token") : Exception(message)
{
    public string Code { get; } = code;
}

/// <summary>Reading the header, turning a verified token into a caller, and the 401/403 answers.</summary>
internal sealed class TokenEvents(Db db, IOptions<JwtOptions> options) : JwtBearerEvents
{
    private static readonly SqlFile<KeyOrgUnit> OrgUnitKnown = new("Infrastructure.Auth.TokenOrgUnit");

    public override Task MessageReceived(MessageReceivedContext context)
    {
        var headers = context.Request.Headers;
        if (headers.ContainsKey(ApiKeyAuthentication.Header))
        {
            // Two credentials that may name two callers: neither is chosen silently.
            context.Fail(new TokenRefusedException("Send either an API key (X-Api-Key) or a bearer token (Authorization), not both.", "invalid_request"));
            return Task.CompletedTask;
        }
        var values = headers.Authorization;
        var value = values.Count == 1 ? values[0] ?? "" : "";
        const string prefix = "Bearer ";
        var token = value.Length > prefix.Length && value.StartsWith(prefix, StringComparison.OrdinalIgnoreCase) ? value[prefix.Length..].Trim() : "";
        if (token.Length == 0 || token.Any(char.IsWhiteSpace))
        {
            context.Fail(new TokenRefusedException(values.Count > 1
                ? "Send one Authorization header."
                : "The Authorization header must be 'Bearer' followed by one token (RFC 6750).", "invalid_request"));
            return Task.CompletedTask;
        }
        context.Token = token;
        return Task.CompletedTask;
    }

    public override async Task TokenValidated(TokenValidatedContext context)
    {
        var jwt = options.Value;
        var token = context.Principal!;
        string? Single(string type)
        {
            var found = token.FindAll(type).Select(c => c.Value).Distinct(StringComparer.Ordinal).Take(2).ToList();
            return found.Count == 1 ? found[0] : null;
        }

        var client = TokenAuthentication.ClientClaims.Select(Single).FirstOrDefault(c => !string.IsNullOrEmpty(c));
        if (client is null)
        {
            context.Fail(new TokenRefusedException("The token names no client: it needs a client_id (or sub) claim."));
            return;
        }
        if (client.Length > TokenAuthentication.MaxClientLength)
        {
            context.Fail(new TokenRefusedException($"The token's client_id (or sub) is longer than {TokenAuthentication.MaxClientLength} characters."));
            return;
        }
        var role = Single(jwt.RoleClaim);
        if (role is null || !Roles.All.Contains(role, StringComparer.Ordinal))
        {
            context.Fail(new TokenRefusedException(role is null && token.FindAll(jwt.RoleClaim).Any()
                ? $"The token's {jwt.RoleClaim} claim must hold one role: reader, submitter or admin."
                : $"The token's {jwt.RoleClaim} claim must be reader, submitter or admin, not {Domain.Echo.Quote(role)}."));
            return;
        }
        var orgUnit = Single(jwt.OrgUnitClaim);
        if (orgUnit is null)
        {
            context.Fail(new TokenRefusedException($"The token needs one {jwt.OrgUnitClaim} claim: the code of the caller's org unit."));
            return;
        }
        var http = context.HttpContext;
        await using (var c = await db.OpenAsync(http.RequestAborted))
        {
            var found = await c.QuerySingleAsync<OrgUnitKnownRow>(db.Command(OrgUnitKnown, new KeyOrgUnit(orgUnit)));
            if (found.Known == 0)
            {
                context.Fail(new TokenRefusedException($"The token's {jwt.OrgUnitClaim} {Domain.Echo.Quote(orgUnit)} is not an org unit in the catalogue."));
                return;
            }
            ReadCache.RememberDataVersion(http, found.DataVersion);
        }
        var issuer = token.FindFirst("iss")?.Value ?? "";
        context.Principal = new ClaimsPrincipal(new ClaimsIdentity(
            [
                new Claim(Caller.KeyIdClaim, TokenAuthentication.KeyIdOf(issuer, client)),
                new Claim(ClaimTypes.Name, client),
                new Claim(Caller.OrgUnitClaim, orgUnit),
                new Claim(ClaimTypes.Role, role),
            ],
            TokenAuthentication.SchemeName));
    }

    public override Task Challenge(JwtBearerChallengeContext context)
    {
        context.HandleResponse();
        var failure = context.AuthenticateFailure;
        var detail = Describe(failure);
        // RFC 6750 §3: the error code, and a description without quotes or backslashes.
        var code = failure is TokenRefusedException refused ? refused.Code : "invalid_token";
        context.Response.Headers.WWWAuthenticate = $"{TokenAuthentication.SchemeName} error=\"{code}\", error_description=\"{detail.Replace("\"", "'", StringComparison.Ordinal).Replace("\\", "/", StringComparison.Ordinal)}\"";
        return Problems.WriteAsync(context.HttpContext, ProblemTypes.Unauthorized, detail);
    }

    public override Task Forbidden(ForbiddenContext context) =>
        Problems.WriteAsync(context.HttpContext, ProblemTypes.Forbidden, "This token's role may not use this endpoint.");

    /// <summary>What is wrong with the token, in a sentence for the client; never the token itself.</summary>
    public static string Describe(Exception? failure) => failure switch
    {
        TokenRefusedException refused => refused.Message,
        SecurityTokenExpiredException => "The bearer token has expired (exp).",
        SecurityTokenNotYetValidException => "The bearer token is not valid yet (nbf).",
        SecurityTokenNoExpirationException => "The bearer token has no expiry (exp).",
        SecurityTokenInvalidLifetimeException => "The bearer token's lifetime (nbf, exp) is not valid.",
        SecurityTokenInvalidIssuerException => "The bearer token's issuer (iss) is not the one this service trusts.",
        SecurityTokenInvalidAudienceException => "The bearer token's audience (aud) is not this service.",
        SecurityTokenInvalidAlgorithmException => "The bearer token is signed with an algorithm this service does not accept (RS, PS or ES 256/384/512).",
        SecurityTokenSignatureKeyNotFoundException or SecurityTokenInvalidSignatureException =>
            "The bearer token is not signed, or its signature does not verify with the keys this service trusts.",
        SecurityTokenMalformedException or ArgumentException => "The bearer token is not a well-formed JWT.",
        SecurityTokenException => "The bearer token is not valid.",
        null => "This endpoint needs an API key in the X-Api-Key header or a bearer token in the Authorization header.",
        _ => "The bearer token could not be verified.",
    };

    private sealed class OrgUnitKnownRow
    {
        public long Known { get; init; }

        public long DataVersion { get; init; }
    }
}
