using System.Data.Common;

namespace Indicators.Api.Kernel.Batches.SqlServer;

/// <summary>SQL Server: the batch travels with each statement as the table-valued parameter <c>@Rows</c>.</summary>
internal sealed class SqlServerBatchStaging : IBatchStaging
{
    public Task<BatchRowsParameter> StageAsync(DbConnection connection, IReadOnlyList<BatchRow> rows, CancellationToken ct) =>
        Task.FromResult(new BatchRowsParameter(rows));
}
