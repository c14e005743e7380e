using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using Dapper;
using Indicators.Api.Infrastructure.Auth;
using Indicators.Tests.Support;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.IdentityModel.Tokens;

namespace Indicators.Tests.Infrastructure.Auth;

public sealed class TokenAuthenticationTestsOnSqlite(SqliteApi api) : TokenAuthenticationTests(api), IClassFixture<SqliteApi>;

public sealed class TokenAuthenticationTestsOnSqlServer(SqlServerApi api) : TokenAuthenticationTests(api), IClassFixture<SqlServerApi>;

/// <summary>
/// SPEC "Identity": a bearer token signed by a key the service trusts, for its issuer and audience, within its lifetime,
/// naming a known org unit and a role, is the caller a key of that org unit and role would be; every other token is a
/// 401 problem that says what is wrong, and nothing is written. Tokens are signed here by keys the tests make
/// (Support/Tokens.cs); the service reads the public keys from a JWKS file.
/// </summary>
public abstract class TokenAuthenticationTests(ApiFixture api)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static Dictionary<string, object> Admin(string client = "bad-tokens") => Tokens.Claims(client, "TQ", Roles.Admin);

    /// <summary>Every kind of bad token, by name (the tokens are made when the test runs: signed by this process's keys,
    /// timed by its clock), with what the problem's detail must say.</summary>
    public static TheoryData<string, string> BadTokens() => new()
    {
        { "expired", "has expired" },
        { "not yet valid", "not valid yet" },
        { "without expiry", "no expiry" },
        { "wrong issuer", "issuer (iss)" },
        { "wrong audience", "audience (aud)" },
        { "alg none", "not signed, or its signature does not verify" },
        { "signed by an unknown key", "not signed, or its signature does not verify" },
        { "signed by an unknown key under a trusted kid", "not signed, or its signature does not verify" },
        { "HS256 with the public key as secret", "not signed, or its signature does not verify" },
        { "tampered payload", "not signed, or its signature does not verify" },
        { "unknown org unit", "'TQ-NOWHERE' is not an org unit" },
        { "no org unit", "needs one org_unit claim" },
        { "unknown role", "must be reader, submitter or admin, not 'superuser'" },
        { "no role", "must be reader, submitter or admin" },
        { "two roles", "must hold one role" },
        { "no client", "names no client" },
        { "client id longer than the column", "longer than 100 characters" },
        { "not a JWT", "not a well-formed JWT" },
        { "three garbage segments", "not a well-formed JWT" },
    };

    private static string BadToken(string kind)
    {
        var now = DateTime.UtcNow;
        return kind switch
        {
            "expired" => Tokens.Mint(Admin(), expires: now.AddMinutes(-5), notBefore: now.AddMinutes(-30)),
            "not yet valid" => Tokens.Mint(Admin(), notBefore: now.AddMinutes(5), expires: now.AddMinutes(30)),
            "without expiry" => Tokens.Mint(Admin(), withExpiry: false),
            "wrong issuer" => Tokens.Mint(Admin(), issuer: "https://idp.test/realms/someone-else"),
            "wrong audience" => Tokens.Mint(Admin(), audience: "another-service"),
            "alg none" => Tokens.Unsigned(Admin()),
            "signed by an unknown key" => Tokens.Mint(Admin(), Tokens.Stranger),
            "signed by an unknown key under a trusted kid" => Tokens.Mint(Admin(), new RsaSecurityKey(Tokens.Stranger.Rsa) { KeyId = Tokens.Rsa.KeyId }),
            "HS256 with the public key as secret" => Tokens.SignedWithPublicKeyAsSecret(Admin()),
            "tampered payload" => Tamper(Tokens.Mint(Tokens.Claims("bad-tokens", "TQ", Roles.Reader))),
            "unknown org unit" => Tokens.Mint(Tokens.Claims("bad-tokens", "TQ-NOWHERE", Roles.Admin)),
            "no org unit" => Tokens.Mint(Tokens.Claims("bad-tokens", null, Roles.Admin)),
            "unknown role" => Tokens.Mint(Tokens.Claims("bad-tokens", "TQ", "superuser")),
            "no role" => Tokens.Mint(Tokens.Claims("bad-tokens", "TQ", null)),
            "two roles" => Tokens.Mint(new Dictionary<string, object>(Tokens.Claims("bad-tokens", "TQ", null)) { ["role"] = new[] { "reader", "admin" } }),
            "no client" => Tokens.Mint(new Dictionary<string, object> { ["org_unit"] = "TQ", ["role"] = Roles.Admin }),
            "client id longer than the column" => Tokens.Mint(Tokens.Claims(new string('c', 101), "TQ", Roles.Admin)),
            "not a JWT" => "abc",
            "three garbage segments" => "a.b.c",
            _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "no such bad token"),
        };
    }

    /// <summary>A reader's token with its role changed to admin, the signature kept.</summary>
    private static string Tamper(string token)
    {
        var parts = token.Split('.');
        var payload = JsonSerializer.Deserialize<Dictionary<string, object>>(Base64UrlEncoder.Decode(parts[1]))!;
        payload["role"] = Roles.Admin;
        return parts[0] + "." + Base64UrlEncoder.Encode(JsonSerializer.Serialize(payload)) + "." + parts[2];
    }

    [Theory]
    [MemberData(nameof(BadTokens))]
    public async Task A_bad_token_is_a_401_problem_that_says_why_and_nothing_is_written(string kind, string detail)
    {
        var token = BadToken(kind);
        var before = await api.SnapshotAsync();
        var client = api.TokenClient(token);

        var write = await client.PostAsync("/api/v1/submissions",
            Support.Http.Json("""{"values":[{"indicator":"INDUSTRIAL_OUTPUT","orgUnit":"TQ","period":"2019-M05","value":1,"status":"estimate"}]}"""), Ct);
        var read = await client.GetAsync("/api/v1/org-units/TQ", Ct);

        foreach (var response in new[] { write, read })
        {
            var problem = await response.AssertProblemAsync(HttpStatusCode.Unauthorized);
            Assert.Equal("urn:indicators:problem:unauthorized", problem.GetProperty("type").GetString());
            Assert.True(problem.GetProperty("detail").GetString()!.Contains(detail, StringComparison.Ordinal),
                $"{kind}: the detail '{problem.GetProperty("detail").GetString()}' does not say '{detail}'");
            var challenge = response.Headers.WwwAuthenticate.ToString();
            Assert.StartsWith("Bearer error=\"invalid_token\"", challenge);
            var signature = token.Split('.')[^1];
            if (signature.Length > 16)
            {
                Assert.DoesNotContain(signature, await response.Content.ReadAsStringAsync(Ct));
            }
        }
        Assert.Equal(before, await api.SnapshotAsync());
    }

    [Theory]
    [InlineData("Basic dXNlcjpwYXNzd29yZA==")]
    [InlineData("Bearer")]
    [InlineData("Bearer ")]
    [InlineData("Bearer two tokens")]
    [InlineData("Token abc.def.ghi")]
    public async Task A_malformed_authorization_header_is_a_401_problem(string header)
    {
        var client = api.Client();
        Assert.True(client.DefaultRequestHeaders.TryAddWithoutValidation("Authorization", header));

        var response = await client.GetAsync("/api/v1/org-units/TQ", Ct);

        var problem = await response.AssertProblemAsync(HttpStatusCode.Unauthorized);
        Assert.Contains("must be 'Bearer' followed by one token", problem.GetProperty("detail").GetString());
        Assert.StartsWith("Bearer error=\"invalid_request\"", response.Headers.WwwAuthenticate.ToString());
    }

    [Fact]
    public async Task A_request_with_both_a_key_and_a_token_is_refused_rather_than_one_of_them_chosen()
    {
        var client = api.TokenClient("reader");
        client.DefaultRequestHeaders.Add(ApiKeyAuthentication.Header, api.Key("admin"));

        var response = await client.GetAsync("/api/v1/org-units/TQ", Ct);

        var problem = await response.AssertProblemAsync(HttpStatusCode.Unauthorized);
        Assert.Contains("not both", problem.GetProperty("detail").GetString());
    }

    [Fact]
    public async Task Without_any_credential_the_401_offers_both_schemes()
    {
        var response = await api.Client().GetAsync("/api/v1/org-units/TQ", Ct);

        var problem = await response.AssertProblemAsync(HttpStatusCode.Unauthorized);
        Assert.Contains("X-Api-Key header or a bearer token", problem.GetProperty("detail").GetString());
        var challenges = response.Headers.WwwAuthenticate.Select(h => h.Scheme).ToList();
        Assert.Contains("ApiKey", challenges);
        Assert.Contains("Bearer", challenges);
    }

    [Theory]
    [InlineData(SecurityAlgorithms.RsaSha256)]
    [InlineData(SecurityAlgorithms.RsaSha512)]
    [InlineData(SecurityAlgorithms.RsaSsaPssSha256)]
    [InlineData(SecurityAlgorithms.EcdsaSha256)]
    public async Task Tokens_signed_by_a_trusted_key_with_an_asymmetric_algorithm_are_accepted(string algorithm)
    {
        var key = algorithm == SecurityAlgorithms.EcdsaSha256 ? (SecurityKey)Tokens.Ec : Tokens.Rsa;
        var token = Tokens.Mint(Tokens.Claims("alg-" + algorithm, "TQ", Roles.Reader), key, algorithm);

        var response = await api.TokenClient(token).GetAsync("/api/v1/org-units/TQ", Ct);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task A_token_expired_within_the_clock_skew_is_still_accepted_and_one_beyond_it_is_not()
    {
        var now = DateTime.UtcNow;
        var within = Tokens.Mint(Tokens.Claims("skew", "TQ", Roles.Reader), notBefore: now.AddMinutes(-5), expires: now.AddSeconds(-5));
        var beyond = Tokens.Mint(Tokens.Claims("skew", "TQ", Roles.Reader), notBefore: now.AddMinutes(-5), expires: now.AddSeconds(-45));

        Assert.Equal(HttpStatusCode.OK, (await api.TokenClient(within).GetAsync("/api/v1/org-units/TQ", Ct)).StatusCode);
        await (await api.TokenClient(beyond).GetAsync("/api/v1/org-units/TQ", Ct)).AssertProblemAsync(HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task Revisions_and_receipts_record_the_tokens_client_id_and_its_org_unit()
    {
        var response = await Batches.SubmitAsync(api.TokenClient("sd"), Batches.Value("INDUSTRIAL_OUTPUT", "TQ-SD", "2019-M04", 123.4m));
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var id = (await response.JsonAsync()).GetProperty("id").GetString()!;

        await using var c = await api.OpenAsync();
        var receipt = await c.QuerySingleAsync<(string ApiKeyId, string KeyName, string OrgUnit)>(
            "SELECT api_key_id, key_name, org_unit FROM submissions WHERE id = @id", new { id });
        Assert.Equal("client-sd", receipt.KeyName);
        Assert.Equal("TQ-SD", receipt.OrgUnit);
        Assert.Equal(TokenAuthentication.KeyIdOf(Tokens.Issuer, "client-sd"), receipt.ApiKeyId);
        Assert.Matches("^jwt:[0-9a-f]{28}$", receipt.ApiKeyId);

        var history = await (await api.TokenClient("reader").GetAsync("/api/v1/values/history?indicator=INDUSTRIAL_OUTPUT&orgUnit=TQ-SD&period=2019-M04", Ct)).JsonAsync();
        var newest = history.GetProperty("items").EnumerateArray().Last();
        Assert.Equal("client-sd", newest.GetProperty("writtenBy").GetString());
        Assert.Equal("TQ-SD", newest.GetProperty("writtenByUnit").GetString());
        Assert.Equal(123.4m, newest.GetProperty("value").GetDecimal());

        // The receipt is the token client's unit's, readable by a key of that unit too (the same rights).
        var read = await api.Client("sd").GetAsync($"/api/v1/submissions/{id}", Ct);
        Assert.Equal(HttpStatusCode.OK, read.StatusCode);
    }

    [Fact]
    public async Task Without_a_client_id_the_subject_names_the_writer()
    {
        var claims = new Dictionary<string, object> { ["sub"] = "svc-hamyen", ["org_unit"] = "TQ-HY", ["role"] = Roles.Submitter };
        var response = await Batches.SubmitAsync(api.TokenClient(Tokens.Mint(claims)), Batches.Value("RETAIL_SALES", "TQ-HY", "2019-M03", 7m));
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var id = (await response.JsonAsync()).GetProperty("id").GetString()!;

        await using var c = await api.OpenAsync();
        Assert.Equal("svc-hamyen", await c.ExecuteScalarAsync<string>("SELECT key_name FROM submissions WHERE id = @id", new { id }));
    }

    [Fact]
    public async Task A_clients_Idempotency_Key_holds_across_its_tokens_and_not_for_another_client()
    {
        const string body = """{"values":[{"indicator":"EXPORT_VALUE","orgUnit":"TQ-SD","period":"2019-M09","value":4.75,"status":"estimate"}]}""";
        async Task<HttpResponseMessage> Send(string token)
        {
            var request = new HttpRequestMessage(HttpMethod.Post, "/api/v1/submissions") { Content = Support.Http.Json(body) };
            request.Headers.Add("Idempotency-Key", "token-idempotency");
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
            return await api.Client().SendAsync(request, Ct);
        }

        var first = await Send(Tokens.Mint(Tokens.Claims("client-idem", "TQ-SD", Roles.Submitter)));
        Assert.Equal(HttpStatusCode.Created, first.StatusCode);
        // A fresh token of the same client (as after a refresh) replays the first answer.
        var again = await Send(Tokens.Mint(Tokens.Claims("client-idem", "TQ-SD", Roles.Submitter), Tokens.Ec));
        Assert.Equal(HttpStatusCode.Created, again.StatusCode);
        Assert.Equal("true", again.Headers.GetValues("Idempotent-Replayed").Single());
        Assert.Equal(await first.Content.ReadAsStringAsync(Ct), await again.Content.ReadAsStringAsync(Ct));
        // Another client of the same unit with the same key and body: its own request, written afresh (unchanged).
        var other = await Send(Tokens.Mint(Tokens.Claims("client-other", "TQ-SD", Roles.Submitter)));
        Assert.Equal(HttpStatusCode.Created, other.StatusCode);
        Assert.False(other.Headers.Contains("Idempotent-Replayed"));
        Assert.Equal(1, (await other.JsonAsync()).GetProperty("unchanged").GetInt32());
    }

    [Fact]
    public async Task A_key_added_to_the_signing_keys_file_is_accepted_without_a_restart()
    {
        api.SkipIfUnavailable();
        using var rotated = System.Security.Cryptography.RSA.Create(2048);
        var next = new RsaSecurityKey(rotated) { KeyId = "rotated" };
        var token = Tokens.Mint(Tokens.Claims("rotation", "TQ", Roles.Reader), next);
        await (await api.TokenClient(token).GetAsync("/api/v1/org-units/TQ", Ct)).AssertProblemAsync(HttpStatusCode.Unauthorized);

        var original = await File.ReadAllTextAsync(api.SigningKeysFile, Ct);
        try
        {
            await File.WriteAllTextAsync(api.SigningKeysFile, Tokens.Jwks(Tokens.Rsa, Tokens.Ec, next), Ct);
            File.SetLastWriteTimeUtc(api.SigningKeysFile, DateTime.UtcNow.AddSeconds(1));
            // The file is looked at again after SigningKeys.CheckInterval on the service's clock.
            api.Clock.Set(DateTimeOffset.UtcNow + SigningKeys.CheckInterval + TimeSpan.FromSeconds(1));

            Assert.Equal(HttpStatusCode.OK, (await api.TokenClient(token).GetAsync("/api/v1/org-units/TQ", Ct)).StatusCode);
            Assert.Equal(HttpStatusCode.OK, (await api.TokenClient("reader").GetAsync("/api/v1/org-units/TQ", Ct)).StatusCode);
        }
        finally
        {
            await File.WriteAllTextAsync(api.SigningKeysFile, original, Ct);
            File.SetLastWriteTimeUtc(api.SigningKeysFile, DateTime.UtcNow.AddSeconds(2));
            api.Clock.Set(DateTimeOffset.UtcNow + SigningKeys.CheckInterval * 3);
            // The next request reads the file back, then the clock is the machine's again.
            await api.TokenClient("reader").GetAsync("/api/v1/org-units/TQ", Ct);
            api.Clock.Reset();
        }
    }
}

/// <summary>
/// <c>Auth:Jwt:Authority</c>: the signing keys come from the provider's OpenID Connect discovery document and its
/// <c>jwks_uri</c>, fetched by JwtBearer's back channel — here answered in process by a stub provider, so no network.
/// </summary>
public sealed class TokenDiscoveryTests(TokenDiscoveryTests.Api api) : IClassFixture<TokenDiscoveryTests.Api>
{
    private const string Authority = "https://idp.test/realms/discovery";

    public sealed class Api : SqliteApiWithSettings
    {
        public ConcurrentQueue<string> Fetched { get; } = new();

        protected override IDictionary<string, string?> Settings => new Dictionary<string, string?>
        {
            ["Auth:Jwt:SigningKeysFile"] = "",
            ["Auth:Jwt:Issuer"] = "",
            ["Auth:Jwt:Authority"] = Authority,
            ["Auth:Jwt:Audience"] = Tokens.Audience,
        };

        protected override void ConfigureServices(IServiceCollection services) =>
            services.Configure<JwtBearerOptions>(TokenAuthentication.SchemeName, o => o.BackchannelHttpHandler = new Provider(Fetched));
    }

    /// <summary>The identity provider's two documents: discovery (its issuer and jwks_uri) and the keys.</summary>
    private sealed class Provider(ConcurrentQueue<string> fetched) : HttpMessageHandler
    {
        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            var url = request.RequestUri!.ToString();
            fetched.Enqueue(url);
            var body = url switch
            {
                Authority + "/.well-known/openid-configuration" =>
                    JsonSerializer.Serialize(new Dictionary<string, object> { ["issuer"] = Authority, ["jwks_uri"] = Authority + "/protocol/openid-connect/certs" }),
                Authority + "/protocol/openid-connect/certs" => Tokens.Jwks(Tokens.Rsa, Tokens.Ec),
                _ => null,
            };
            return Task.FromResult(body is null
                ? new HttpResponseMessage(HttpStatusCode.NotFound)
                : new HttpResponseMessage(HttpStatusCode.OK) { Content = new StringContent(body, System.Text.Encoding.UTF8, "application/json") });
        }
    }

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_token_of_the_discovered_issuer_and_keys_is_accepted_and_another_issuers_is_not()
    {
        var good = Tokens.Mint(Tokens.Claims("discovered", "TQ", Roles.Reader), issuer: Authority);
        var otherIssuer = Tokens.Mint(Tokens.Claims("discovered", "TQ", Roles.Reader), issuer: Tokens.Issuer);
        var otherKey = Tokens.Mint(Tokens.Claims("discovered", "TQ", Roles.Reader), Tokens.Stranger, issuer: Authority);

        Assert.Equal(HttpStatusCode.OK, (await api.TokenClient(good).GetAsync("/api/v1/org-units/TQ", Ct)).StatusCode);
        var problem = await (await api.TokenClient(otherIssuer).GetAsync("/api/v1/org-units/TQ", Ct)).AssertProblemAsync(HttpStatusCode.Unauthorized);
        Assert.Contains("issuer (iss)", problem.GetProperty("detail").GetString());
        await (await api.TokenClient(otherKey).GetAsync("/api/v1/org-units/TQ", Ct)).AssertProblemAsync(HttpStatusCode.Unauthorized);
        Assert.Contains(Authority + "/.well-known/openid-configuration", api.Fetched);
        Assert.Contains(Authority + "/protocol/openid-connect/certs", api.Fetched);
    }
}
