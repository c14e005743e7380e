using System.Net;
using System.Text;
using Indicators.Api.Infrastructure;
using Indicators.Api.Infrastructure.Http;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Options;
using Indicators.Tests.Support;

namespace Indicators.Tests.Reliability;

/// <summary>The limits do not depend on the database provider: they run on SQLite only.</summary>
public sealed class LimitsTests(SqliteApi api) : IClassFixture<SqliteApi>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Refuses_a_body_over_the_size_limit_with_a_413_problem_before_reading_it_and_stores_nothing()
    {
        var before = await api.SnapshotAsync();
        var body = "{\"name\":{\"vi\":\"" + new string('x', 9 * 1024 * 1024) + "\",\"en\":\"x\"},\"kind\":\"district\",\"parent\":\"TQ\"}";
        var response = await api.Client("admin").PutAsync("/api/v1/org-units/TQ-BIG", new StringContent(body, Encoding.UTF8, "application/json"), Ct);
        var problem = await response.AssertProblemAsync(HttpStatusCode.RequestEntityTooLarge);
        Assert.Equal("urn:indicators:problem:payload-too-large", problem.GetProperty("type").GetString());
        Assert.Contains("8,388,608", problem.GetProperty("detail").GetString());
        Assert.Equal(before, await api.SnapshotAsync());
    }

    [Fact]
    public async Task Refuses_a_query_string_over_8_KB_with_a_414_problem()
    {
        var response = await api.Client("reader").GetAsync("/api/v1/org-units?kind=" + new string('a', 9000), Ct);
        var problem = await response.AssertProblemAsync(HttpStatusCode.RequestUriTooLong);
        Assert.Equal("urn:indicators:problem:uri-too-long", problem.GetProperty("type").GetString());
    }

    [Theory]
    [InlineData("GET", "/api/v1/no-such-thing", HttpStatusCode.NotFound)]
    [InlineData("GET", "/api/v1/submissions", HttpStatusCode.MethodNotAllowed)]
    [InlineData("DELETE", "/api/v1/org-units", HttpStatusCode.MethodNotAllowed)]
    [InlineData("GET", "/nothing-here", HttpStatusCode.NotFound)]
    public async Task Unknown_routes_and_methods_answer_problems_not_empty_bodies(string method, string path, HttpStatusCode status)
    {
        var response = await api.Client("reader").SendAsync(new HttpRequestMessage(new HttpMethod(method), path), Ct);
        await response.AssertProblemAsync(status);
    }

    [Fact]
    public async Task Every_response_carries_the_security_headers()
    {
        var reader = api.Client("reader");
        foreach (var (url, client) in new[]
                 {
                     ("/health/live", api.Client()), ("/api/v1/org-units", reader), ("/api/v1/org-units/NOPE", reader),
                     ("/api/v1/org-units", api.Client()), ("/no/such/path", api.Client()), ("/swagger/v1/swagger.json", api.Client()),
                 })
        {
            var response = await client.GetAsync(url, Ct);
            Assert.True(response.Headers.TryGetValues("X-Content-Type-Options", out var nosniff), url);
            Assert.Equal("nosniff", Assert.Single(nosniff));
            Assert.Equal("DENY", Assert.Single(response.Headers.GetValues("X-Frame-Options")));
            Assert.Equal("no-referrer", Assert.Single(response.Headers.GetValues("Referrer-Policy")));
            Assert.Equal(SecurityHeaders.ApiPolicy, Assert.Single(response.Headers.GetValues("Content-Security-Policy")));
            Assert.False(response.Headers.Contains("Server"), url);
        }
    }

    [Fact]
    public async Task Problems_are_never_cached_and_successful_reads_are_revalidated()
    {
        var reader = api.Client("reader");
        var problem = await reader.GetAsync("/api/v1/org-units/NOPE", Ct);
        Assert.Equal(HttpStatusCode.NotFound, problem.StatusCode);
        Assert.True(problem.Headers.CacheControl?.NoStore, "a problem must carry Cache-Control: no-store");
        var unauthorized = await api.Client().GetAsync("/api/v1/org-units", Ct);
        Assert.True(unauthorized.Headers.CacheControl?.NoStore);
        var ok = await reader.GetAsync("/api/v1/org-units", Ct);
        Assert.True(ok.Headers.CacheControl?.NoCache);
        Assert.False(ok.Headers.CacheControl?.NoStore);
    }

    [Fact]
    public async Task The_Swagger_UI_gets_a_policy_that_lets_its_own_scripts_run_and_nothing_from_elsewhere()
    {
        var response = await api.Client().GetAsync("/swagger/index.html", Ct);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var policy = Assert.Single(response.Headers.GetValues("Content-Security-Policy"));
        Assert.Equal(SecurityHeaders.SwaggerUiPolicy, policy);
        Assert.Contains("frame-ancestors 'none'", policy);
        Assert.DoesNotContain("*", policy);
        Assert.DoesNotContain("http", policy);
    }

    [Fact]
    public async Task A_read_that_outlives_the_request_timeout_is_abandoned_with_a_503_problem()
    {
        var context = new DefaultHttpContext();
        context.Request.Method = "GET";
        context.Request.Path = "/api/v1/plan-vs-actual";
        context.Response.Body = new MemoryStream();
        var limits = new RequestLimits(ctx => Task.Delay(Timeout.Infinite, ctx.RequestAborted), Options.Create(new ApiOptions { RequestTimeoutSeconds = 1 }));
        await limits.InvokeAsync(context);
        Assert.Equal(503, context.Response.StatusCode);
        Assert.Equal("5", context.Response.Headers.RetryAfter.ToString());
        Assert.Equal(Problems.ContentType, context.Response.ContentType);
        context.Response.Body.Position = 0;
        var problem = System.Text.Json.JsonDocument.Parse(context.Response.Body).RootElement;
        Assert.Equal("urn:indicators:problem:timeout", problem.GetProperty("type").GetString());
        Assert.Equal("/api/v1/plan-vs-actual", problem.GetProperty("instance").GetString());
    }

    [Fact]
    public async Task A_write_is_not_cut_short_by_the_read_timeout()
    {
        var context = new DefaultHttpContext();
        context.Request.Method = "POST";
        context.Response.Body = new MemoryStream();
        var limits = new RequestLimits(
            async ctx =>
            {
                await Task.Delay(TimeSpan.FromMilliseconds(1500), ctx.RequestAborted);
                ctx.Response.StatusCode = 201;
            },
            Options.Create(new ApiOptions { RequestTimeoutSeconds = 1 }));
        await limits.InvokeAsync(context);
        Assert.Equal(201, context.Response.StatusCode);
    }
}

