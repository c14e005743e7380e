using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json;
using Indicators.Api.Domain;
using Indicators.Tests.Support;

namespace Indicators.Tests.Features.Submissions.Submit;

public sealed class UnchangedRuleTestsOnSqlite(SqliteApi api) : UnchangedRuleTests(api), IClassFixture<SqliteApi>;

public sealed class UnchangedRuleTestsOnSqlServer(SqlServerApi api) : UnchangedRuleTests(api), IClassFixture<SqlServerApi>;

/// <summary>
/// The write statements decide in SQL, set-based, whether an item changes its key; <see cref="Revisions.Changes"/> is the
/// rule. Random batches over a few keys — the same number written another way (10.5, 10.50, 1.05E1), other numbers,
/// statuses or comparisons, notes or sources differing only in case or a trailing space, null and empty — must get from
/// each dialect exactly the counts, current rows and revision numbers the rule predicts, for values and for targets.
/// </summary>
public abstract class UnchangedRuleTests(ApiFixture api)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static readonly string[] Units = ["TQ", "TQ-SD", "TQ-HY"];
    private static readonly string[] Notes = ["ước", "Ước", "ước ", "", "sơ bộ"];

    [Fact]
    public Task Values_follow_the_rule_on_random_batches() =>
        RunAsync("/api/v1/submissions", "values", HttpMethod.Post, "2022", ["estimate", "preliminary", "official"], (key, value, tag, detail) =>
            $$"""{"indicator":"EXPORT_VALUE","orgUnit":"{{key.Unit}}","period":"{{key.Period}}","value":{{value}},"status":"{{tag}}","note":{{Json(detail)}}}""");

    [Fact]
    public Task Targets_follow_the_rule_on_random_batches() =>
        RunAsync("/api/v1/targets", "targets", HttpMethod.Put, "2024", ["atLeast", "atMost"], (key, value, tag, detail) =>
            $$"""{"indicator":"EXPORT_VALUE","orgUnit":"{{key.Unit}}","period":"{{key.Period}}","kind":"plan","value":{{value}},"comparison":"{{tag}}","source":{{Json(detail)}}}""");

    private async Task RunAsync(string url, string collection, HttpMethod method, string year, string[] tags, Func<(string Unit, string Period), string, string, string?, string> item)
    {
        var random = new Random(20201234);
        var keys = Units.SelectMany(u => Enumerable.Range(1, 4).Select(m => (Unit: u, Period: $"{year}-M{m:00}"))).ToList();
        var oracle = new Dictionary<(string, string), (CurrentRevision Current, int Revision)>();
        var admin = api.Client("admin");
        for (var round = 0; round < 12; round++)
        {
            var batch = keys.Where(_ => random.Next(3) > 0).ToList();
            var items = new List<string>();
            int created = 0, updated = 0;
            foreach (var key in batch)
            {
                oracle.TryGetValue(key, out var now);
                var value = random.Next(4) == 0 || now.Current is null ? random.Next(0, 3) + random.Next(0, 3) / 4m : now.Current.Value;
                var tag = random.Next(4) == 0 || now.Current is null ? tags[random.Next(tags.Length)] : now.Current.Tag;
                var note = random.Next(3) == 0 ? Notes[random.Next(Notes.Length)] : now.Current?.Detail;
                // What the service stores for a note: an empty one is none.
                var detail = string.IsNullOrEmpty(note) ? null : note;
                if (Revisions.Changes(now.Current, value, tag, detail))
                {
                    if (now.Current is null)
                    {
                        created++;
                    }
                    else
                    {
                        updated++;
                    }
                    oracle[key] = (new CurrentRevision(value, tag, detail), now.Revision + 1);
                }
                items.Add(item(key, Written(value, random), tag, note == "" && random.Next(2) == 0 ? null : note));
            }
            if (items.Count == 0)
            {
                continue;
            }
            var body = $$"""{"{{collection}}":[{{string.Join(",", items)}}]}""";
            var response = await admin.SendAsync(new HttpRequestMessage(method, url) { Content = new StringContent(body, Encoding.UTF8, "application/json") }, Ct);
            Assert.True(response.StatusCode == HttpStatusCode.Created, $"round {round}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync(Ct)}");
            var receipt = await response.JsonAsync();
            Assert.Equal(
                (batch.Count, created, updated, batch.Count - created - updated),
                (receipt.GetProperty("received").GetInt32(), receipt.GetProperty("created").GetInt32(), receipt.GetProperty("updated").GetInt32(), receipt.GetProperty("unchanged").GetInt32()));
        }

        // The current rows and their revision numbers are what the rule predicts, key by key.
        var path = collection == "values" ? "/api/v1/values" : "/api/v1/targets";
        var listed = (await (await admin.GetAsync($"{path}?indicator=EXPORT_VALUE&year={year}&pageSize=1000", Ct)).JsonAsync()).GetProperty("items").EnumerateArray()
            .ToDictionary(
                i => (i.GetProperty("orgUnit").GetString()!, i.GetProperty("period").GetString()!),
                i => (i.GetProperty("value").GetDecimal(), i.GetProperty(collection == "values" ? "status" : "comparison").GetString()!,
                    i.GetProperty(collection == "values" ? "note" : "source").GetString(), i.GetProperty("revision").GetInt32()));
        Assert.Equal(
            oracle.OrderBy(o => o.Key).Select(o => (o.Key, (o.Value.Current.Value, o.Value.Current.Tag, o.Value.Current.Detail, o.Value.Revision))),
            listed.OrderBy(l => l.Key).Select(l => (l.Key, l.Value)));
        Assert.Contains(oracle.Values, o => o.Revision > 2);
    }

    /// <summary>The value as JSON number text: plain, with trailing zeros, or with an exponent — the same number each time.</summary>
    private static string Written(decimal value, Random random) => random.Next(3) switch
    {
        0 => value.ToString(CultureInfo.InvariantCulture),
        1 => (value + 0.00m).ToString(CultureInfo.InvariantCulture),
        _ => (value * 10).ToString(CultureInfo.InvariantCulture) + "E-1",
    };

    private static string Json(string? text) => JsonSerializer.Serialize(text);
}
