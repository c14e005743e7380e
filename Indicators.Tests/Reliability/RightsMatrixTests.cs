using System.Net;
using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;
using Dapper;
using Indicators.Api.Infrastructure.Auth;
using Indicators.Api.Infrastructure.Http;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Indicators.Tests.Support;

namespace Indicators.Tests.Reliability;

public sealed class RightsMatrixTestsOnSqlite(SqliteApi api) : RightsMatrixTests(api, Scheme.Key), IClassFixture<SqliteApi>;

public sealed class RightsMatrixTestsOnSqlServer(SqlServerApi api) : RightsMatrixTests(api, Scheme.Key), IClassFixture<SqlServerApi>;

/// <summary>The same matrix with bearer tokens: a token's org unit and role give exactly a key's rights (SPEC "Identity").</summary>
public sealed class RightsMatrixTestsWithTokensOnSqlite(SqliteApi api) : RightsMatrixTests(api, Scheme.Token), IClassFixture<SqliteApi>;

public sealed class RightsMatrixTestsWithTokensOnSqlServer(SqlServerApi api) : RightsMatrixTests(api, Scheme.Token), IClassFixture<SqlServerApi>;

/// <summary>Who may call an endpoint at all (SPEC "Callers and rights"); what a submitter may write is checked per use case.</summary>
public enum Access
{
    /// <summary>Anyone, without a key.</summary>
    Anyone,

    /// <summary>Every key: reader, submitter, admin.</summary>
    Readers,

    /// <summary>Submitters and admins.</summary>
    Writers,

    /// <summary>Admins only.</summary>
    Admin,
}

