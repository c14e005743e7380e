using System.Buffers;
using System.Data;
using System.Data.Common;
using System.Text;
using System.Text.Json;
using Dapper;
using Indicators.Api.Domain;
using Indicators.Api.Infrastructure.Auth;
using Indicators.Api.Infrastructure.Database;
using Microsoft.Data.SqlClient;
using Microsoft.Data.SqlClient.Server;
using Microsoft.Data.Sqlite;

namespace Indicators.Api.Features.Batches;

/// <summary>
/// One checked item of a batch. Values and targets share the shape: the key is (indicator, org unit, period, kind)
/// with kind "" for values; the payload is the value, a tag (a value's status, a target's comparison) and a detail
/// (a value's note, a target's source).
/// </summary>
public sealed record BatchRow(int Ordinal, string Indicator, string OrgUnit, Period Period, string Kind, decimal Value, string Tag, string? Detail);

/// <summary>The pair of tables a batch writes: the current rows and their revisions, with the SQL that does it
/// (<c>Features/Batches/{Values|Targets}{ReadCurrent|Write}[.sqlite].sql</c>).</summary>
public sealed class RevisionedTable
{
    /// <summary>actual_values and actual_revisions.</summary>
    public static readonly RevisionedTable Values = new("values", "Values", sqliteStaged: true);

    /// <summary>targets and target_revisions.</summary>
    public static readonly RevisionedTable Targets = new("targets", "Targets", sqliteStaged: false);

    private RevisionedTable(string kind, string name, bool sqliteStaged)
    {
        Kind = kind;
        SqliteStaged = sqliteStaged;
        ReadCurrentSql = $"Features.Batches.{name}ReadCurrent";
        WriteSql = $"Features.Batches.{name}Write";
        StageSql = $"Features.Batches.{name}Stage";
        StageRowSql = $"Features.Batches.{name}StageRow";
        ClassifySql = $"Features.Batches.{name}Classify";
        WrittenSql = $"Features.Batches.{name}Written";
    }

    /// <summary>The receipt's kind in <c>submissions</c>.</summary>
    public string Kind { get; }

    public string ReadCurrentSql { get; }

    public string WriteSql { get; }

    /// <summary>On SQLite, the batch is first staged row by row in a temporary table (<see cref="SqliteStage"/>:
    /// <see cref="StageSql"/>, then <see cref="StageRowSql"/> per row), and <see cref="WriteSql"/> compares and writes
    /// it in two statements, reading each key's current row once (<see cref="WrittenSql"/> then counts what it wrote).</summary>
    public bool SqliteStaged { get; }

    /// <summary>SQLite, staged tables: makes the temporary table and empties it.</summary>
    public string StageSql { get; }

    /// <summary>SQLite, staged tables: stages one row (<see cref="WriteSql"/> then compares and writes them all).</summary>
    public string StageRowSql { get; }

    /// <summary>SQLite, staged tables: a dry run's counts (created, updated) for the staged batch.</summary>
    public string ClassifySql { get; }

    /// <summary>SQLite, staged tables: what the write wrote for <c>@SubmissionId</c> (created, written).</summary>
    public string WrittenSql { get; }
}

public sealed record BatchOptions
{
    /// <summary>Run every check and count, then roll back: no receipt, no revision, no data_version bump.</summary>
    public bool DryRun { get; init; }

    /// <summary>When nothing would change, store no receipt either (the seeder: a second run changes nothing at all).
    /// An API caller always gets a stored receipt it can read back.</summary>
    public bool ReceiptOnlyWhenChanged { get; init; }

    /// <summary>Runs first inside the write transaction; errors refuse the batch (the period locks, which must be
    /// read in the transaction that writes so that a lock taken meanwhile cannot be missed).</summary>
    public Func<DbConnection, DbTransaction, Task<Dictionary<string, string[]>?>>? Guard { get; init; }

    /// <summary>Runs inside the transaction just before it commits (completing the Idempotency-Key record, so that a
    /// committed batch never lacks its record).</summary>
    public Func<DbConnection, DbTransaction, SubmissionReceipt, Task>? BeforeCommit { get; init; }
}

