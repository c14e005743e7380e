using System.Data.Common;
using Dapper;

namespace Indicators.Api.Infrastructure.Database;

/// <summary>The version of the row that records one change, for the change-log statements.</summary>
internal sealed record ChangeRow(long Version, string Kind);

/// <summary>
/// A counter every write bumps inside its own transaction, with what it changed written to the change log under the new
/// version (<see cref="DataChange"/>): each replica's caches read the log to drop exactly what depends on a change
/// (<see cref="ChangeFeed"/>), and are right on every replica without messages between them.
/// </summary>
internal static class DataVersion
{
    private static readonly SqlFile Bump = new("Infrastructure.Database.DataVersionBump");
    private static readonly SqlFile Read = new("Infrastructure.Database.DataVersionRead");
    private static readonly SqlFile<ChangeRow> Record = new("Infrastructure.Database.ChangeLogRecord");

    /// <summary>Bumps the version and logs <paramref name="change"/> under it, in the caller's transaction; returns the new version.
    /// Every version gets at least one log row: a version missing from the log tells a replica it cannot catch up.</summary>
    public static async Task<long> BumpAsync(Db db, DbConnection c, DbTransaction tx, DataChange change)
    {
        var version = await c.ExecuteScalarAsync<long>(db.Command(Bump, tx));
        var logged = change.Keys is { } keys
            ? await c.ExecuteAsync(db.Command(keys, new ChangedKeys(version, change.SubmissionId!), tx))
            : 0;
        if (logged == 0)
        {
            // A figures change that names no key (it should not happen: a batch bumps only when it wrote something) is
            // logged as a catalogue change, which makes every replica drop what it computed: never stale, only slower.
            await c.ExecuteAsync(db.Command(Record, new ChangeRow(version, change.Keys is null ? change.Kind : DataChange.CatalogueKind), tx));
        }
        return version;
    }

    public static Task<long> ReadAsync(Db db, DbConnection c, DbTransaction? tx = null) => c.ExecuteScalarAsync<long>(db.Command(Read, tx));
}