/// <summary>
/// SPEC "Callers and rights" as a matrix: every endpoint the service maps (enumerated from the routing table, so a
/// new endpoint cannot be forgotten) is called by every kind of caller, and each answer is checked against the
/// table below: 401 for a missing, unknown, malformed or revoked key (or a missing, expired, wrongly signed, malformed
/// or unplaceable token) on every /api endpoint; 403 for a role the endpoint does not admit; never a 5xx. Each class
/// runs the whole matrix with one scheme: API keys, or bearer tokens with the same org units and roles.
/// </summary>
public abstract class RightsMatrixTests(ApiFixture api, Scheme scheme)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    /// <summary>The SPEC's route table. A new endpoint must be added here with who may call it.</summary>
    public static readonly IReadOnlyDictionary<string, Access> Rights = new Dictionary<string, Access>
    {
        ["GET /health/live"] = Access.Anyone,
        ["GET /health/ready"] = Access.Anyone,
        ["GET /api/v1/org-units"] = Access.Readers,
        ["GET /api/v1/org-units/{}"] = Access.Readers,
        ["PUT /api/v1/org-units/{}"] = Access.Admin,
        ["GET /api/v1/indicators"] = Access.Readers,
        ["GET /api/v1/indicators/{}"] = Access.Readers,
        ["PUT /api/v1/indicators/{}"] = Access.Admin,
        ["POST /api/v1/submissions"] = Access.Writers,
        ["GET /api/v1/submissions/{}"] = Access.Writers,
        ["GET /api/v1/values"] = Access.Readers,
        ["GET /api/v1/values/history"] = Access.Readers,
        ["PUT /api/v1/targets"] = Access.Admin,
        ["GET /api/v1/targets"] = Access.Readers,
        ["GET /api/v1/plan-vs-actual"] = Access.Readers,
        ["GET /api/v1/series"] = Access.Readers,
        ["GET /api/v1/locks"] = Access.Readers,
        ["PUT /api/v1/locks/{}"] = Access.Admin,
        ["DELETE /api/v1/locks/{}"] = Access.Admin,
        ["GET /api/v1/schedules"] = Access.Readers,
        ["GET /api/v1/schedules/{}"] = Access.Readers,
        ["PUT /api/v1/schedules/{}"] = Access.Admin,
        ["GET /api/v1/reporting-status"] = Access.Readers,
        // Submitters and admins; of the submitters only the reporter's own (Rights: Act.ReadTemplate) — others get the rule's 403.
        ["GET /api/v1/reporting-status/template"] = Access.Writers,
        ["GET /api/v1/approvals"] = Access.Readers,
        ["PUT /api/v1/approvals/{}/{}/{}"] = Access.Admin,
        ["DELETE /api/v1/approvals/{}/{}/{}"] = Access.Admin,
    };

    /// <summary>Query strings that make a read a complete request, so an admitted caller gets a real answer.</summary>
    private static readonly IReadOnlyDictionary<string, string> SampleQueries = new Dictionary<string, string>
    {
        ["/api/v1/values/history"] = "?indicator=INDUSTRIAL_OUTPUT&orgUnit=TQ&period=2020-S1",
        ["/api/v1/plan-vs-actual"] = "?period=2020-S1",
        ["/api/v1/series"] = "?indicator=INDUSTRIAL_OUTPUT&orgUnit=TQ&from=2019&to=2020&periodType=year",
        ["/api/v1/reporting-status"] = "?schedule=SOCIO_ECONOMIC_HALF_YEAR&period=2020-S1",
        ["/api/v1/reporting-status/template"] = "?schedule=SOCIO_ECONOMIC_HALF_YEAR&period=2020-S1&orgUnit=TQ-SD",
    };

    public static IReadOnlyList<(string Method, string Route, string Key)> MappedEndpoints(IServiceProvider services) =>
        services.GetRequiredService<EndpointDataSource>().Endpoints
            .OfType<RouteEndpoint>()
            .Where(e => "/" + e.RoutePattern.RawText?.TrimStart('/') != RequestLimits.FastEndpointsTestUrlCache)
            .SelectMany(e => (e.Metadata.GetMetadata<HttpMethodMetadata>()?.HttpMethods ?? ["GET"])
                .Select(m => (m, "/" + e.RoutePattern.RawText!.TrimStart('/'))))
            .Select(x => (x.Item1, x.Item2, $"{x.Item1} {Regex.Replace(x.Item2, "\\{[^}]*\\}", "{}")}"))
            .Distinct()
            .OrderBy(x => x.Item3, StringComparer.Ordinal)
            .ToList();

    [Fact]
    public void Every_mapped_endpoint_has_a_row_in_the_rights_table()
    {
        var missing = MappedEndpoints(api.Services).Where(e => !Rights.ContainsKey(e.Key)).Select(e => e.Key).ToList();
        Assert.True(missing.Count == 0, "Add these endpoints to RightsMatrixTests.Rights with who may call them: " + string.Join(", ", missing));
        var stale = Rights.Keys.Except(MappedEndpoints(api.Services).Select(e => e.Key)).ToList();
        Assert.True(stale.Count == 0, "The rights table names endpoints the service does not map: " + string.Join(", ", stale));
    }

    [Fact]
    public async Task FastEndpoints_test_helper_route_that_lists_every_endpoint_is_not_served()
    {
        var response = await api.Client("admin").GetAsync(RequestLimits.FastEndpointsTestUrlCache, Ct);
        await response.AssertProblemAsync(HttpStatusCode.NotFound);
        Assert.DoesNotContain("Endpoint", await response.Content.ReadAsStringAsync(Ct));
    }

    [Fact]
    public async Task Without_a_valid_key_every_api_endpoint_answers_401_and_public_ones_answer()
    {
        var credentials = scheme == Scheme.Key
            ? new[] { ("no key", (string?)null), ("unknown key", "ik_0123456789abcdef.unknown"), ("malformed key", "not a key"), ("revoked key", await RevokedKeyAsync()) }
            :
            [
                ("no token", null),
                ("expired token", Tokens.Mint(Tokens.Claims("matrix", "TQ", Roles.Admin), expires: DateTime.UtcNow.AddMinutes(-10), notBefore: DateTime.UtcNow.AddMinutes(-20))),
                ("token of another key", Tokens.Mint(Tokens.Claims("matrix", "TQ", Roles.Admin), Tokens.Stranger)),
                ("malformed token", "not.a-token"),
                ("token of an unknown org unit", Tokens.Mint(Tokens.Claims("matrix", "TQ-NOWHERE", Roles.Admin))),
            ];
        var failures = new List<string>();
        foreach (var (caller, key) in credentials)
        {
            foreach (var endpoint in MappedEndpoints(api.Services))
            {
                var response = await SendAsync(endpoint, key is null ? api.Client() : scheme == Scheme.Key ? api.Client(key) : api.TokenClient(key));
                var status = (int)response.StatusCode;
                var anyone = Rights.GetValueOrDefault(endpoint.Key) == Access.Anyone;
                if (anyone ? status is 401 or 403 or >= 500 : status != 401)
                {
                    failures.Add($"{caller}: {endpoint.Key} answered {status}");
                    continue;
                }
                if (!anyone)
                {
                    await response.AssertProblemAsync(HttpStatusCode.Unauthorized);
                    Assert.Contains(scheme == Scheme.Key || key is null ? "X-Api-Key" : "Bearer", response.Headers.WwwAuthenticate.ToString());
                }
            }
        }
        Assert.True(failures.Count == 0, string.Join("\n", failures));
    }

    [Theory]
    [InlineData("reader", Roles.Reader)]
    [InlineData("sd", Roles.Submitter)]
    [InlineData("hy", Roles.Submitter)]
    [InlineData("sct", Roles.Submitter)]
    [InlineData("admin", Roles.Admin)]
    public async Task Each_role_is_admitted_exactly_where_the_table_says_and_refused_with_403_elsewhere(string caller, string role)
    {
        var failures = new List<string>();
        foreach (var endpoint in MappedEndpoints(api.Services))
        {
            var access = Rights.GetValueOrDefault(endpoint.Key, Access.Admin);
            var admitted = access switch
            {
                Access.Anyone or Access.Readers => true,
                Access.Writers => role is Roles.Submitter or Roles.Admin,
                _ => role == Roles.Admin,
            };
            var response = await SendAsync(endpoint, api.Client(caller, scheme));
            var status = (int)response.StatusCode;
            if (status >= 500 || status == 401 || (admitted ? IsRoleRefusal(response, status) : status != 403))
            {
                failures.Add($"{caller} ({role}): {endpoint.Key} answered {status}: {await response.Content.ReadAsStringAsync(Ct)}");
                continue;
            }
            if (!admitted)
            {
                await response.AssertProblemAsync(HttpStatusCode.Forbidden);
            }
        }
        Assert.True(failures.Count == 0, string.Join("\n", failures));
    }

    /// <summary>
    /// Object level (OWASP API1): on the write endpoint a submitter may reach, every kind of caller tries its own
    /// figures and another unit's. SPEC: a district writes its own territory; a department the province-level
    /// figures of the indicators it is responsible for (and its own unit's); an admin anything; a reader nothing.
    /// </summary>
    [Theory]
    [InlineData("sd", "INDUSTRIAL_OUTPUT", "TQ-SD", 201)]
    [InlineData("sd", "INDUSTRIAL_OUTPUT", "TQ-HY", 403)]
    [InlineData("sd", "INDUSTRIAL_OUTPUT", "TQ", 403)]
    [InlineData("hy", "RETAIL_SALES", "TQ-HY", 201)]
    [InlineData("hy", "RETAIL_SALES", "TQ-SD", 403)]
    [InlineData("sct", "RETAIL_SALES", "TQ", 201)]
    [InlineData("sct", "RETAIL_SALES", "TQ-SD", 403)]
    [InlineData("sct", "BUDGET_REVENUE", "TQ", 403)]
    [InlineData("sct", "BUDGET_REVENUE", "TQ-SCT", 201)]
    [InlineData("stc", "BUDGET_REVENUE", "TQ", 201)]
    [InlineData("stc", "INDUSTRIAL_OUTPUT", "TQ", 403)]
    [InlineData("reader", "INDUSTRIAL_OUTPUT", "TQ", 403)]
    [InlineData("admin", "TOURIST_ARRIVALS", "TQ-LB", 201)]
    [InlineData("admin", "TOURIST_ARRIVALS", "TQ", 201)]
    public async Task A_submitter_writes_only_the_figures_its_unit_answers_for(string caller, string indicator, string orgUnit, int expected)
    {
        var before = await api.SnapshotAsync();
        var period = $"2019-M{(caller + indicator + orgUnit).Sum(ch => ch) % 12 + 1:00}";
        var response = await api.Client(caller, scheme).PostAsync("/api/v1/submissions",
            Http.Json($$"""{"values":[{"indicator":"{{indicator}}","orgUnit":"{{orgUnit}}","period":"{{period}}","value":{{expected}},"status":"estimate"}]}"""), Ct);
        if (expected == 201)
        {
            Assert.Equal(HttpStatusCode.Created, response.StatusCode);
            return;
        }
        await response.AssertProblemAsync(HttpStatusCode.Forbidden);
        Assert.Equal(before, await api.SnapshotAsync());
    }

    [Fact]
    public async Task Another_units_Idempotency_Key_never_replays_its_receipt()
    {
        var body = """{"values":[{"indicator":"EXPORT_VALUE","orgUnit":"TQ-SD","period":"2019-M08","value":4.25,"status":"estimate"}]}""";
        var own = new HttpRequestMessage(HttpMethod.Post, "/api/v1/submissions") { Content = Http.Json(body) };
        own.Headers.Add("Idempotency-Key", "matrix-shared-key-" + scheme);
        var created = await api.Client("sd", scheme).SendAsync(own, Ct);
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);

        // The same key and the same bytes from another district: its own request, refused on its own rights.
        var before = await api.SnapshotAsync();
        var other = new HttpRequestMessage(HttpMethod.Post, "/api/v1/submissions") { Content = Http.Json(body) };
        other.Headers.Add("Idempotency-Key", "matrix-shared-key-" + scheme);
        var response = await api.Client("hy", scheme).SendAsync(other, Ct);
        await response.AssertProblemAsync(HttpStatusCode.Forbidden, "values[0].orgUnit");
        Assert.False(response.Headers.Contains("Idempotent-Replayed"));
        Assert.Equal(before, await api.SnapshotAsync());
    }

    [Fact]
    public async Task Keys_are_stored_only_as_their_SHA_256_and_no_column_holds_the_key_text()
    {
        await using var c = await api.OpenAsync();
        var rows = (await c.QueryAsync("SELECT * FROM api_keys")).Cast<IDictionary<string, object?>>().ToList();
        Assert.True(rows.Count >= 6);
        foreach (var name in new[] { "admin", "reader", "sd", "hy", "sct", "stc" })
        {
            var key = api.Key(name);
            var secret = key[(key.IndexOf('.') + 1)..];
            ApiKeyStore.TryGetId(key, out var id);
            var row = Assert.Single(rows, r => (string)r["id"]! == id);
            Assert.Equal(SHA256.HashData(Encoding.UTF8.GetBytes(key)), (byte[])row["key_hash"]!);
            foreach (var value in rows.SelectMany(r => r.Values))
            {
                var text = value switch
                {
                    byte[] bytes => Encoding.UTF8.GetString(bytes) + Convert.ToHexString(bytes) + Convert.ToBase64String(bytes),
                    _ => Convert.ToString(value, System.Globalization.CultureInfo.InvariantCulture) ?? "",
                };
                Assert.DoesNotContain(secret, text, StringComparison.OrdinalIgnoreCase);
            }
        }
    }

    /// <summary>Keys (or tokens, in the token classes) presented on every kind of request, good and bad, never appear in
    /// any log line, its properties, its scopes or its exception, even at Trace level.</summary>
    [Fact]
    public async Task Keys_never_reach_the_logs_whether_authentication_succeeds_or_fails()
    {
        api.SkipIfUnavailable();
        var logs = new CapturingLoggerProvider();
        await using var logged = api.Factory.WithWebHostBuilder(b =>
        {
            b.UseSetting("Logging:LogLevel:Default", "Trace");
            b.UseSetting("Logging:LogLevel:Microsoft", "Trace");
            b.UseSetting("Logging:LogLevel:Microsoft.AspNetCore", "Trace");
            b.ConfigureLogging(l => l.AddProvider(logs));
        });
        string[] presented = scheme == Scheme.Key
            ? [api.Key("reader"), api.Key("sd"), api.Key("admin"), await RevokedKeyAsync(), "ik_0123456789abcdef.an-unknown-secret", "a-malformed-secret"]
            :
            [
                api.Token("reader"), api.Token("sd"), api.Token("admin"),
                Tokens.Mint(Tokens.Claims("logs", "TQ", Roles.Admin), expires: DateTime.UtcNow.AddMinutes(-10), notBefore: DateTime.UtcNow.AddMinutes(-20)),
                Tokens.Mint(Tokens.Claims("logs", "TQ", Roles.Admin), Tokens.Stranger),
                Tokens.Mint(Tokens.Claims("logs", "TQ", Roles.Admin), audience: "someone-else"),
                Tokens.Mint(Tokens.Claims("logs", "TQ-NOWHERE", Roles.Admin)),
                Tokens.Unsigned(Tokens.Claims("logs", "TQ", Roles.Admin)),
                "a-malformed-secret-token",
            ];
        foreach (var credential in presented)
        {
            var client = logged.CreateClient();
            if (scheme == Scheme.Key)
            {
                client.DefaultRequestHeaders.Add(ApiKeyAuthentication.Header, credential);
            }
            else
            {
                client.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", credential);
            }
            await client.GetAsync("/api/v1/org-units", Ct);
            await client.PutAsync("/api/v1/org-units/TQ-LOGS", Http.Json("{\"kind\":\"district\"}"), Ct);
            await client.GetAsync("/api/v1/org-units/NOPE", Ct);
        }
        var text = logs.Text();
        Assert.Contains("/api/v1/org-units", text); // the capture works
        if (scheme == Scheme.Token)
        {
            Assert.Contains("Bearer", text); // the bearer handler ran and logged its verdicts
        }
        foreach (var credential in presented)
        {
            // A key's secret is what follows its id; a token is secret whole, and its signature is what makes it usable.
            var secrets = scheme == Scheme.Key
                ? [credential.Contains('.') ? credential[(credential.IndexOf('.') + 1)..] : credential]
                : new[] { credential, credential.Split('.')[^1] }.Where(x => x.Length > 0).ToArray();
            foreach (var secret in secrets)
            {
                Assert.DoesNotContain(secret, text, StringComparison.Ordinal);
            }
        }
    }

    /// <summary>A 403 from the role check; a 403 from a rule of the use case (whose figures) has its own problem type.</summary>
    private static bool IsRoleRefusal(HttpResponseMessage response, int status) =>
        status == 403 && response.Content.ReadAsStringAsync().Result.Contains("role may not use this endpoint", StringComparison.Ordinal);

    private async Task<string> RevokedKeyAsync()
    {
        var store = api.Services.GetRequiredService<ApiKeyStore>();
        var (record, key) = await store.CreateAsync("TQ", Roles.Admin, "revoked in a test", ct: Ct);
        Assert.True(await store.RevokeAsync(record.Id, Ct));
        return key;
    }

    private async Task<HttpResponseMessage> SendAsync((string Method, string Route, string Key) endpoint, HttpClient client)
    {
        var path = Regex.Replace(endpoint.Route, "\\{([^}:]*)[^}]*\\}", m => m.Groups[1].Value.ToLowerInvariant() switch
        {
            "code" when endpoint.Route.Contains("indicators", StringComparison.Ordinal) => "INDUSTRIAL_OUTPUT",
            "code" or "schedule" when endpoint.Route.Contains("schedule", StringComparison.Ordinal) || endpoint.Route.Contains("approvals", StringComparison.Ordinal) =>
                "SOCIO_ECONOMIC_HALF_YEAR",
            "orgunit" => "TQ-SD",
            "code" => "TQ-SD",
            "period" => "2020-S1",
            _ => Guid.NewGuid().ToString(),
        });
        var request = new HttpRequestMessage(new HttpMethod(endpoint.Method), path + (endpoint.Method == "GET" ? SampleQueries.GetValueOrDefault(endpoint.Route, "") : ""));
        if (endpoint.Method is "POST" or "PUT" or "PATCH")
        {
            request.Content = Http.Json("{}");
        }
        return await client.SendAsync(request, Ct);
    }
}