/// <summary>The receipt, or the guard's refusal (then nothing was written).</summary>
public sealed record BatchWriteResult(SubmissionReceipt? Receipt, Dictionary<string, string[]>? Refusal);

/// <summary>
/// The one write path of revisioned batches (values and targets): all-or-nothing in one transaction, set-based.
/// </summary>
/// <remarks>
/// <para>Steps, in one transaction: pass the batch as one parameter (SQL Server: a table-valued parameter of type
/// <c>dbo.batch_rows</c>, migration 0002; SQLite targets: a JSON array read with json_each); read the current rows of
/// the batch's keys in one query (SQL Server: UPDLOCK, HOLDLOCK, so concurrent writers of the same keys queue);
/// classify each item as created, updated or unchanged in C# — decimals are compared as decimals; then write only the
/// changed items with one INSERT…SELECT into the revisions and one upsert of the current rows, the receipt, and the
/// data_version bump.</para>
/// <para>SQLite actual values (the ingest path, <see cref="RevisionedTable.SqliteStaged"/>): the batch is staged in the
/// connection's temporary table before the writer's turn, and two statements compare and write it, reading each
/// key's current row once. They compare values as text, which is exact here: SQLite holds every value as the one
/// canonical text of its decimal (DapperSetup.SqliteText: no trailing zeros), and the staged text is
/// made the same way, so equal texts are equal decimals. The counts are read back from the revisions written.</para>
/// <para>Revision numbers are 1, 2, 3… per key in commit order: the new revision is the current one + 1, read
/// under the transaction's write lock (SQLite transactions are IMMEDIATE, so writers serialise). A lost race or
/// deadlock is retried from the start by <see cref="DbErrors.RetryAsync{T}"/>, never surfaced as a 500.</para>
/// </remarks>
public sealed class RevisionedBatchWriter(Db db, TimeProvider clock)
{
    public Task<BatchWriteResult> WriteAsync(RevisionedTable table, IReadOnlyList<BatchRow> rows, Caller writer, BatchOptions options, CancellationToken ct) =>
        DbErrors.RetryAsync(() => WriteOnceAsync(table, rows, writer, options, ct));

    private async Task<BatchWriteResult> WriteOnceAsync(RevisionedTable table, IReadOnlyList<BatchRow> rows, Caller writer, BatchOptions options, CancellationToken ct)
    {
        await using var c = await db.OpenAsync(ct);
        var staged = db.IsSqlite && table.SqliteStaged;
        if (staged)
        {
            // The batch goes into this connection's temporary table before the writer's turn: it touches no table of
            // the database, so it takes no lock, and the one writer at a time spends its turn on the database only.
            await using var stage = ((SqliteConnection)c).BeginTransaction(deferred: true);
            await c.ExecuteAsync(db.Sql(table.StageSql), transaction: stage);
            SqliteStage.Run((SqliteConnection)c, db.Sql(table.StageRowSql), rows);
            await stage.CommitAsync(ct);
        }
        // Writers of this process queue here rather than poll for SQLite's lock (see Db.EnterWriterAsync).
        using var turn = options.DryRun ? null : await db.EnterWriterAsync(ct);
        // A dry run writes nothing, so on SQLite it need not take the write lock from real writers.
        await using var tx = options.DryRun && c is SqliteConnection lite ? lite.BeginTransaction(deferred: true) : await c.BeginTransactionAsync(ct);
        if (options.Guard is not null && await options.Guard(c, tx) is { Count: > 0 } refusal)
        {
            await tx.RollbackAsync(ct);
            return new BatchWriteResult(null, refusal);
        }

        if (staged)
        {
            return await WriteStagedAsync(c, (SqliteTransaction)tx, table, rows.Count, writer, options, ct);
        }

        // One anonymous type per dialect, so that Dapper sees the parameter's real type (string or table-valued).
        object keys = db.IsSqlite ? new { Rows = Json(rows) } : new { Rows = new BatchRowsParameter(rows) };
        var current = (await c.QueryAsync<CurrentRow>(db.Sql(table.ReadCurrentSql), keys, tx)).ToDictionary(r => r.Ordinal);

        var changed = new List<BatchRow>(rows.Count);
        int created = 0, updated = 0;
        foreach (var row in rows)
        {
            if (!current.TryGetValue(row.Ordinal, out var now))
            {
                created++;
                changed.Add(row);
            }
            else if (now.Value != row.Value || now.Tag != row.Tag || now.Detail != row.Detail)
            {
                updated++;
                changed.Add(row);
            }
        }
        var receipt = new SubmissionReceipt
        {
            Id = options.DryRun ? null : Guid.CreateVersion7().ToString(),
            Kind = table.Kind,
            DryRun = options.DryRun,
            ReceivedAt = clock.GetUtcNow(),
            Received = rows.Count,
            Created = created,
            Updated = updated,
            Unchanged = rows.Count - changed.Count,
        };
        if (options.DryRun || (changed.Count == 0 && options.ReceiptOnlyWhenChanged))
        {
            await tx.RollbackAsync(ct);
            receipt.Id = null;
            return new BatchWriteResult(receipt, null);
        }

        if (changed.Count > 0)
        {
            object write = db.IsSqlite
                ? new { Rows = Json(changed), writer.KeyName, writer.OrgUnit, Now = receipt.ReceivedAt, SubmissionId = receipt.Id }
                : new { Rows = new BatchRowsParameter(changed), writer.KeyName, writer.OrgUnit, Now = receipt.ReceivedAt, SubmissionId = receipt.Id };
            await c.ExecuteAsync(db.Sql(table.WriteSql), write, tx);
            await DataVersion.BumpAsync(c, tx);
        }
        return await FinishAsync(c, tx, receipt, writer, options, ct);
    }

