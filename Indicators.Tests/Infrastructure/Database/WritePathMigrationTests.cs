using Dapper;
using Indicators.Api.Infrastructure.Database;
using Indicators.Tests.Support;

namespace Indicators.Tests.Infrastructure.Database;

/// <summary>
/// SQLite migration 0004 rebuilds actual_values and actual_revisions in a new layout (clustered for reports, and
/// append-only by submission with each revision chained to the one before). A database written before it must come
/// out with the same current values and the same history, read through the service's own SQL.
/// </summary>
public sealed class WritePathMigrationTests : IDisposable
{
    private readonly SqliteMigrationFile database = new();

    public void Dispose() => database.Dispose();

    [Fact]
    public async Task Current_values_and_every_history_survive_the_rebuild_in_order()
    {
        var (connection, migration) = await database.OpenBeforeAsync(".0004_write_path.");
        await using var c = connection;

        // Before 0004: a key with three revisions from three submissions, and a key with one.
        const string insertRevision =
            "INSERT INTO actual_revisions (indicator, org_unit, period, revision, value, status, note, written_by_key, written_by_unit, written_at, submission_id) " +
            "VALUES (@i, @u, @p, @n, @v, 'official', @note, 'k', 'TQ', '2020-07-0' || @n, @s)";
        await c.ExecuteAsync(insertRevision, new { i = "EXPORTS", u = "TQ", p = "2020-S1", n = 1, v = "100", note = (string?)null, s = "s1" });
        await c.ExecuteAsync(insertRevision, new { i = "EXPORTS", u = "TQ", p = "2020-S1", n = 2, v = "100.5", note = "sửa", s = "s2" });
        await c.ExecuteAsync(insertRevision, new { i = "EXPORTS", u = "TQ", p = "2020-S1", n = 3, v = "99999999999999.9999", note = (string?)null, s = "s3" });
        await c.ExecuteAsync(insertRevision, new { i = "EXPORTS", u = "TQ-SD", p = "2020-M06", n = 1, v = "0.0001", note = (string?)null, s = "s2" });
        const string insertValue =
            "INSERT INTO actual_values (indicator, org_unit, period, year, first_month, last_month, value, status, note, revision, written_at, submission_id) " +
            "VALUES (@i, @u, @p, 2020, @f, @l, @v, 'official', NULL, @n, 'now', @s)";
        await c.ExecuteAsync(insertValue, new { i = "EXPORTS", u = "TQ", p = "2020-S1", f = 1, l = 6, v = "99999999999999.9999", n = 3, s = "s3" });
        await c.ExecuteAsync(insertValue, new { i = "EXPORTS", u = "TQ-SD", p = "2020-M06", f = 6, l = 6, v = "0.0001", n = 1, s = "s2" });

        await c.ExecuteAsync(SqlScripts.Read(migration));

        Assert.Equal(0, await c.ExecuteScalarAsync<int>("SELECT COUNT(*) FROM sqlite_master WHERE name LIKE '%_0004' OR name = 'ix_actual_values_report'"));
        Assert.Equal(
            ["EXPORTS|TQ|2020-S1|99999999999999.9999|3|s3", "EXPORTS|TQ-SD|2020-M06|0.0001|1|s2"],
            await c.QueryAsync<string>("SELECT indicator || '|' || org_unit || '|' || period || '|' || value || '|' || revision || '|' || submission_id FROM actual_values ORDER BY org_unit"));

        var history = (await c.QueryAsync(
            SqlScripts.Get("Features.Values.History.Revisions", DatabaseProvider.Sqlite),
            new { Indicator = "EXPORTS", OrgUnit = "TQ", Period = "2020-S1", Year = 2020, FirstMonth = 1, LastMonth = 6, Offset = 0, PageSize = 100 }))
            .Select(r => ((long)r.revision, (string)r.value, (string?)r.note, (string)r.submission_id)).ToList();
        Assert.Equal([(3L, "99999999999999.9999", (string?)null, "s3"), (2L, "100.5", "sửa", "s2"), (1L, "100", null, "s1")], history);
        Assert.Equal(3, await c.ExecuteScalarAsync<int>(SqlScripts.Get("Features.Values.History.Count", DatabaseProvider.Sqlite),
            new { Indicator = "EXPORTS", OrgUnit = "TQ", Period = "2020-S1", Year = 2020, FirstMonth = 1, LastMonth = 6 }));
        Assert.Equal(
            ["s1|", "s2|s1", "s3|s2"],
            await c.QueryAsync<string>("SELECT submission_id || '|' || COALESCE(previous_submission_id, '') FROM actual_revisions WHERE org_unit = 'TQ' ORDER BY revision"));
        Assert.Equal(4, await c.ExecuteScalarAsync<int>("SELECT COUNT(*) FROM actual_revisions"));
    }
}