/// <summary>Keeps every log line (message, properties, scopes and exception) written while it is attached.</summary>
public sealed class CapturingLoggerProvider : ILoggerProvider, ISupportExternalScope
{
    private readonly System.Collections.Concurrent.ConcurrentQueue<string> lines = new();
    private IExternalScopeProvider scopes = new LoggerExternalScopeProvider();

    public string Text() => string.Join("\n", lines);

    public ILogger CreateLogger(string categoryName) => new Logger(categoryName, lines, () => scopes);

    /// <summary>The host's scopes (the request's, the activity's trace and span ids) reach this provider too.</summary>
    public void SetScopeProvider(IExternalScopeProvider scopeProvider) => scopes = scopeProvider;

    public void Dispose()
    {
    }

    private sealed class Logger(string category, System.Collections.Concurrent.ConcurrentQueue<string> lines, Func<IExternalScopeProvider> scopes) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => scopes().Push(state);

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            var properties = state is IEnumerable<KeyValuePair<string, object?>> pairs ? string.Join(" ", pairs.Select(p => $"{p.Key}={p.Value}")) : "";
            var scope = new System.Text.StringBuilder();
            scopes().ForEachScope((s, b) =>
            {
                b.Append(" [").Append(s);
                if (s is IEnumerable<KeyValuePair<string, object?>> values)
                {
                    foreach (var (k, v) in values)
                    {
                        b.Append(' ').Append(k).Append('=').Append(v);
                    }
                }
                b.Append(']');
            }, scope);
            lines.Enqueue($"{logLevel} {category}: {formatter(state, exception)} {properties}{scope} {exception}");
        }
    }
}
