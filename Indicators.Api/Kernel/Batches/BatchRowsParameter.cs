using System.Data;
using Dapper;
using Indicators.Api.Infrastructure.Database;
using Microsoft.Data.SqlClient;
using Microsoft.Data.SqlClient.Server;

namespace Indicators.Api.Kernel.Batches;

/// <summary>The rows as a table-valued parameter of <c>dbo.batch_rows</c> (migration 0002), with the column types spelt
/// out so that no precision or scale is inferred from the data; or, where the rows are staged in a table the statements
/// read (<see cref="Staged"/>), no parameter at all.</summary>
internal sealed class BatchRowsParameter(IReadOnlyList<BatchRow>? rows) : SqlMapper.ICustomQueryParameter
{
    /// <summary>The batch is in the connection's staging table (SQLite): the statements take no <c>@Rows</c>.</summary>
    public static readonly BatchRowsParameter Staged = new(null);

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

    public void AddParameter(IDbCommand command, string name)
    {
        if (rows is not null)
        {
            command.Parameters.Add(new SqlParameter(name, SqlDbType.Structured) { TypeName = "dbo.batch_rows", Value = Records(rows) });
        }
    }

    private static IEnumerable<SqlDataRecord> Records(IReadOnlyList<BatchRow> rows)
    {
        var record = new SqlDataRecord(Columns);
        foreach (var row in rows)
        {
            record.SetInt32(0, row.Ordinal);
            record.SetString(1, row.Indicator);
            record.SetString(2, row.OrgUnit);
            record.SetString(3, row.PeriodCode);
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
