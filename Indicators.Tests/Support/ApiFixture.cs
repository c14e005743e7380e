using System.Data.Common;
using System.Net.Http.Headers;
using Dapper;
using Indicators.Api.Infrastructure.Auth;
using Indicators.Api.Infrastructure.Database;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Indicators.Tests.Support;

/// <summary>
/// The real service in process (WebApplicationFactory) over a real, fresh database, seeded with the
/// province's catalogue and 2020 figures. One subclass per provider; test bodies are written once
/// against this base (see <see cref="SqliteApi"/> and <see cref="SqlServerApi"/>).
/// </summary>
public abstract class ApiFixture : IAsyncLifetime
{
    private WebApplicationFactory<Program>? factory;
    private readonly Dictionary<string, string> keys = [];
    private string? connectionString;

    public TestClock Clock { get; } = new();

    public abstract DatabaseProvider Provider { get; }

    /// <summary>Why this provider cannot run here (no Docker engine, say); its tests are then reported as skipped.</summary>
    public string? SkipReason { get; protected set; }

    protected abstract Task<string?> PrepareDatabaseAsync();

    /// <summary>Extra settings a subclass (or a test's own fixture) wants.</summary>
    protected virtual IDictionary<string, string?> Settings => new Dictionary<string, string?>();

    public WebApplicationFactory<Program> Factory => factory ?? throw new InvalidOperationException("The fixture is not initialised.");

    public IServiceProvider Services
    {
        get
        {
            SkipIfUnavailable();
            return Factory.Services;
        }
    }

    public async ValueTask InitializeAsync()
    {
        connectionString = await PrepareDatabaseAsync();
        if (SkipReason is not null)
        {
            return;
        }
        factory = CreateFactory(connectionString, seed: true, Settings);
        _ = factory.Server;
        var store = factory.Services.GetRequiredService<ApiKeyStore>();
        foreach (var (name, unit, role) in new[]
                 {
                     ("admin", "TQ", Roles.Admin), ("reader", "TQ", Roles.Reader), ("sd", "TQ-SD", Roles.Submitter),
                     ("hy", "TQ-HY", Roles.Submitter), ("sct", "TQ-SCT", Roles.Submitter), ("stc", "TQ-STC", Roles.Submitter),
                 })
        {
            keys[name] = (await store.CreateAsync(unit, role, "test " + name)).Key;
        }
    }

    /// <summary>
    /// Another replica of the service on the same database (its own process state: caches, change feed), as a second pod
    /// behind a load balancer would be; with <paramref name="settings"/> added to the fixture's. The keys of
    /// <see cref="Key"/> work on it. Dispose it at the end of the test.
    /// </summary>
    public Replica StartReplica(IDictionary<string, string?>? settings = null)
    {
        SkipIfUnavailable();
        var all = new Dictionary<string, string?>(Settings);
        foreach (var (k, v) in settings ?? new Dictionary<string, string?>())
        {
            all[k] = v;
        }
        var replica = CreateFactory(connectionString, seed: false, all);
        _ = replica.Server;
        return new Replica(replica, keys);
    }

    private WebApplicationFactory<Program> CreateFactory(string? connection, bool seed, IDictionary<string, string?> settings) =>
        new WebApplicationFactory<Program>().WithWebHostBuilder(b =>
        {
            b.UseEnvironment("Testing");
            b.UseSetting("Database:Provider", Provider.ToString());
            b.UseSetting("ConnectionStrings:Indicators", connection);
            b.UseSetting("Seed:OnStartup", seed ? "true" : "false");
            // Tests send bursts no client would; the limiter itself is tested with its own small limit.
            b.UseSetting("RateLimit:PermitsPerMinute", "100000");
            // Views are computed when a test asks for them (the warm-up has its own tests), and the change log is pruned
            // only when a test asks (ChangeLogTests): row counts compared before and after a request stay still.
            b.UseSetting("ReadCache:WarmUp", "false");
            b.UseSetting("ChangeLog:PruneIntervalSeconds", "86400");
            foreach (var (k, v) in settings)
            {
                b.UseSetting(k, v);
            }
            b.ConfigureServices(s =>
            {
                s.RemoveAll<TimeProvider>();
                s.AddSingleton<TimeProvider>(Clock);
            });
        });

