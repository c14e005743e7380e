using Dapper;

namespace Indicators.Api.Infrastructure.Database.Sqlite;

/// <summary>
/// SQLite: copies the write-ahead log back into the database file in the background, so that a writer's commit never
/// does it. By default SQLite runs that checkpoint inside the commit that crosses 1,000 pages of log: the batch that
/// happens to cross it waits for the copy and the fsync of the database file, and with one writer every batch behind
/// it waits too. Here a PASSIVE checkpoint (it never blocks readers or the writer) runs every 200 ms on its own
/// connection; the connections' own automatic checkpoint is only a safety net at 16,384 pages (64 MB,
/// Pragmas.sqlite.sql) should this service stop running.
/// </summary>
internal static class WalCheckpointer
{
    public static readonly TimeSpan Interval = TimeSpan.FromMilliseconds(200);

    private static readonly SqlFile Checkpoint = new("Infrastructure.Database.Sqlite.Checkpoint");

    public static async Task RunAsync(SqliteDb db, ILogger logger, CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(Interval);
        var failing = false;
        while (await timer.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false))
        {
            try
            {
                await using var c = await db.OpenAsync(stoppingToken);
                await c.ExecuteAsync(db.Command(Checkpoint));
                if (failing)
                {
                    logger.LogInformation("WAL checkpoints run again.");
                    failing = false;
                }
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                // The database is unavailable (file gone, locked by another process): requests answer 503 meanwhile;
                // this tries again on the next tick. Logged once per outage.
                if (!failing)
                {
                    logger.LogWarning("WAL checkpoint failed: {Reason}", ex.Message);
                    failing = true;
                }
            }
        }
    }
}
