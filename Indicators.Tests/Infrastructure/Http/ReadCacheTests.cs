using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using Indicators.Tests.Support;
using Microsoft.Extensions.DependencyInjection;

namespace Indicators.Tests.Infrastructure.Http;

public sealed class ReadCacheTestsOnSqlite(SqliteApi api) : ReadCacheTests(api), IClassFixture<SqliteApi>;

public sealed class ReadCacheTestsOnSqlServer(SqlServerApi api) : ReadCacheTests(api), IClassFixture<SqlServerApi>;

/// <summary>
/// The read views are served from memory while data_version stands still (Indicators.Api/Infrastructure/Http/ReadCache.cs): every
/// write must show at once, the ETag must still be the hash of the bytes sent, and rights and refusals must be
/// checked on every request as if there were no cache.
/// </summary>
public abstract class ReadCacheTests(ApiFixture api)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_cached_plan_vs_actual_shows_a_value_written_after_it_was_cached()
    {
        await Given.ProvinceAsync(api, "RC1");
        await Given.IndicatorAsync(api, "RC_FLOW", "flow");
        await Given.ValuesAsync(api, ("RC_FLOW", "RC1", "2020-S1", 100m, "estimate"));
        const string url = "/api/v1/plan-vs-actual?period=2020-S1&indicator=RC_FLOW&orgUnit=RC1";
        Assert.Equal(100m, Actual(await GetOkAsync(url)));
        Assert.Equal(100m, Actual(await GetOkAsync(url)));

        await Given.ValuesAsync(api, ("RC_FLOW", "RC1", "2020-S1", 120.5m, "official"));

        var after = await GetOkAsync(url);
        Assert.Equal(120.5m, Actual(after));
        Assert.Equal("official", after.GetProperty("rows")[0].GetProperty("actualStatus").GetString());
    }

    [Fact]
    public async Task A_cached_series_shows_a_target_set_after_it_was_cached()
    {
        await Given.ProvinceAsync(api, "RC2");
        await Given.IndicatorAsync(api, "RC_SERIES", "flow");
        const string url = "/api/v1/series?indicator=RC_SERIES&orgUnit=RC2&from=2020&to=2021&periodType=year";
        var before = await GetOkAsync(url);
        Assert.Equal(JsonValueKind.Null, before.GetProperty("points")[1].GetProperty("target").ValueKind);

        await Given.TargetsAsync(api, ("RC_SERIES", "RC2", "2021", "plan", 500m, "atLeast"));

        var after = await GetOkAsync(url);
        Assert.Equal(500m, after.GetProperty("points")[1].GetProperty("target").GetDecimal());
    }

    [Fact]
    public async Task The_ETag_of_a_cached_view_answers_If_None_Match_with_304_until_the_data_changes()
    {
        await Given.ProvinceAsync(api, "RC3");
        await Given.IndicatorAsync(api, "RC_TAG", "flow");
        await Given.ValuesAsync(api, ("RC_TAG", "RC3", "2020-Q1", 7m, "estimate"));
        const string url = "/api/v1/plan-vs-actual?period=2020-Q1&indicator=RC_TAG&orgUnit=RC3";
        var reader = api.Client("reader");
        using var first = await reader.GetAsync(url, Ct);
        using var second = await reader.GetAsync(url, Ct);
        var tag = first.Headers.ETag;
        Assert.NotNull(tag);
        Assert.Equal(tag, second.Headers.ETag);
        Assert.Equal(await first.Content.ReadAsStringAsync(Ct), await second.Content.ReadAsStringAsync(Ct));

        using var conditional = new HttpRequestMessage(HttpMethod.Get, url);
        conditional.Headers.IfNoneMatch.Add(tag!);
        using var notModified = await reader.SendAsync(conditional, Ct);
        Assert.Equal(HttpStatusCode.NotModified, notModified.StatusCode);
        Assert.Empty(await notModified.Content.ReadAsByteArrayAsync(Ct));
        Assert.Equal(tag, notModified.Headers.ETag);

        await Given.ValuesAsync(api, ("RC_TAG", "RC3", "2020-Q1", 8m, "estimate"));
        using var again = new HttpRequestMessage(HttpMethod.Get, url);
        again.Headers.IfNoneMatch.Add(tag!);
        using var changed = await reader.SendAsync(again, Ct);
        Assert.Equal(HttpStatusCode.OK, changed.StatusCode);
        Assert.NotEqual(tag, changed.Headers.ETag);
        Assert.Equal(8m, Actual(JsonDocument.Parse(await changed.Content.ReadAsStringAsync(Ct)).RootElement));
    }

    [Fact]
    public async Task Concurrent_requests_for_one_view_all_get_the_same_full_answer()
    {
        await Given.ProvinceAsync(api, "RC4");
        await Given.IndicatorAsync(api, "RC_BURST", "flow");
        await Given.ValuesAsync(api, ("RC_BURST", "RC4", "2020-M03", 3m, "official"));
        await Given.ValuesAsync(api, ("RC_BURST", "RC4", "2020-M04", 4m, "official"));
        const string url = "/api/v1/plan-vs-actual?period=2020-M03..M04&indicator=RC_BURST&orgUnit=RC4";
        var reader = api.Client("reader");

        var answers = await Task.WhenAll(Enumerable.Range(0, 12).Select(async _ =>
        {
            using var response = await reader.GetAsync(url, Ct);
            return (response.StatusCode, Body: await response.Content.ReadAsStringAsync(Ct), response.Headers.ETag);
        }));

        Assert.All(answers, a => Assert.Equal(HttpStatusCode.OK, a.StatusCode));
        Assert.Single(answers.Select(a => a.Body).Distinct());
        Assert.Single(answers.Select(a => a.ETag!.Tag).Distinct());
        Assert.Equal(7m, Actual(JsonDocument.Parse(answers[0].Body).RootElement));
    }

    [Fact]
    public async Task Clients_that_do_not_read_their_answers_hold_up_no_other_view()
    {
        await Given.ProvinceAsync(api, "RC9");
        await Given.IndicatorAsync(api, "RC_SLOW", "flow");
        await Given.ValuesAsync(api, ("RC_SLOW", "RC9", "2020-M03", 3m, "official"));
        var reader = api.Client("reader");
        // As many slow clients as views may be computed at once (one per core), each asking for a different series of
        // ~1,200 monthly points: an answer far larger than the test server's response buffer (64 KB), so a client that
        // does not read it leaves the server's write of it pending.
        var slow = new List<HttpResponseMessage>();
        try
        {
            for (var i = 0; i < Environment.ProcessorCount; i++)
            {
                var url = $"/api/v1/series?indicator=RC_SLOW&orgUnit=RC9&from={2000 + i / 12}-M{i % 12 + 1:D2}&to=2099-M12&periodType=month";
                var response = await reader.SendAsync(new HttpRequestMessage(HttpMethod.Get, url), HttpCompletionOption.ResponseHeadersRead, Ct);
                slow.Add(response);
                Assert.Equal(HttpStatusCode.OK, response.StatusCode);
                Assert.True(response.Content.Headers.ContentLength > 128 * 1024, $"{response.Content.Headers.ContentLength} bytes");
            }

            // Another view is computed and answered while those answers are still unread (before, each slow client held
            // a computation slot until its answer was sent, and this request waited for them).
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(Ct);
            timeout.CancelAfter(TimeSpan.FromSeconds(15));
            using var other = await reader.GetAsync("/api/v1/plan-vs-actual?period=2020-M03&indicator=RC_SLOW&orgUnit=RC9", timeout.Token);
            var text = await other.Content.ReadAsStringAsync(timeout.Token);
            Assert.True(other.StatusCode == HttpStatusCode.OK, $"{(int)other.StatusCode}: {text}");
            Assert.Equal(3m, Actual(JsonDocument.Parse(text).RootElement));

            // The slow answers are whole once read.
            var first = JsonDocument.Parse(await slow[0].Content.ReadAsStringAsync(Ct)).RootElement;
            Assert.Equal(1200, first.GetProperty("points").GetArrayLength());
        }
        finally
        {
            slow.ForEach(r => r.Dispose());
        }
    }

    [Fact]
    public async Task Answers_held_count_their_keys_against_the_bound_so_long_headers_cannot_outgrow_it()
    {
        await Given.ProvinceAsync(api, "RC10");
        await Given.IndicatorAsync(api, "RC_KEYS", "flow");
        await Given.ValuesAsync(api, ("RC_KEYS", "RC10", "2020-M03", 3m, "official"));
        const long max = 64 * 1024;
        await using var replica = api.StartReplica(new Dictionary<string, string?> { ["ReadCache:MaxBytes"] = max.ToString(System.Globalization.CultureInfo.InvariantCulture) });
        var responses = replica.Services.GetRequiredService<Api.Infrastructure.Http.ViewResponses>();
        var reader = replica.Client("reader");
        // A small answer under a ~5,000-character key (its Accept-Language): 40 of them hold ~400 KB of keys and ~40 KB
        // of bodies. Counted by their bodies alone they all stayed, six times the bound.
        var padding = string.Join(", ", Enumerable.Range(0, 400).Select(i => $"x-t{i:D4};q=0.1"));
        for (var i = 0; i < 40; i++)
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, "/api/v1/plan-vs-actual?period=2020-M03&indicator=RC_KEYS&orgUnit=RC10");
            request.Headers.TryAddWithoutValidation("Accept-Language", $"en, x-r{i:D4}, {padding}");
            using var response = await reader.SendAsync(request, Ct);
            var text = await response.Content.ReadAsStringAsync(Ct);
            Assert.True(response.StatusCode == HttpStatusCode.OK, $"{(int)response.StatusCode}: {text}");
            Assert.Equal(3m, Actual(JsonDocument.Parse(text).RootElement));
            Assert.InRange(responses.Bytes, 0, max);
        }
        Assert.InRange(responses.Count, 1, (int)(max / (2 * padding.Length)));
    }

    [Fact]
    public async Task The_language_and_the_format_asked_for_are_part_of_what_is_cached()
    {
        await Given.ProvinceAsync(api, "RC5");
        await Given.IndicatorAsync(api, "RC_LANG", "flow", nameVi: "Chỉ tiêu thử", nameEn: "Test indicator");
        const string url = "/api/v1/plan-vs-actual?period=2020&indicator=RC_LANG&orgUnit=RC5";
        var reader = api.Client("reader");

        Assert.Equal("Chỉ tiêu thử", Name(await SendAsync(reader, url, "vi", "application/json")));
        Assert.Equal("Test indicator", Name(await SendAsync(reader, url, "en", "application/json")));
        Assert.Equal("Chỉ tiêu thử", Name(await SendAsync(reader, url, "vi", "application/json")));

        using var csv = new HttpRequestMessage(HttpMethod.Get, url);
        csv.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("text/csv"));
        using var csvAnswer = await reader.SendAsync(csv, Ct);
        Assert.Equal("text/csv", csvAnswer.Content.Headers.ContentType?.MediaType);
        Assert.StartsWith("indicator,orgUnit,", await csvAnswer.Content.ReadAsStringAsync(Ct));
    }

    [Fact]
    public async Task Rights_and_refusals_are_checked_on_every_request_of_a_cached_view()
    {
        await Given.ProvinceAsync(api, "RC6");
        await Given.IndicatorAsync(api, "RC_RIGHTS", "flow");
        const string url = "/api/v1/plan-vs-actual?period=2020&indicator=RC_RIGHTS&orgUnit=RC6";
        await GetOkAsync(url);

        using var anonymous = await api.Client().GetAsync(url, Ct);
        Assert.Equal(HttpStatusCode.Unauthorized, anonymous.StatusCode);
        for (var i = 0; i < 2; i++)
        {
            using var refused = await api.Client("reader").GetAsync("/api/v1/plan-vs-actual?period=2020-Q5&indicator=RC_RIGHTS&orgUnit=RC6", Ct);
            Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
            Assert.Null(refused.Headers.ETag);
        }
    }

    private async Task<JsonElement> GetOkAsync(string url)
    {
        using var response = await api.Client("reader").GetAsync(url, Ct);
        var text = await response.Content.ReadAsStringAsync(Ct);
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{(int)response.StatusCode}: {text}");
        return JsonDocument.Parse(text).RootElement.Clone();
    }

    private static async Task<JsonElement> SendAsync(HttpClient client, string url, string language, string accept)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, url);
        request.Headers.AcceptLanguage.Add(new StringWithQualityHeaderValue(language));
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue(accept));
        using var response = await client.SendAsync(request, Ct);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return JsonDocument.Parse(await response.Content.ReadAsStringAsync(Ct)).RootElement.Clone();
    }

    private static decimal Actual(JsonElement doc) => doc.GetProperty("rows")[0].GetProperty("actual").GetDecimal();

    private static string? Name(JsonElement doc) => doc.GetProperty("rows")[0].GetProperty("indicatorName").GetString();
}
