using System.Data.Common;
using Dapper;
using Indicators.Api.Infrastructure.Database;
using Microsoft.Data.Sqlite;
using SQLitePCL;

namespace Indicators.Api.Kernel.Batches.Sqlite;

/// <summary>
/// SQLite: stages a batch in the connection's temporary table <c>batch_rows</c> (Stage.sqlite.sql) with one statement
/// (StageRow.sqlite.sql) prepared once and stepped once per row, bound through SQLite's own API.
/// </summary>
/// <remarks>
/// The temporary table touches no table of the database, so staging takes no lock: it runs before the writer's turn,
/// and the one writer at a time spends its turn on the database only. Measured on a 1,000-value batch
/// (bench/RESULTS.md): reading the batch out of one JSON parameter costs SQLite ~5–10 ms (each <c>-&gt;&gt;</c> re-reads
/// the item), and Microsoft.Data.Sqlite's per-execution parameter binding ~8 ms; binding directly, 3–6 ms for the 1,000
/// rows. The values are bound as <see cref="DapperSetup.SqliteText"/>, the text every SQLite value is stored as.
/// </remarks>
internal sealed class SqliteBatchStaging(Db db) : IBatchStaging
{
    private static readonly SqlFile Table = new("Kernel.Batches.Sqlite.Stage");

    /// <summary>Its parameters are bound through SQLite's API by name, not by Dapper (see <see cref="Step"/>).</summary>
    private static readonly SqlFile<StagedRow> Row = new("Kernel.Batches.Sqlite.StageRow");

    public async Task<BatchRowsParameter> StageAsync(DbConnection connection, IReadOnlyList<BatchRow> rows, CancellationToken ct)
    {
        var sqlite = (SqliteConnection)connection;
        await using var stage = sqlite.BeginTransaction(deferred: true);
        await connection.ExecuteAsync(db.Command(Table, stage, ct));
        Step(sqlite, db.Sql(Row.Name), rows);
        await stage.CommitAsync(ct);
        return BatchRowsParameter.Staged;
    }

    private static void Step(SqliteConnection connection, string sql, IReadOnlyList<BatchRow> rows)
    {
        var handle = connection.Handle ?? throw new InvalidOperationException("The connection is not open.");
        Check(handle, raw.sqlite3_prepare_v2(handle, sql, out var stmt));
        using (stmt)
        {
            int Index(string name) => raw.sqlite3_bind_parameter_index(stmt, name) is > 0 and var i
                ? i
                : throw new InvalidOperationException($"The staging statement has no parameter {name}.");
            int ordinal = Index("@Ordinal"), indicator = Index("@Indicator"), orgUnit = Index("@OrgUnit"), period = Index("@Period"),
                kind = Index("@Kind"), year = Index("@Year"), firstMonth = Index("@FirstMonth"), lastMonth = Index("@LastMonth"),
                value = Index("@Value"), tag = Index("@Tag"), detail = Index("@Detail");
            foreach (var row in rows)
            {
                Check(handle, raw.sqlite3_bind_int(stmt, ordinal, row.Ordinal));
                Check(handle, raw.sqlite3_bind_text(stmt, indicator, row.Indicator));
                Check(handle, raw.sqlite3_bind_text(stmt, orgUnit, row.OrgUnit));
                Check(handle, raw.sqlite3_bind_text(stmt, period, row.PeriodCode));
                Check(handle, raw.sqlite3_bind_text(stmt, kind, row.Kind));
                Check(handle, raw.sqlite3_bind_int(stmt, year, row.Period.Year));
                Check(handle, raw.sqlite3_bind_int(stmt, firstMonth, row.Period.FirstMonth));
                Check(handle, raw.sqlite3_bind_int(stmt, lastMonth, row.Period.LastMonth));
                Check(handle, raw.sqlite3_bind_text(stmt, value, DapperSetup.SqliteText(row.Value)));
                Check(handle, raw.sqlite3_bind_text(stmt, tag, row.Tag));
                Check(handle, row.Detail is null ? raw.sqlite3_bind_null(stmt, detail) : raw.sqlite3_bind_text(stmt, detail, row.Detail));
                var rc = raw.sqlite3_step(stmt);
                if (rc != raw.SQLITE_DONE)
                {
                    Check(handle, rc == raw.SQLITE_ROW ? raw.SQLITE_MISUSE : rc);
                }
                Check(handle, raw.sqlite3_reset(stmt));
            }
        }
    }

    private static void Check(sqlite3 handle, int rc)
    {
        if (rc is not (raw.SQLITE_OK or raw.SQLITE_ROW or raw.SQLITE_DONE))
        {
            throw new SqliteException(raw.sqlite3_errmsg(handle).utf8_to_string(), rc, raw.sqlite3_extended_errcode(handle));
        }
    }
}

/// <summary>The parameters of StageRow.sqlite.sql, as <see cref="SqliteBatchStaging"/> binds them.</summary>
internal sealed record StagedRow(int Ordinal, string Indicator, string OrgUnit, string Period, string Kind, int Year, int FirstMonth, int LastMonth, string Value, string Tag, string? Detail);
