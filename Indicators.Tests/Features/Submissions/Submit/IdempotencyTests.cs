using System.Net;
using System.Security.Cryptography;
using System.Text;
using Dapper;
using Indicators.Api.Infrastructure.Auth;
using Indicators.Tests.Support;

namespace Indicators.Tests.Features.Submissions.Submit;

public sealed class IdempotencyTestsOnSqlite(SqliteApi api) : IdempotencyTests(api), IClassFixture<SqliteApi>;

public sealed class IdempotencyTestsOnSqlServer(SqlServerApi api) : IdempotencyTests(api), IClassFixture<SqlServerApi>;

/// <summary>Idempotency-Key on POST /api/v1/submissions and PUT /api/v1/targets (IETF httpapi draft).</summary>
public abstract class IdempotencyTests(ApiFixture api)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static string Body(string period, decimal value) =>
        $$"""{"values": [{"indicator": "RETAIL_SALES", "orgUnit": "TQ-SD", "period": "{{period}}", "value": {{value}}, "status": "estimate", "note": null}]}""";

    private Task<HttpResponseMessage> PostAsync(string client, string key, string body, string url = "/api/v1/submissions")
    {
        var request = new HttpRequestMessage(HttpMethod.Post, url) { Content = Http.Json(body) };
        request.Headers.TryAddWithoutValidation("Idempotency-Key", key);
        return api.Client(client).SendAsync(request, Ct);
    }

    [Fact]
    public async Task A_retry_with_the_same_key_and_body_gets_the_first_answer_byte_for_byte_and_writes_nothing()
    {
        var body = Body("2021-M01", 11m);
        var first = await PostAsync("sd", "retry-1", body);
        Assert.Equal(HttpStatusCode.Created, first.StatusCode);
        Assert.False(first.Headers.Contains("Idempotent-Replayed"));
        var firstBytes = await first.Content.ReadAsByteArrayAsync(Ct);
        var before = await api.SnapshotAsync();

        var second = await PostAsync("sd", "retry-1", body);
        Assert.Equal(HttpStatusCode.Created, second.StatusCode);
        Assert.Equal(["true"], second.Headers.GetValues("Idempotent-Replayed"));
        Assert.Equal(first.Headers.Location, second.Headers.Location);
        Assert.Equal(firstBytes, await second.Content.ReadAsByteArrayAsync(Ct));
        Assert.Equal("application/json", second.Content.Headers.ContentType?.MediaType);
        Assert.Equal(before, await api.SnapshotAsync());

        // The key belongs to the API key that used it: another key's same Idempotency-Key is another request.
        var other = await PostAsync("admin", "retry-1", body);
        Assert.Equal(HttpStatusCode.Created, other.StatusCode);
        Assert.NotEqual(first.Headers.Location, other.Headers.Location);
        Assert.Equal(1, (await other.JsonAsync()).GetProperty("unchanged").GetInt32());
    }

    [Fact]
    public async Task The_same_key_for_a_different_request_is_a_422_and_writes_nothing()
    {
        Assert.Equal(HttpStatusCode.Created, (await PostAsync("sd", "reuse-1", Body("2021-M02", 12m))).StatusCode);
        var before = await api.SnapshotAsync();
        var problem = await (await PostAsync("sd", "reuse-1", Body("2021-M02", 13m))).AssertProblemAsync(HttpStatusCode.UnprocessableEntity);
        Assert.Equal("urn:indicators:problem:idempotency-key-reused", problem.GetProperty("type").GetString());
        // The same body at another address is another request, too.
        await (await PostAsync("sd", "reuse-1", Body("2021-M02", 12m), "/api/v1/submissions?dryRun=false")).AssertProblemAsync(HttpStatusCode.UnprocessableEntity);
        Assert.Equal(before, await api.SnapshotAsync());
    }

    [Fact]
    public async Task A_key_still_in_progress_is_a_409_and_a_stale_one_is_taken_over()
    {
        api.SkipIfUnavailable();
        var body = Body("2021-M03", 14m);
        ApiKeyStore.TryGetId(api.Key("sd"), out var keyId);
        var hash = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes("POST\n/api/v1/submissions\n" + body)));
        var now = DateTimeOffset.UtcNow;
        await using (var c = await api.OpenAsync())
        {
            await c.ExecuteAsync(
                "INSERT INTO idempotency_records (api_key_id, idempotency_key, request_hash, status_code, response_body, location, created_at, completed_at, expires_at) " +
                "VALUES (@keyId, 'busy-1', @hash, NULL, NULL, NULL, @now, NULL, @expires)",
                new { keyId, hash, now, expires = now.AddHours(24) });
        }
        var before = await api.SnapshotAsync();
        var problem = await (await PostAsync("sd", "busy-1", body)).AssertProblemAsync(HttpStatusCode.Conflict);
        Assert.Equal("urn:indicators:problem:idempotency-key-in-use", problem.GetProperty("type").GetString());
        Assert.Equal(before, await api.SnapshotAsync());

        // Three minutes later nothing has completed it: the process that claimed it is gone, and the retry runs.
        try
        {
            api.Clock.Set(now.AddMinutes(3));
            var taken = await PostAsync("sd", "busy-1", body);
            Assert.Equal(HttpStatusCode.Created, taken.StatusCode);
            var replay = await PostAsync("sd", "busy-1", body);
            Assert.Equal(["true"], replay.Headers.GetValues("Idempotent-Replayed"));
        }
        finally
        {
            api.Clock.Reset();
        }
    }

    [Fact]
    public async Task A_refused_request_releases_its_key_so_the_corrected_request_can_use_it()
    {
        var before = await api.SnapshotAsync();
        await (await PostAsync("sd", "fix-1", Body("2021-M04", 1.23m))).AssertProblemAsync(HttpStatusCode.BadRequest, "values[0].value");
        await (await PostAsync("sd", "fix-1", Body("2021-M04", 1.2m).Replace("TQ-SD", "TQ-HY"))).AssertProblemAsync(HttpStatusCode.Forbidden);
        Assert.Equal(before, await api.SnapshotAsync());
        Assert.Equal(HttpStatusCode.Created, (await PostAsync("sd", "fix-1", Body("2021-M04", 1.2m))).StatusCode);
    }

    [Fact]
    public async Task Refuses_malformed_keys()
    {
        var before = await api.SnapshotAsync();
        foreach (var key in new[] { "has space", new string('k', 256), "tab\tkey", "\"\"" })
        {
            await (await PostAsync("sd", key, Body("2021-M05", 1m))).AssertProblemAsync(HttpStatusCode.BadRequest, "Idempotency-Key");
        }
        Assert.Equal(before, await api.SnapshotAsync());
        // The draft's structured-field form, a quoted string, is the same key as the bare one.
        var quoted = await PostAsync("sd", "\"sf-1\"", Body("2021-M05", 1m));
        Assert.Equal(HttpStatusCode.Created, quoted.StatusCode);
        var bare = await PostAsync("sd", "sf-1", Body("2021-M05", 1m));
        Assert.Equal(["true"], bare.Headers.GetValues("Idempotent-Replayed"));
        Assert.Equal(HttpStatusCode.Created, (await PostAsync("sd", new string('k', 255), Body("2021-M06", 1m))).StatusCode);
    }

    [Fact]
    public async Task A_record_is_kept_for_24_hours_then_the_key_is_new_again()
    {
        var body = Body("2021-M07", 17m);
        var first = await PostAsync("sd", "day-1", body);
        try
        {
            api.Clock.Set(DateTimeOffset.UtcNow.AddHours(23));
            Assert.Equal(first.Headers.Location, (await PostAsync("sd", "day-1", body)).Headers.Location);
            api.Clock.Set(DateTimeOffset.UtcNow.AddHours(25));
            var later = await PostAsync("sd", "day-1", body);
            Assert.Equal(HttpStatusCode.Created, later.StatusCode);
            Assert.False(later.Headers.Contains("Idempotent-Replayed"));
            Assert.NotEqual(first.Headers.Location, later.Headers.Location);
            Assert.Equal(1, (await later.JsonAsync()).GetProperty("unchanged").GetInt32());
        }
        finally
        {
            api.Clock.Reset();
        }
    }

    [Fact]
    public async Task A_dry_run_claims_no_key()
    {
        var before = await api.SnapshotAsync();
        var dry = await PostAsync("sd", "dry-1", Body("2021-M08", 18m), "/api/v1/submissions?dryRun=true");
        Assert.Equal(HttpStatusCode.OK, dry.StatusCode);
        Assert.Equal(before, await api.SnapshotAsync());
        Assert.Equal(HttpStatusCode.Created, (await PostAsync("sd", "dry-1", Body("2021-M08", 18m))).StatusCode);
    }

    [Fact]
    public async Task Targets_honour_the_key_too()
    {
        const string body = """{"targets": [{"indicator": "EXPORT_VALUE", "orgUnit": "TQ", "period": "2031", "kind": "plan", "value": 200, "comparison": null, "source": null}]}""";
        var request = () =>
        {
            var r = new HttpRequestMessage(HttpMethod.Put, "/api/v1/targets") { Content = Http.Json(body) };
            r.Headers.Add("Idempotency-Key", "targets-1");
            return r;
        };
        var first = await api.Client("admin").SendAsync(request(), Ct);
        Assert.Equal(HttpStatusCode.Created, first.StatusCode);
        var before = await api.SnapshotAsync();
        var second = await api.Client("admin").SendAsync(request(), Ct);
        Assert.Equal(["true"], second.Headers.GetValues("Idempotent-Replayed"));
        Assert.Equal(await first.Content.ReadAsStringAsync(Ct), await second.Content.ReadAsStringAsync(Ct));
        Assert.Equal(before, await api.SnapshotAsync());
    }
}