    /// <summary>
    /// SQLite, staged batch (the connection's temporary table holds it): two statements compare every item with its
    /// key's current row and write the new and changed ones (<see cref="RevisionedTable.WriteSql"/>); the counts come
    /// from what was written. A dry run only counts (<see cref="RevisionedTable.ClassifySql"/>).
    /// </summary>
    private async Task<BatchWriteResult> WriteStagedAsync(DbConnection c, SqliteTransaction tx, RevisionedTable table, int received, Caller writer, BatchOptions options, CancellationToken ct)
    {
        var receipt = new SubmissionReceipt
        {
            Id = options.DryRun ? null : Guid.CreateVersion7().ToString(),
            Kind = table.Kind,
            DryRun = options.DryRun,
            ReceivedAt = clock.GetUtcNow(),
            Received = received,
        };
        if (options.DryRun)
        {
            var (created, updated) = await c.QuerySingleAsync<(long Created, long Updated)>(db.Sql(table.ClassifySql), transaction: tx);
            await tx.RollbackAsync(ct);
            return new BatchWriteResult(Counted(receipt, created, updated), null);
        }
        await c.ExecuteAsync(db.Sql(table.WriteSql), new { writer.KeyName, writer.OrgUnit, Now = receipt.ReceivedAt, SubmissionId = receipt.Id }, tx);
        var (createdNow, written) = await c.QuerySingleAsync<(long Created, long Written)>(db.Sql(table.WrittenSql), new { SubmissionId = receipt.Id }, tx);
        Counted(receipt, createdNow, written - createdNow);
        if (written == 0 && options.ReceiptOnlyWhenChanged)
        {
            await tx.RollbackAsync(ct);
            receipt.Id = null;
            return new BatchWriteResult(receipt, null);
        }
        if (written > 0)
        {
            await DataVersion.BumpAsync(c, tx);
        }
        return await FinishAsync(c, tx, receipt, writer, options, ct);
    }

    private static SubmissionReceipt Counted(SubmissionReceipt receipt, long created, long updated)
    {
        receipt.Created = (int)created;
        receipt.Updated = (int)updated;
        receipt.Unchanged = receipt.Received - (int)created - (int)updated;
        return receipt;
    }

    /// <summary>The receipt, the Idempotency-Key's record (<see cref="BatchOptions.BeforeCommit"/>), the commit.</summary>
    private static async Task<BatchWriteResult> FinishAsync(DbConnection c, DbTransaction tx, SubmissionReceipt receipt, Caller writer, BatchOptions options, CancellationToken ct)
    {
        // A batch that changed nothing still leaves its receipt, but no read view changed: data_version stays, so
        // caches keyed on it stay valid.
        await ReceiptData.InsertAsync(c, tx, receipt, writer.KeyId, writer.KeyName, writer.OrgUnit);
        if (options.BeforeCommit is not null)
        {
            await options.BeforeCommit(c, tx, receipt);
        }
        await tx.CommitAsync(ct);
        return new BatchWriteResult(receipt, null);
    }