    public async ValueTask DisposeAsync()
    {
        if (factory is not null)
        {
            await factory.DisposeAsync();
        }
        await CleanUpAsync();
        GC.SuppressFinalize(this);
    }

    protected virtual Task CleanUpAsync() => Task.CompletedTask;

    public void SkipIfUnavailable()
    {
        if (SkipReason is not null)
        {
            Assert.Skip(SkipReason);
        }
    }

    /// <summary>Keys made at start: admin (TQ), reader (TQ), sd (submitter Sơn Dương), hy (submitter Hàm Yên), sct and stc (department submitters).</summary>
    public string Key(string name) => keys[name];

    /// <summary>A client with the named test key ("admin", "reader", "sd", "hy", "sct", "stc"), a literal key, or none.</summary>
    public HttpClient Client(string? key = null)
    {
        SkipIfUnavailable();
        var client = Factory.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        if (key is not null)
        {
            client.DefaultRequestHeaders.Add(ApiKeyAuthentication.Header, keys.GetValueOrDefault(key, key));
        }
        client.DefaultRequestHeaders.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
        return client;
    }

    public async Task<DbConnection> OpenAsync()
    {
        SkipIfUnavailable();
        return await Factory.Services.GetRequiredService<Db>().OpenAsync();
    }

    /// <summary>Rows in a table, read straight from the database.</summary>
    public async Task<long> CountAsync(string table)
    {
        await using var c = await OpenAsync();
        return await c.ExecuteScalarAsync<long>($"SELECT COUNT(*) FROM {table}");
    }

    /// <summary>Row counts of every table a write can touch: compared before and after a refused request.</summary>
    public async Task<IReadOnlyDictionary<string, long>> SnapshotAsync()
    {
        var result = new Dictionary<string, long>();
        foreach (var table in new[] { "org_units", "indicators", "api_keys", "submissions", "actual_values", "actual_revisions", "targets", "target_revisions", "period_locks", "idempotency_records", "change_log" })
        {
            result[table] = await CountAsync(table);
        }
        await using var c = await OpenAsync();
        result["data_version"] = await DataVersion.ReadAsync(Factory.Services.GetRequiredService<Db>(), c);
        return result;
    }
}

/// <summary>A second replica of the service on a fixture's database (<see cref="ApiFixture.StartReplica"/>).</summary>
public sealed class Replica(WebApplicationFactory<Program> factory, IReadOnlyDictionary<string, string> keys) : IAsyncDisposable
{
    public IServiceProvider Services => factory.Services;

    /// <summary>A client with the named test key of the fixture ("admin", "reader", …), or none.</summary>
    public HttpClient Client(string? key = null)
    {
        var client = factory.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        if (key is not null)
        {
            client.DefaultRequestHeaders.Add(ApiKeyAuthentication.Header, keys.GetValueOrDefault(key, key));
        }
        client.DefaultRequestHeaders.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
        return client;
    }

    public ValueTask DisposeAsync() => factory.DisposeAsync();
}

/// <summary>A fresh SQLite file per fixture.</summary>
public sealed class SqliteApi : ApiFixture
{
    private string? folder;

    public override DatabaseProvider Provider => DatabaseProvider.Sqlite;

    protected override Task<string?> PrepareDatabaseAsync()
    {
        folder = Path.Combine(Path.GetTempPath(), "indicators-tests", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(folder);
        return Task.FromResult<string?>($"Data Source={Path.Combine(folder, "indicators.db")};Pooling=False");
    }

    protected override Task CleanUpAsync()
    {
        try
        {
            if (folder is not null)
            {
                Directory.Delete(folder, recursive: true);
            }
        }
        catch (IOException)
        {
            // A file still open on a slow shutdown is left to the temp folder's cleanup.
        }
        return Task.CompletedTask;
    }
}

/// <summary>A fresh database per fixture in the shared SQL Server container; skipped where no Docker engine runs.</summary>
public sealed class SqlServerApi(MsSqlServer server) : ApiFixture
{
    public override DatabaseProvider Provider => DatabaseProvider.SqlServer;

    protected override async Task<string?> PrepareDatabaseAsync()
    {
        if (server.SkipReason is not null)
        {
            SkipReason = server.SkipReason;
            return null;
        }
        return await server.CreateDatabaseAsync();
    }
}