/// <summary>A service allowing three requests a minute per key, to see the limiter answer.</summary>
public sealed class RateLimitedApi : SqliteApiWithSettings
{
    protected override IDictionary<string, string?> Settings => new Dictionary<string, string?> { ["RateLimit:PermitsPerMinute"] = "3" };
}

public sealed class RateLimitTests(RateLimitedApi api) : IClassFixture<RateLimitedApi>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_key_over_its_limit_gets_429_with_Retry_After_while_other_keys_and_addresses_go_on()
    {
        var reader = api.Client("reader");
        for (var i = 0; i < 3; i++)
        {
            Assert.Equal(HttpStatusCode.OK, (await reader.GetAsync("/api/v1/org-units/TQ", Ct)).StatusCode);
        }
        var refused = await reader.GetAsync("/api/v1/org-units/TQ", Ct);
        var problem = await refused.AssertProblemAsync(HttpStatusCode.TooManyRequests);
        Assert.Equal("urn:indicators:problem:too-many-requests", problem.GetProperty("type").GetString());
        var retryAfter = refused.Headers.RetryAfter?.Delta;
        Assert.NotNull(retryAfter);
        Assert.InRange(retryAfter.Value.TotalSeconds, 1, 60);

        // Another key has its own bucket.
        Assert.Equal(HttpStatusCode.OK, (await api.Client("admin").GetAsync("/api/v1/org-units/TQ", Ct)).StatusCode);
    }

    [Fact]
    public async Task Requests_without_a_valid_key_share_their_address_bucket_so_guessing_keys_is_throttled()
    {
        var anonymous = api.Client();
        for (var i = 0; i < 3; i++)
        {
            Assert.Equal(HttpStatusCode.OK, (await anonymous.GetAsync("/health/live", Ct)).StatusCode);
        }
        var guess = await api.Client("ik_0123456789abcdef.guess").GetAsync("/api/v1/org-units", Ct);
        await guess.AssertProblemAsync(HttpStatusCode.TooManyRequests);
    }
}