    /// <summary>
    /// <c>[[ordinal, indicator, orgUnit, period, kind, year, firstMonth, lastMonth, "value", tag, detail], …]</c>:
    /// SQLite parses it in C inside one statement, so a batch costs a few statements whatever its size. The value
    /// travels as a JSON string, the same invariant, trailing-zero-free text the Dapper decimal handler stores, so it
    /// is never a binary floating-point number on the way.
    /// </summary>
    private static string Json(IReadOnlyList<BatchRow> rows)
    {
        var buffer = new ArrayBufferWriter<byte>(rows.Count * 128 + 16);
        using (var json = new Utf8JsonWriter(buffer, new JsonWriterOptions { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
        {
            json.WriteStartArray();
            foreach (var row in rows)
            {
                json.WriteStartArray();
                json.WriteNumberValue(row.Ordinal);
                json.WriteStringValue(row.Indicator);
                json.WriteStringValue(row.OrgUnit);
                json.WriteStringValue(row.Period.Code);
                json.WriteStringValue(row.Kind);
                json.WriteNumberValue(row.Period.Year);
                json.WriteNumberValue(row.Period.FirstMonth);
                json.WriteNumberValue(row.Period.LastMonth);
                json.WriteStringValue(DapperSetup.SqliteText(row.Value));
                json.WriteStringValue(row.Tag);
                if (row.Detail is null)
                {
                    json.WriteNullValue();
                }
                else
                {
                    json.WriteStringValue(row.Detail);
                }
                json.WriteEndArray();
            }
            json.WriteEndArray();
        }
        return Encoding.UTF8.GetString(buffer.WrittenSpan);
    }

    private sealed class CurrentRow
    {
        public int Ordinal { get; init; }
        public decimal Value { get; init; }
        public string Tag { get; init; } = "";
        public string? Detail { get; init; }
    }
}

/// <summary>The rows as a table-valued parameter of <c>dbo.batch_rows</c>, with the column types spelt out so
/// that no precision or scale is inferred from the data.</summary>
internal sealed class BatchRowsParameter(IReadOnlyList<BatchRow> rows) : SqlMapper.ICustomQueryParameter
{
    private static readonly SqlMetaData[] Columns =
    [
        new("ordinal", SqlDbType.Int),
        new("indicator", SqlDbType.NVarChar, 64),
        new("org_unit", SqlDbType.NVarChar, 32),
        new("period", SqlDbType.VarChar, 16),
        new("kind", SqlDbType.VarChar, 16),
        new("year", SqlDbType.SmallInt),
        new("first_month", SqlDbType.TinyInt),
        new("last_month", SqlDbType.TinyInt),
        new("value", SqlDbType.Decimal, 19, 4),
        new("tag", SqlDbType.VarChar, 16),
        new("detail", SqlDbType.NVarChar, 1000),
    ];

    public void AddParameter(IDbCommand command, string name) =>
        command.Parameters.Add(new SqlParameter(name, SqlDbType.Structured) { TypeName = "dbo.batch_rows", Value = Records() });

    private IEnumerable<SqlDataRecord> Records()
    {
        var record = new SqlDataRecord(Columns);
        foreach (var row in rows)
        {
            record.SetInt32(0, row.Ordinal);
            record.SetString(1, row.Indicator);
            record.SetString(2, row.OrgUnit);
            record.SetString(3, row.Period.Code);
            record.SetString(4, row.Kind);
            record.SetInt16(5, (short)row.Period.Year);
            record.SetByte(6, (byte)row.Period.FirstMonth);
            record.SetByte(7, (byte)row.Period.LastMonth);
            record.SetDecimal(8, DapperSetup.Normalize(row.Value));
            record.SetString(9, row.Tag);
            if (row.Detail is null)
            {
                record.SetDBNull(10);
            }
            else
            {
                record.SetString(10, row.Detail);
            }
            // SqlClient streams the records; reusing one is the documented pattern.
            yield return record;
        }
    }
}
