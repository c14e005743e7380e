using System.Net;
using Indicators.Api.Infrastructure;
using Indicators.Api.Infrastructure.Auth;
using Indicators.Tests.Support;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Indicators.Tests.Infrastructure.Auth;

/// <summary>
/// <c>Auth:Jwt</c>: absent, the service takes API keys only; present, it must be whole. A half-configured setup stops the
/// start with every problem named, instead of a service that trusts no token — or one nobody meant it to.
/// </summary>
public sealed class JwtOptionsTests : IDisposable
{
    private readonly string folder = Path.Combine(Path.GetTempPath(), "indicators-tests", "jwt-options-" + Guid.NewGuid().ToString("N"));

    public JwtOptionsTests() => Directory.CreateDirectory(folder);

    public void Dispose() => Directory.Delete(folder, recursive: true);

    private string File(string name, string text)
    {
        var path = Path.Combine(folder, name);
        System.IO.File.WriteAllText(path, text);
        return path;
    }

    private string GoodKeys => File("good.json", Tokens.Jwks(Tokens.Rsa, Tokens.Ec));

    private static async Task<T> WithAppAsync<T>(Func<IServiceProvider, T> read, params (string Key, string Value)[] settings)
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { EnvironmentName = "Testing", ContentRootPath = AppContext.BaseDirectory });
        builder.Configuration.AddInMemoryCollection(settings.Select(s => new KeyValuePair<string, string?>(s.Key, s.Value)));
        builder.AddIndicators(command: false);
        await using var app = builder.Build();
        return read(app.Services);
    }

    private static async Task<OptionsValidationException?> StartFailureAsync(params (string Key, string Value)[] settings)
    {
        try
        {
            await WithAppAsync(sp =>
            {
                sp.GetRequiredService<IStartupValidator>().Validate();
                return 0;
            }, settings);
            return null;
        }
        catch (OptionsValidationException ex)
        {
            return ex;
        }
    }

    [Fact]
    public async Task Without_the_section_only_api_keys_are_accepted()
    {
        var schemes = await WithAppAsync(sp => sp.GetRequiredService<IAuthenticationSchemeProvider>().GetAllSchemesAsync().Result.Select(s => s.Name).ToList());

        Assert.Contains(ApiKeyAuthentication.SchemeName, schemes);
        Assert.DoesNotContain(TokenAuthentication.SchemeName, schemes);
        Assert.Null(await StartFailureAsync());
    }

    [Fact]
    public async Task A_whole_setup_starts_and_adds_the_bearer_scheme()
    {
        var settings = new[] { ("Auth:Jwt:SigningKeysFile", GoodKeys), ("Auth:Jwt:Issuer", Tokens.Issuer), ("Auth:Jwt:Audience", Tokens.Audience) };
        var schemes = await WithAppAsync(sp => sp.GetRequiredService<IAuthenticationSchemeProvider>().GetAllSchemesAsync().Result.Select(s => s.Name).ToList(), settings);

        Assert.Contains(TokenAuthentication.SchemeName, schemes);
        Assert.Null(await StartFailureAsync(settings));
        // With an authority instead of a file (discovery is only fetched when a token comes).
        Assert.Null(await StartFailureAsync(("Auth:Jwt:Authority", "https://idp.example.gov.vn/realms/province"), ("Auth:Jwt:Audience", "indicators-api")));
    }

    public static TheoryData<string, string[], string> HalfConfigured() => new()
    {
        { "issuer without audience", ["Auth:Jwt:Issuer=https://idp.test"], "Auth:Jwt:Audience is required" },
        { "neither authority nor keys file", ["Auth:Jwt:Issuer=https://idp.test", "Auth:Jwt:Audience=api"], "set Authority (OpenID Connect discovery) or SigningKeysFile" },
        { "both authority and keys file", ["Auth:Jwt:Authority=https://idp.test", "Auth:Jwt:SigningKeysFile={good}", "Auth:Jwt:Issuer=https://idp.test", "Auth:Jwt:Audience=api"], "not both" },
        { "keys file without issuer", ["Auth:Jwt:SigningKeysFile={good}", "Auth:Jwt:Audience=api"], "Auth:Jwt:Issuer is required with SigningKeysFile" },
        { "keys file that does not exist", ["Auth:Jwt:SigningKeysFile={missing}", "Auth:Jwt:Issuer=https://idp.test", "Auth:Jwt:Audience=api"], "there is no file" },
        { "keys file that is not JWKS", ["Auth:Jwt:SigningKeysFile={garbage}", "Auth:Jwt:Issuer=https://idp.test", "Auth:Jwt:Audience=api"], "not a readable JWKS document" },
        { "keys file with a shared secret", ["Auth:Jwt:SigningKeysFile={oct}", "Auth:Jwt:Issuer=https://idp.test", "Auth:Jwt:Audience=api"], "symmetric (oct) key" },
        { "keys file with a private key", ["Auth:Jwt:SigningKeysFile={private}", "Auth:Jwt:Issuer=https://idp.test", "Auth:Jwt:Audience=api"], "holds a private key" },
        { "authority over http", ["Auth:Jwt:Authority=http://idp.test", "Auth:Jwt:Audience=api"], "absolute https URL" },
        { "clock skew of an hour", ["Auth:Jwt:SigningKeysFile={good}", "Auth:Jwt:Issuer=https://idp.test", "Auth:Jwt:Audience=api", "Auth:Jwt:ClockSkewSeconds=3600"], "ClockSkewSeconds must be from 0 to 300" },
        { "empty role claim", ["Auth:Jwt:SigningKeysFile={good}", "Auth:Jwt:Issuer=https://idp.test", "Auth:Jwt:Audience=api", "Auth:Jwt:RoleClaim= "], "must name claims" },
    };

    [Theory]
    [MemberData(nameof(HalfConfigured))]
    public async Task A_half_configured_setup_stops_the_start_naming_what_is_missing(string kind, string[] settings, string message)
    {
        var files = new Dictionary<string, string>
        {
            ["{good}"] = GoodKeys,
            ["{missing}"] = Path.Combine(folder, "missing.json"),
            ["{garbage}"] = File("garbage.json", "this is not JSON"),
            ["{oct}"] = File("oct.json", """{"keys":[{"kty":"oct","kid":"s","k":"c2VjcmV0LXNlY3JldC1zZWNyZXQtc2VjcmV0LXNlY3JldA"}]}"""),
            ["{private}"] = File("private.json", System.Text.Json.JsonSerializer.Serialize(new
            {
                keys = new[] { Microsoft.IdentityModel.Tokens.JsonWebKeyConverter.ConvertFromRSASecurityKey(Tokens.Rsa) },
            })),
        };
        var pairs = settings.Select(s => s.Split('=', 2)).Select(p => (p[0], files.Aggregate(p[1], (v, f) => v.Replace(f.Key, f.Value, StringComparison.Ordinal)))).ToArray();

        var failure = await StartFailureAsync(pairs);

        Assert.NotNull(failure);
        Assert.True(failure.Failures.Any(f => f.Contains(message, StringComparison.Ordinal)), $"{kind}: {string.Join(" | ", failure.Failures)}");
    }

    [Fact]
    public async Task A_server_stops_before_it_touches_the_database_when_the_setup_is_half_done()
    {
        // Building Kestrel's options (as a server does when the app is built) reads the JWT settings and fails there.
        var ex = await Record.ExceptionAsync(() => WithAppAsync(sp => sp.GetRequiredService<IOptions<KestrelServerOptions>>().Value, ("Auth:Jwt:Issuer", "https://idp.test")));

        Assert.Contains("Auth:Jwt:Audience is required", Assert.IsType<OptionsValidationException>(ex).Message);
    }
}

