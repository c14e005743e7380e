using Microsoft.Data.SqlClient;
using Testcontainers.MsSql;

[assembly: AssemblyFixture(typeof(Indicators.Tests.Support.MsSqlServer))]

namespace Indicators.Tests.Support;

/// <summary>
/// One SQL Server 2022 container for the whole test run (Testcontainers). Where no Docker engine is
/// reachable, every SQL Server test is reported as skipped with <see cref="SkipReason"/>.
/// </summary>
public sealed class MsSqlServer : IAsyncLifetime
{
    public const string Image = "mcr.microsoft.com/mssql/server:2022-CU16-ubuntu-22.04";

    private MsSqlContainer? container;

    public string? SkipReason { get; private set; }

    public async ValueTask InitializeAsync()
    {
        try
        {
            container = new MsSqlBuilder(Image).Build();
            await container.StartAsync();
        }
        catch (Exception ex) when (ex is DotNet.Testcontainers.Builders.DockerUnavailableException || ex.GetType().Name.Contains("Docker", StringComparison.Ordinal))
        {
            SkipReason = $"SQL Server tests need a Docker engine to run {Image} through Testcontainers, and none is reachable here ({ex.GetType().Name}).";
            container = null;
        }
    }

    /// <summary>A new empty database; the service's migrations create the schema.</summary>
    public async Task<string> CreateDatabaseAsync()
    {
        var name = "indicators_" + Guid.NewGuid().ToString("N")[..12];
        var master = container!.GetConnectionString();
        await using (var c = new SqlConnection(master))
        {
            await c.OpenAsync();
            await using var cmd = c.CreateCommand();
            // READ_COMMITTED_SNAPSHOT is left to the service's migrator, which the tests then check.
            cmd.CommandText = $"CREATE DATABASE [{name}];";
            await cmd.ExecuteNonQueryAsync();
        }
        return new SqlConnectionStringBuilder(master) { InitialCatalog = name }.ConnectionString;
    }

    public async ValueTask DisposeAsync()
    {
        if (container is not null)
        {
            await container.DisposeAsync();
        }
    }
}
