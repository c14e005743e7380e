using System.Data.Common;
using Dapper;
using DbUp;
using DbUp.Builder;
using Microsoft.Data.SqlClient;
using Microsoft.Extensions.Options;

namespace Indicators.Api.Infrastructure.Database.SqlServer;

/// <summary>The production database: SQL Server 2022 (decimal(19,4) values, row versioning for readers).</summary>
internal sealed class SqlServerDb : Db
{
    private static readonly SqlFile ReadCommittedSnapshot = new("Infrastructure.Database.SqlServer.ReadCommittedSnapshot");

    public SqlServerDb(IOptions<DatabaseOptions> options, IConfiguration configuration) : base(options.Value)
    {
        var configured = configuration.GetConnectionString("Indicators");
        if (string.IsNullOrWhiteSpace(configured))
        {
            throw new InvalidOperationException(
                "Database:Provider is SqlServer but ConnectionStrings:Indicators is empty. Set it, e.g. " +
                "ConnectionStrings__Indicators='Server=db;Database=Indicators;User Id=indicators;Password=...;Encrypt=True'.");
        }
        // Database:CommandTimeoutSeconds applies unless the connection string sets its own timeout.
        ConnectionString = DatabaseOptions.SetsOwnTimeout(configured)
            ? configured
            : new SqlConnectionStringBuilder(configured) { CommandTimeout = options.Value.CommandTimeoutSeconds }.ToString();
    }

    public override DatabaseProvider Provider => DatabaseProvider.SqlServer;

    public override string ConnectionString { get; }

    public override bool SeedsByDefault => false;

    protected override DbConnection CreateConnection() => new SqlConnection(ConnectionString);

    public override UpgradeEngineBuilder Migrations() => DeployChanges.To.SqlDatabase(ConnectionString);

    /// <summary>Turns READ_COMMITTED_SNAPSHOT on where the login may; otherwise says what the DBA must run.</summary>
    public override async Task AfterMigrationsAsync(ILogger logger, CancellationToken ct)
    {
        try
        {
            await using var connection = await OpenAsync(ct);
            if (await connection.ExecuteScalarAsync<int>(Command(ReadCommittedSnapshot, ct: ct)) != 1)
            {
                logger.LogWarning("READ_COMMITTED_SNAPSHOT is off; readers may wait for writers. Ask the DBA to run: ALTER DATABASE <name> SET READ_COMMITTED_SNAPSHOT ON");
            }
        }
        catch (SqlException ex)
        {
            logger.LogWarning("READ_COMMITTED_SNAPSHOT could not be turned on ({Reason}). Ask the DBA to run: ALTER DATABASE <name> SET READ_COMMITTED_SNAPSHOT ON", ex.Message);
        }
    }
}