public sealed class TokensOffTests(TokensOffTests.Api api) : IClassFixture<TokensOffTests.Api>
{
    /// <summary>The service with no Auth:Jwt settings at all.</summary>
    public sealed class Api : SqliteApiWithSettings
    {
        protected override IDictionary<string, string?> Settings => new Dictionary<string, string?>
        {
            ["Auth:Jwt:SigningKeysFile"] = "",
            ["Auth:Jwt:Issuer"] = "",
            ["Auth:Jwt:Audience"] = "",
        };
    }

    [Fact]
    public async Task Without_jwt_settings_a_bearer_token_is_not_a_credential_and_the_document_shows_only_the_api_key()
    {
        var response = await api.TokenClient("admin").GetAsync("/api/v1/org-units/TQ", TestContext.Current.CancellationToken);

        var problem = await response.AssertProblemAsync(HttpStatusCode.Unauthorized);
        Assert.Equal("This endpoint needs an API key in the X-Api-Key header.", problem.GetProperty("detail").GetString());
        Assert.Equal("ApiKey header=\"X-Api-Key\"", response.Headers.WwwAuthenticate.ToString());
        var document = await api.Client().GetStringAsync("/swagger/v1/swagger.json", TestContext.Current.CancellationToken);
        Assert.DoesNotContain("\"Bearer\"", document);
        Assert.Contains("\"ApiKey\"", document);
    }
}
