using System.Data.Common;
using Dapper;

namespace Indicators.Api.Infrastructure.Database;

/// <summary>A counter every write bumps inside its own transaction; caches keyed on it are right on every replica.</summary>
public static class DataVersion
{
    public static Task BumpAsync(DbConnection c, DbTransaction tx) =>
        c.ExecuteAsync("UPDATE data_version SET version = version + 1 WHERE id = 1", transaction: tx);

    public static Task<long> ReadAsync(DbConnection c, DbTransaction? tx = null) =>
        c.ExecuteScalarAsync<long>("SELECT version FROM data_version WHERE id = 1", transaction: tx);
}
