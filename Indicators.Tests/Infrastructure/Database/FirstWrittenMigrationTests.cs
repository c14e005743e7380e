using Dapper;
using Indicators.Api.Infrastructure.Database;
using Indicators.Tests.Support;

namespace Indicators.Tests.Infrastructure.Database;

/// <summary>
/// SQLite migration 0008 keeps on each current value the time its key was first received (its revision 1), which the
/// report status reads instead of following the key's chain of revisions back. A database written before it must come
/// out with that time on every row, read through the service's own query.
/// </summary>
public sealed class FirstWrittenMigrationTests : IDisposable
{
    private readonly SqliteMigrationFile database = new();

    public void Dispose() => database.Dispose();

    [Fact]
    public async Task Every_current_value_gets_the_time_of_its_first_revision()
    {
        var (connection, migration) = await database.OpenBeforeAsync(".0008_first_written_at.");
        await using var c = connection;

        // Before 0008: a key revised twice (its chain s3 → s2 → s1), a key written once, the same indicator and unit in
        // another period, written first by s2 — the chains must not mix — and a key whose chain is broken (its revision 1
        // is gone), which keeps no time and is read as its current revision's.
        const string insertRevision =
            "INSERT INTO actual_revisions (submission_id, indicator, org_unit, period, revision, value, status, note, written_by_key, written_by_unit, written_at, previous_submission_id) " +
            "VALUES (@s, 'EXPORTS', @u, @p, @n, '1', 'official', NULL, 'k', 'TQ', @at, @previous)";
        await c.ExecuteAsync(insertRevision, new { s = "s1", u = "TQ", p = "2020-M06", n = 1, at = "2020-07-01T00:00:00.0000000Z", previous = (string?)null });
        await c.ExecuteAsync(insertRevision, new { s = "s2", u = "TQ", p = "2020-M06", n = 2, at = "2020-07-02T00:00:00.0000000Z", previous = "s1" });
        await c.ExecuteAsync(insertRevision, new { s = "s3", u = "TQ", p = "2020-M06", n = 3, at = "2020-07-03T00:00:00.0000000Z", previous = "s2" });
        await c.ExecuteAsync(insertRevision, new { s = "s2", u = "TQ", p = "2020-M07", n = 1, at = "2020-07-02T00:00:00.0000000Z", previous = (string?)null });
        await c.ExecuteAsync(insertRevision, new { s = "s3", u = "TQ-SD", p = "2020-M06", n = 1, at = "2020-07-03T00:00:00.0000000Z", previous = (string?)null });
        await c.ExecuteAsync(insertRevision, new { s = "s3", u = "TQ-SD", p = "2020-M07", n = 2, at = "2020-07-03T00:00:00.0000000Z", previous = "gone" });
        const string insertValue =
            "INSERT INTO actual_values (indicator, org_unit, period, year, first_month, last_month, value, status, note, revision, written_at, submission_id) " +
            "VALUES ('EXPORTS', @u, @p, 2020, @m, @m, '1', 'official', NULL, @n, @at, @s)";
        await c.ExecuteAsync(insertValue, new { u = "TQ", p = "2020-M06", m = 6, n = 3, at = "2020-07-03T00:00:00.0000000Z", s = "s3" });
        await c.ExecuteAsync(insertValue, new { u = "TQ", p = "2020-M07", m = 7, n = 1, at = "2020-07-02T00:00:00.0000000Z", s = "s2" });
        await c.ExecuteAsync(insertValue, new { u = "TQ-SD", p = "2020-M06", m = 6, n = 1, at = "2020-07-03T00:00:00.0000000Z", s = "s3" });
        await c.ExecuteAsync(insertValue, new { u = "TQ-SD", p = "2020-M07", m = 7, n = 2, at = "2020-07-03T00:00:00.0000000Z", s = "s3" });

        await c.ExecuteAsync(SqlScripts.Read(migration));

        Assert.Equal(
            ["TQ|2020-M06|2020-07-01T00:00:00.0000000Z", "TQ|2020-M07|2020-07-02T00:00:00.0000000Z", "TQ-SD|2020-M06|2020-07-03T00:00:00.0000000Z", "TQ-SD|2020-M07|-"],
            await c.QueryAsync<string>("SELECT org_unit || '|' || period || '|' || COALESCE(first_written_at, '-') FROM actual_values ORDER BY org_unit, period"));
        // The status's own query answers the same times, and the current revision's for the broken chain.
        foreach (var (month, expected) in new[]
        {
            (6, new[] { "TQ|2020-07-01T00:00:00.0000000Z", "TQ-SD|2020-07-03T00:00:00.0000000Z" }),
            (7, new[] { "TQ|2020-07-02T00:00:00.0000000Z", "TQ-SD|2020-07-03T00:00:00.0000000Z" }),
        })
        {
            var received = await c.QueryAsync(SqlScripts.Get("Kernel.Reporting.ReceivedValues", DatabaseProvider.Sqlite),
                new { Indicators = """["EXPORTS"]""", OrgUnits = """["TQ","TQ-SD"]""", Year = 2020, FirstMonth = month, LastMonth = month });
            Assert.Equal(expected.Order(StringComparer.Ordinal), received.Select(r => $"{r.org_unit}|{r.first_written_at}").Order(StringComparer.Ordinal));
        }
    }
}
