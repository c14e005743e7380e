using Dapper;
using Indicators.Api.Infrastructure.Database;

namespace Indicators.Api.Infrastructure.Auth.SqlServer;

/// <summary>SQL Server: a pooled connection and one query per lookup.</summary>
internal sealed class SqlServerKeyLookup(Db db) : IKeyLookup
{
    public async Task<ApiKeyRecord?> FindAsync(string id, CancellationToken ct)
    {
        await using var connection = await db.OpenAsync(ct);
        return await connection.QuerySingleOrDefaultAsync<ApiKeyRecord>(db.Command(ApiKeyStore.Find, new KeyId(id)));
    }
}
