using System.Data.Common;
using Microsoft.Data.SqlClient;
using Microsoft.Data.Sqlite;

namespace Indicators.Api.Infrastructure.Database;

/// <summary>Classifies provider exceptions: what a retry may cure, and what means the database is away.</summary>
internal static class DbErrors
{
    /// <summary>A unique-key race, a deadlock or a stale snapshot: the transaction can be run again from the start.</summary>
    /// <remarks>
    /// A plain SQLITE_BUSY comes only after the busy timeout (the command timeout) ran out: something holds the file
    /// for that long, so it is an outage (503 at once), not a race that a retry would win. BUSY_RECOVERY (261) and
    /// BUSY_SNAPSHOT (517) are answered without waiting and do pass with a retry.
    /// </remarks>
    public static bool IsTransient(Exception ex) => ex switch
    {
        SqliteException s => s.SqliteExtendedErrorCode is 261 or 517 || s.SqliteErrorCode == 6 || (s.SqliteErrorCode == 19 && s.SqliteExtendedErrorCode is 1555 or 2067),
        SqlException s => s.Number is 1205 or 2627 or 2601,
        _ => false,
    };

    /// <summary>The database cannot be reached, opened or written to: answer 503, not 500.</summary>
    /// <remarks>
    /// SQLite: PERM 3, BUSY 5, LOCKED 6, NOMEM 7, READONLY 8, IOERR 10, CORRUPT 11, FULL 13, CANTOPEN 14, PROTOCOL 15,
    /// NOTADB 26. SQL Server: timeout -2, network and instance errors (2, 53, 64, 233, 10053, 10054, 10060, 10061,
    /// 11001; on Linux a refused connection is number 0 with a SocketException inside), any error of severity 20 or
    /// more (the connection is lost), login and database state (4060, 18456, 926, 945, 976, 978, 983), Azure SQL throttling and failover
    /// (40197, 40501, 40613, 49918, 49919, 49920), log or filegroup full (1105, 9002).
    /// </remarks>
    public static bool IsUnavailable(Exception ex) => ex switch
    {
        SqliteException s => s.SqliteErrorCode is 3 or 5 or 6 or 7 or 8 or 10 or 11 or 13 or 14 or 15 or 26,
        SqlException s => s.Number is -2 or 2 or 53 or 64 or 233 or 10053 or 10054 or 10060 or 10061 or 11001
            or 4060 or 18456 or 926 or 945 or 976 or 978 or 983 or 40197 or 40501 or 40613 or 49918 or 49919 or 49920 or 1105 or 9002
            || s.Class >= 20 || s.InnerException is System.Net.Sockets.SocketException or IOException,
        System.Net.Sockets.SocketException => true,
        DbException d when d.InnerException is not null => IsUnavailable(d.InnerException),
        TimeoutException => true,
        InvalidOperationException i when i.InnerException is DbException inner => IsUnavailable(inner),
        // SqlClient's pool ran dry (every connection busy for the whole connect timeout): overload, not a fault.
        InvalidOperationException i when i.Source?.Contains("SqlClient", StringComparison.Ordinal) == true
                                         && i.Message.Contains("from the pool", StringComparison.Ordinal) => true,
        _ => false,
    };

    /// <summary>Runs a write transaction, again from the start when it lost a race (bounded).</summary>
    public static async Task<T> RetryAsync<T>(Func<Task<T>> work, int attempts = 5)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                return await work();
            }
            catch (Exception ex) when (attempt < attempts && IsTransient(ex))
            {
                await Task.Delay(TimeSpan.FromMilliseconds(Random.Shared.Next(5, 25) * attempt));
            }
        }
    }
}
