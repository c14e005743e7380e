using Microsoft.Extensions.Options;

namespace Indicators.Api.Infrastructure.Auth;

/// <summary>
/// Section <c>Auth:Jwt</c>: bearer tokens beside API keys (SPEC "Identity"). Absent (no setting in the section), the
/// service accepts API keys only. Present, it must be whole — see <see cref="Problems"/>: a half-configured setup
/// stops the start with what is missing, rather than accepting no token (or, worse, tokens nobody meant to trust).
/// </summary>
internal sealed class JwtOptions
{
    public const string Section = "Auth:Jwt";

    /// <summary>The identity provider's issuer URL; its signing keys are found by OpenID Connect discovery
    /// (<c>{Authority}/.well-known/openid-configuration</c>). Either this or <see cref="SigningKeysFile"/>.</summary>
    public string? Authority { get; set; }

    /// <summary>A JWKS file (RFC 7517 <c>{"keys": [...]}</c>) holding the public keys tokens are signed with, for a
    /// closed network without discovery. Re-read when it changes, so keys rotate without a restart.</summary>
    public string? SigningKeysFile { get; set; }

    /// <summary>The <c>iss</c> every token must carry. Required with a keys file; with an authority, the discovery
    /// document's issuer when not set.</summary>
    public string? Issuer { get; set; }

    /// <summary>The <c>aud</c> every token must carry: this service's name at the provider.</summary>
    public string? Audience { get; set; }

    /// <summary>The claim naming the caller's org unit (a code of the catalogue).</summary>
    public string OrgUnitClaim { get; set; } = "org_unit";

    /// <summary>The claim naming the caller's role: reader, submitter or admin.</summary>
    public string RoleClaim { get; set; } = "role";

    /// <summary>Tolerance for clocks that disagree when checking <c>exp</c> and <c>nbf</c>; small, since a token
    /// is accepted for this long after it expired.</summary>
    public int ClockSkewSeconds { get; set; } = 30;

    /// <summary>Discovery over HTTPS only; turn off only for a provider on a trusted local network.</summary>
    public bool RequireHttpsMetadata { get; set; } = true;

    /// <summary>Whether the section says anything at all: then JWT is on and must be complete.</summary>
    public bool Enabled =>
        !string.IsNullOrWhiteSpace(Authority) || !string.IsNullOrWhiteSpace(SigningKeysFile)
        || !string.IsNullOrWhiteSpace(Issuer) || !string.IsNullOrWhiteSpace(Audience);

    /// <summary>What is wrong with a setup that is on (nothing when it is off or whole), one sentence each.</summary>
    public IReadOnlyList<string> Problems()
    {
        var problems = new List<string>();
        if (!Enabled)
        {
            return problems;
        }
        var hasAuthority = !string.IsNullOrWhiteSpace(Authority);
        var hasFile = !string.IsNullOrWhiteSpace(SigningKeysFile);
        if (hasAuthority == hasFile)
        {
            problems.Add(hasAuthority
                ? "Auth:Jwt: set Authority (OpenID Connect discovery) or SigningKeysFile (a JWKS file), not both."
                : "Auth:Jwt: set Authority (OpenID Connect discovery) or SigningKeysFile (a JWKS file): the service cannot check a token's signature without one.");
        }
        if (string.IsNullOrWhiteSpace(Audience))
        {
            problems.Add("Auth:Jwt:Audience is required: the aud a token must carry for this service.");
        }
        if (hasFile && string.IsNullOrWhiteSpace(Issuer))
        {
            problems.Add("Auth:Jwt:Issuer is required with SigningKeysFile: the iss a token must carry.");
        }
        if (hasAuthority && (!Uri.TryCreate(Authority, UriKind.Absolute, out var uri)
                             || (uri.Scheme != Uri.UriSchemeHttps && (RequireHttpsMetadata || uri.Scheme != Uri.UriSchemeHttp))))
        {
            problems.Add(RequireHttpsMetadata
                ? "Auth:Jwt:Authority must be an absolute https URL (the identity provider's issuer)."
                : "Auth:Jwt:Authority must be an absolute http(s) URL (the identity provider's issuer).");
        }
        if (hasFile && !File.Exists(SigningKeysFile))
        {
            problems.Add($"Auth:Jwt:SigningKeysFile: there is no file '{SigningKeysFile}'.");
        }
        else if (hasFile && SigningKeys.TryLoad(SigningKeysFile!, out _) is { } error)
        {
            problems.Add($"Auth:Jwt:SigningKeysFile '{SigningKeysFile}': {error}");
        }
        if (string.IsNullOrWhiteSpace(OrgUnitClaim) || string.IsNullOrWhiteSpace(RoleClaim))
        {
            problems.Add("Auth:Jwt:OrgUnitClaim and Auth:Jwt:RoleClaim must name claims (defaults org_unit and role).");
        }
        if (ClockSkewSeconds is < 0 or > 300)
        {
            problems.Add("Auth:Jwt:ClockSkewSeconds must be from 0 to 300.");
        }
        return problems;
    }
}

/// <summary>Every problem of a JWT setup that is on, at once: the start fails with all of them.</summary>
internal sealed class JwtOptionsValidation : IValidateOptions<JwtOptions>
{
    public ValidateOptionsResult Validate(string? name, JwtOptions options) =>
        options.Problems() is { Count: > 0 } problems ? ValidateOptionsResult.Fail(problems) : ValidateOptionsResult.Success;
}
