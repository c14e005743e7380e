using Indicators.Api.Infrastructure.Database.Sqlite;
using Indicators.Api.Infrastructure.Database.SqlServer;
using Microsoft.Extensions.Options;

namespace Indicators.Api.Infrastructure.Database;

/// <summary>Where the dialect is chosen: once, when the container first builds <see cref="Db"/>.</summary>
internal static class DatabaseServices
{
    public static IServiceCollection AddDatabase(this IServiceCollection services)
    {
        services.AddOptions<DatabaseOptions>().BindConfiguration(DatabaseOptions.Section)
            .Validate(o => o.CommandTimeoutSeconds is > 0 and <= 3600, "Database:CommandTimeoutSeconds must be from 1 to 3600.")
            .Validate(o => Enum.IsDefined(o.Provider), "Database:Provider must be Sqlite or SqlServer.")
            .ValidateOnStart();
        services.AddSingleton<Db>(sp => sp.GetRequiredService<IOptions<DatabaseOptions>>().Value.Provider switch
        {
            DatabaseProvider.Sqlite => ActivatorUtilities.CreateInstance<SqliteDb>(sp),
            _ => ActivatorUtilities.CreateInstance<SqlServerDb>(sp),
        });
        services.AddOptions<ChangeLogOptions>().BindConfiguration(ChangeLogOptions.Section)
            .Validate(o => o.RetainVersions >= 1, "ChangeLog:RetainVersions must be at least 1.")
            .Validate(o => o.PruneIntervalSeconds is >= 1 and <= 86400, "ChangeLog:PruneIntervalSeconds must be from 1 to 86400.")
            .ValidateOnStart();
        services.AddSingleton<Migrator>();
        services.AddHostedService<DatabaseMaintenance>();
        services.AddSingleton<ChangeLogPruner>();
        services.AddHostedService(sp => sp.GetRequiredService<ChangeLogPruner>());
        return services;
    }

    /// <summary>
    /// One interface per use, one implementation per dialect side by side: both are registered under their provider's
    /// key, and <typeparamref name="TService"/> resolves to the one of the configured provider.
    /// </summary>
    public static IServiceCollection AddPerDialect<TService, TSqlite, TSqlServer>(this IServiceCollection services)
        where TService : class
        where TSqlite : class, TService
        where TSqlServer : class, TService
    {
        services.AddKeyedSingleton<TService, TSqlite>(DatabaseProvider.Sqlite);
        services.AddKeyedSingleton<TService, TSqlServer>(DatabaseProvider.SqlServer);
        services.AddSingleton(sp => sp.GetRequiredKeyedService<TService>(sp.GetRequiredService<Db>().Provider));
        return services;
    }
}

/// <summary>Runs the dialect's background upkeep (<see cref="Db.MaintainAsync"/>).</summary>
internal sealed class DatabaseMaintenance(Db db, ILogger<DatabaseMaintenance> logger) : BackgroundService
{
    protected override Task ExecuteAsync(CancellationToken stoppingToken) => db.MaintainAsync(logger, stoppingToken);
}
