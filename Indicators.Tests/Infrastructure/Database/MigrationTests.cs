using Dapper;
using Indicators.Api.Infrastructure.Database;
using Microsoft.Extensions.DependencyInjection;
using Indicators.Tests.Support;

namespace Indicators.Tests.Infrastructure.Database;

public sealed class MigrationTestsOnSqlite(SqliteApi api) : MigrationTests(api), IClassFixture<SqliteApi>;

public sealed class MigrationTestsOnSqlServer(SqlServerApi api) : MigrationTests(api), IClassFixture<SqlServerApi>;

public abstract class MigrationTests(ApiFixture api)
{
    [Fact]
    public async Task A_second_migration_run_applies_nothing_and_the_schema_is_up_to_date()
    {
        var migrator = api.Services.GetRequiredService<Migrator>();
        Assert.Empty(await migrator.MigrateAsync(TestContext.Current.CancellationToken));
        Assert.True(migrator.IsUpToDate());
        await using var c = await api.OpenAsync();
        var applied = await c.ExecuteScalarAsync<int>("SELECT COUNT(*) FROM SchemaVersions");
        Assert.Equal(migrator.Scripts().Count, applied);
        Assert.True(applied >= 1);
    }

    [Fact]
    public async Task Sqlite_files_run_in_wal_mode_with_full_sync_and_foreign_keys()
    {
        if (api.Provider != DatabaseProvider.Sqlite)
        {
            Assert.Skip("A SQLite-only property.");
        }
        await using var c = await api.OpenAsync();
        Assert.Equal("wal", await c.ExecuteScalarAsync<string>("PRAGMA journal_mode"));
        Assert.Equal(2, await c.ExecuteScalarAsync<int>("PRAGMA synchronous"));
        Assert.Equal(1, await c.ExecuteScalarAsync<int>("PRAGMA foreign_keys"));
        // A writer waits for the lock as long as a command may run (Database:CommandTimeoutSeconds, 30 s by default).
        Assert.Equal(30000, await c.ExecuteScalarAsync<int>("PRAGMA busy_timeout"));
    }

    [Fact]
    public async Task Sql_server_databases_run_with_read_committed_snapshot()
    {
        if (api.Provider != DatabaseProvider.SqlServer)
        {
            Assert.Skip("A SQL Server-only property.");
        }
        await using var c = await api.OpenAsync();
        Assert.Equal(1, await c.ExecuteScalarAsync<int>("SELECT CAST(is_read_committed_snapshot_on AS int) FROM sys.databases WHERE name = DB_NAME()"));
    }

    [Fact]
    public async Task Decimals_round_trip_exactly_through_the_value_columns()
    {
        await using var c = await api.OpenAsync();
        // 0.1 + 0.2 is the classic binary floating point failure; 99,999,999,999,999.9999 is the largest accepted value.
        foreach (var value in new[] { 0.1m, 0.2m, 0.3m, 1235.6m, 99_999_999_999_999.9999m, -0.0001m, 549500m })
        {
            var read = await c.ExecuteScalarAsync<decimal>(
                api.Provider == DatabaseProvider.Sqlite ? "SELECT @value" : "SELECT CAST(@value AS decimal(19,4))", new { value });
            Assert.Equal(value, read);
            Assert.Equal(value.ToString(System.Globalization.CultureInfo.InvariantCulture), DapperSetup.Normalize(read).ToString(System.Globalization.CultureInfo.InvariantCulture));
        }
    }
}
