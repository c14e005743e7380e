using System.Data;
using Indicators.Api.Domain;
using Indicators.Api.Kernel.Batches;
using Microsoft.Data.SqlClient;
using Microsoft.Data.SqlClient.Server;
using Indicators.Tests.Support;

namespace Indicators.Tests.Kernel.Batches;

/// <summary>No SQL Server runs here: at least the table-valued parameter is built as dbo.batch_rows expects.</summary>
public sealed class BatchRowsParameterTests
{
    [Fact]
    public void Rows_become_a_structured_parameter_of_dbo_batch_rows_with_exact_decimals()
    {
        BatchRow[] rows =
        [
            new(0, "INDUSTRIAL_OUTPUT", "TQ", Period.Parse("2020-M01..M06"), "", 7966.50m, "estimate", "ước"),
            new(7, "EXPORT_VALUE", "TQ-SD", Period.Parse("2020-M01..M09"), "commitment", -99_999_999_999_999.9999m, "atLeast", null),
        ];
        using var command = new SqlCommand();
        new BatchRowsParameter(rows).AddParameter(command, "Rows");

        var parameter = Assert.Single(command.Parameters.Cast<SqlParameter>());
        Assert.Equal(SqlDbType.Structured, parameter.SqlDbType);
        Assert.Equal("dbo.batch_rows", parameter.TypeName);
        var read = ((IEnumerable<SqlDataRecord>)parameter.Value).Select(r =>
            (r.GetInt32(0), r.GetString(3), r.GetString(4), r.GetInt16(5), r.GetByte(6), r.GetByte(7), r.GetDecimal(8), r.IsDBNull(10) ? null : r.GetString(10))).ToList();
        Assert.Equal(
            [(0, "2020-S1", "", (short)2020, (byte)1, (byte)6, 7966.5m, "ước"), (7, "2020-M01..M09", "commitment", (short)2020, (byte)1, (byte)9, -99_999_999_999_999.9999m, null)],
            read);
        Assert.Equal(4, ((IEnumerable<SqlDataRecord>)parameter.Value).First().GetSqlMetaData(8).Scale);
    }
}
