using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace Indicators.Tests.Support;

/// <summary>
/// An identity provider of the tests' own: keys made here (RSA and ECDSA P-256, plus an RSA key the service is never
/// told of), the JWKS file of the trusted public keys, and tokens signed here. No network: the service reads the keys
/// from the file (Auth:Jwt:SigningKeysFile).
/// </summary>
public static class Tokens
{
    public const string Issuer = "https://idp.test/realms/province";
    public const string Audience = "indicators-api";

    /// <summary>The keys the service trusts (their public halves are in the JWKS file).</summary>
    public static readonly RsaSecurityKey Rsa = new(RSA.Create(2048)) { KeyId = "test-rsa" };

    public static readonly ECDsaSecurityKey Ec = new(ECDsa.Create(ECCurve.NamedCurves.nistP256)) { KeyId = "test-ec" };

    /// <summary>A key nobody told the service about.</summary>
    public static readonly RsaSecurityKey Stranger = new(RSA.Create(2048)) { KeyId = "stranger" };

    /// <summary>The JWKS document of <paramref name="keys"/> (public parts only), as a provider publishes it.</summary>
    public static string Jwks(params SecurityKey[] keys)
    {
        var list = keys.Select(k =>
        {
            var jwk = JsonWebKeyConverter.ConvertFromSecurityKey(k);
            var entry = new Dictionary<string, object?> { ["kty"] = jwk.Kty, ["kid"] = jwk.Kid, ["use"] = "sig" };
            if (jwk.Kty == "RSA")
            {
                entry["n"] = jwk.N;
                entry["e"] = jwk.E;
            }
            else
            {
                entry["crv"] = jwk.Crv;
                entry["x"] = jwk.X;
                entry["y"] = jwk.Y;
            }
            return entry;
        });
        return JsonSerializer.Serialize(new { keys = list });
    }

    /// <summary>The claims a provider would put in a client-credentials token for this client, org unit and role.</summary>
    public static Dictionary<string, object> Claims(string client, string? orgUnit, string? role)
    {
        var claims = new Dictionary<string, object> { ["client_id"] = client, ["sub"] = "service-account-" + client };
        if (orgUnit is not null)
        {
            claims["org_unit"] = orgUnit;
        }
        if (role is not null)
        {
            claims["role"] = role;
        }
        return claims;
    }

    /// <summary>A signed token; times default to valid now for five minutes.</summary>
    public static string Mint(
        IDictionary<string, object> claims,
        SecurityKey? key = null,
        string? algorithm = null,
        string issuer = Issuer,
        string audience = Audience,
        DateTime? notBefore = null,
        DateTime? expires = null,
        bool withExpiry = true)
    {
        key ??= Rsa;
        algorithm ??= key is ECDsaSecurityKey ? SecurityAlgorithms.EcdsaSha256 : SecurityAlgorithms.RsaSha256;
        var now = DateTime.UtcNow;
        var descriptor = new SecurityTokenDescriptor
        {
            Issuer = issuer,
            Audience = audience,
            Claims = claims,
            IssuedAt = now,
            NotBefore = notBefore ?? now.AddMinutes(-1),
            Expires = withExpiry ? expires ?? now.AddMinutes(5) : null,
            SigningCredentials = new SigningCredentials(key, algorithm),
        };
        return new JsonWebTokenHandler { SetDefaultTimesOnTokenCreation = false }.CreateToken(descriptor);
    }

    /// <summary>An unsigned token (<c>alg: none</c>) with otherwise valid claims.</summary>
    public static string Unsigned(IDictionary<string, object> claims)
    {
        var now = DateTimeOffset.UtcNow;
        var payload = new Dictionary<string, object>(claims)
        {
            ["iss"] = Issuer,
            ["aud"] = Audience,
            ["nbf"] = now.AddMinutes(-1).ToUnixTimeSeconds(),
            ["exp"] = now.AddMinutes(5).ToUnixTimeSeconds(),
        };
        return Base64Url("""{"alg":"none","typ":"JWT"}""") + "." + Base64Url(JsonSerializer.Serialize(payload)) + ".";
    }

    /// <summary>An HS256 token whose secret is the trusted RSA key's public modulus: the RS256/HS256 confusion.</summary>
    public static string SignedWithPublicKeyAsSecret(IDictionary<string, object> claims)
    {
        var secret = new SymmetricSecurityKey(Rsa.Rsa.ExportParameters(false).Modulus!) { KeyId = Rsa.KeyId };
        return Mint(claims, secret, SecurityAlgorithms.HmacSha256);
    }

    private static string Base64Url(string text) => Base64UrlEncoder.Encode(Encoding.UTF8.GetBytes(text));
}
