using System.Data.Common;

namespace Indicators.Api.Kernel.Batches;

/// <summary>
/// Hands a checked batch to the database so that a slice's write statements (<c>Write.sql</c>, <c>Write.sqlite.sql</c>)
/// read it as one table, whatever its size: SQLite stages it in the connection's temporary table <c>batch_rows</c>
/// (<see cref="Sqlite.SqliteBatchStaging"/>); SQL Server receives it as the table-valued parameter <c>@Rows</c> of type
/// <c>dbo.batch_rows</c> (<see cref="SqlServer.SqlServerBatchStaging"/>). Both have the same columns.
/// </summary>
internal interface IBatchStaging
{
    /// <summary>Makes <paramref name="rows"/> readable by the write statements on <paramref name="connection"/>, before the
    /// write transaction begins; returns the <c>@Rows</c> parameter those statements take (<see cref="BatchRowsParameter.Staged"/>
    /// where they read a table).</summary>
    Task<BatchRowsParameter> StageAsync(DbConnection connection, IReadOnlyList<BatchRow> rows, CancellationToken ct);
}
