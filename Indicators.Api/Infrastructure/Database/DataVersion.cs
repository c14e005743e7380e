using System.Data.Common;
using Dapper;

namespace Indicators.Api.Infrastructure.Database;

/// <summary>A counter every write bumps inside its own transaction; caches keyed on it are right on every replica.</summary>
internal static class DataVersion
{
    private static readonly SqlFile Bump = new("Infrastructure.Database.DataVersionBump");
    private static readonly SqlFile Read = new("Infrastructure.Database.DataVersionRead");

    public static Task BumpAsync(Db db, DbConnection c, DbTransaction tx) => c.ExecuteAsync(db.Command(Bump, tx));

    public static Task<long> ReadAsync(Db db, DbConnection c, DbTransaction? tx = null) => c.ExecuteScalarAsync<long>(db.Command(Read, tx));
}
