using System.Data.Common;
using Microsoft.Data.SqlClient;
using Microsoft.Data.Sqlite;

namespace Indicators.Api.Infrastructure.Database;

/// <summary>Classifies provider exceptions: what a retry may cure, and what means the database is away.</summary>
public static class DbErrors
{
    /// <summary>A unique-key race, a deadlock or a busy file: the transaction can be run again from the start.</summary>
    public static bool IsTransient(Exception ex) => ex switch
    {
        SqliteException s => s.SqliteErrorCode is 5 or 6 || (s.SqliteErrorCode == 19 && s.SqliteExtendedErrorCode is 1555 or 2067),
        SqlException s => s.Number is 1205 or 2627 or 2601,
        _ => false,
    };

    /// <summary>The database cannot be reached or opened: answer 503, not 500.</summary>
    public static bool IsUnavailable(Exception ex) => ex switch
    {
        SqliteException s => s.SqliteErrorCode is 5 or 6 or 10 or 11 or 13 or 14 or 26,
        SqlException s => s.Number is -2 or 2 or 53 or 4060 or 18456 or 40613 or 40197 or 40501 or 49918 or 233 or 10054 or 10060 or 64,
        DbException d when d.InnerException is not null => IsUnavailable(d.InnerException),
        TimeoutException => true,
        InvalidOperationException i when i.InnerException is DbException inner => IsUnavailable(inner),
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
