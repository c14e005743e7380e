using Indicators.Api.Infrastructure;
using System.Data.Common;
using Dapper;
using Indicators.Api.Infrastructure.Auth;
using Indicators.Api.Infrastructure.Database;
using Indicators.Api.Infrastructure.Observability;

namespace Indicators.Api.Kernel.Batches;

/// <summary>The parameters of a slice's <c>Write.sql</c>: the batch (SQL Server's <c>@Rows</c>; SQLite reads
/// <c>temp.batch_rows</c> instead), who writes, when, and the submission the new revisions belong to.</summary>
internal sealed record BatchWriteArgs(BatchRowsParameter Rows, string KeyName, string OrgUnit, DateTimeOffset Now, string SubmissionId);

/// <summary>The parameter of a slice's <c>Written.sql</c>.</summary>
internal sealed record SubmissionKey(string SubmissionId);

/// <summary>What a slice's <c>Written.sql</c> counts: the revisions the submission wrote, and how many of them are revision 1.</summary>
internal sealed class WrittenCounts
{
    public long Created { get; init; }

    public long Written { get; init; }
}

/// <summary>
/// A pair of tables a batch writes — the current rows and their revisions — and the slice's SQL that writes them:
/// <c>Write.sql</c> / <c>Write.sqlite.sql</c> compares every staged item with its key's current row and writes a revision
/// for each new or changed one, then upserts the current rows from those revisions; <c>Written.sql</c> counts what the
/// submission wrote; <c>Changed.sql</c> logs the (indicator, org unit, year) keys it changed under the bumped data_version,
/// for the read caches (<see cref="DataChange"/>). The kind is also the change log's kind (values, targets).
/// </summary>
internal sealed record RevisionedTable(string Kind, SqlFile<BatchWriteArgs> Write, SqlFile<SubmissionKey> Written, SqlFile<ChangedKeys> Changed);

internal sealed record BatchOptions
{
    /// <summary>Run every check and the write itself, then roll back: the counts are exactly what the write would do;
    /// no receipt, no revision, no data_version bump remains.</summary>
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
internal sealed record BatchWriteResult(SubmissionReceipt? Receipt, Dictionary<string, string[]>? Refusal);

/// <summary>
/// The one write path of revisioned batches (values and targets): all-or-nothing in one transaction, set-based, the
/// same steps on both databases.
/// </summary>
/// <remarks>
/// <para>Steps: stage the batch (<see cref="IBatchStaging"/>: SQLite's temporary table, before the writer's turn, or SQL
/// Server's table-valued parameter); take the writer's turn (<see cref="Db.EnterWriterAsync"/>) and begin; run the
/// guard; run the slice's write — two statements whatever the batch's size; count what the submission wrote; then the
/// receipt, the data_version bump with the change log of the keys written, the Idempotency-Key record and the commit.</para>
/// <para>Whether an item changes its key is decided in the write statement, by the rule of <see cref="Domain.Revisions"/>:
/// the same canonical value (SQLite stores the one canonical text of each decimal, SQL Server decimal(19,4)), the same
/// status or comparison and the same note or source, character for character. A test on random batches holds both
/// dialects' statements to that rule.</para>
/// <para>Revision numbers are 1, 2, 3… per key in commit order: the new revision is the current one + 1, read under
/// the transaction's write lock (SQLite transactions are IMMEDIATE, so writers serialise; SQL Server reads the current
/// rows with UPDLOCK, HOLDLOCK). A lost race or deadlock is retried from the start by <see cref="DbErrors.RetryAsync{T}"/>,
/// never surfaced as a 500.</para>
/// </remarks>
[Singleton]
internal sealed class RevisionedWriter(Db db, IBatchStaging staging, TimeProvider clock)
{
    public async Task<BatchWriteResult> WriteAsync(RevisionedTable table, IReadOnlyList<BatchRow> rows, Caller writer, BatchOptions options, CancellationToken ct)
    {
        // SPEC "Observability": a span per batch write, around every attempt (a retried deadlock is one write).
        using var span = BatchTelemetry.StartWrite(table.Kind, rows.Count, options.DryRun);
        try
        {
            var result = await DbErrors.RetryAsync(() => WriteOnceAsync(table, rows, writer, options, ct));
            var r = result.Receipt;
            BatchTelemetry.Ended(span,
                r is null ? "refused" : r.DryRun ? "dry-run" : r.Created + r.Updated == 0 ? "unchanged" : "written",
                r?.Created ?? 0, r?.Updated ?? 0, r?.Unchanged ?? 0);
            return result;
        }
        catch (Exception ex)
        {
            BatchTelemetry.Failed(span, ex);
            throw;
        }
    }

    private async Task<BatchWriteResult> WriteOnceAsync(RevisionedTable table, IReadOnlyList<BatchRow> rows, Caller writer, BatchOptions options, CancellationToken ct)
    {
        await using var c = await db.OpenAsync(ct);
        var staged = await staging.StageAsync(c, rows, ct);
        using var turn = await db.EnterWriterAsync(ct);
        await using var tx = await c.BeginTransactionAsync(ct);
        if (options.Guard is not null && await options.Guard(c, tx) is { Count: > 0 } refusal)
        {
            await tx.RollbackAsync(ct);
            return new BatchWriteResult(null, refusal);
        }

        var receipt = new SubmissionReceipt
        {
            Id = Guid.CreateVersion7().ToString(),
            Kind = table.Kind,
            DryRun = options.DryRun,
            ReceivedAt = clock.GetUtcNow(),
            Received = rows.Count,
        };
        await c.ExecuteAsync(db.Command(table.Write, new BatchWriteArgs(staged, writer.KeyName, writer.OrgUnit, receipt.ReceivedAt, receipt.Id), tx));
        var counts = await c.QuerySingleAsync<WrittenCounts>(db.Command(table.Written, new SubmissionKey(receipt.Id), tx));
        receipt.Created = (int)counts.Created;
        receipt.Updated = (int)(counts.Written - counts.Created);
        receipt.Unchanged = receipt.Received - (int)counts.Written;
        if (options.DryRun || (counts.Written == 0 && options.ReceiptOnlyWhenChanged))
        {
            await tx.RollbackAsync(ct);
            receipt.Id = null;
            return new BatchWriteResult(receipt, null);
        }
        if (counts.Written > 0)
        {
            await DataVersion.BumpAsync(db, c, tx, DataChange.Figures(table.Kind, table.Changed, receipt.Id));
        }
        // A batch that changed nothing still leaves its receipt, but no read view changed: data_version stays, so
        // caches keyed on it stay valid.
        await ReceiptData.InsertAsync(db, c, tx, receipt, writer.KeyId, writer.KeyName, writer.OrgUnit);
        if (options.BeforeCommit is not null)
        {
            await options.BeforeCommit(c, tx, receipt);
        }
        await tx.CommitAsync(ct);
        return new BatchWriteResult(receipt, null);
    }
}
