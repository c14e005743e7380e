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
    private readonly Dictionary<string, (string OrgUnit, string Role)> callers = [];
    private string? connectionString;
    private readonly string identityFolder = Path.Combine(Path.GetTempPath(), "indicators-tests", "idp-" + Guid.NewGuid().ToString("N"));

    /// <summary>The JWKS file the service reads its trusted token keys from (Auth:Jwt:SigningKeysFile): the public
    /// halves of <see cref="Tokens.Rsa"/> and <see cref="Tokens.Ec"/>. A test may rewrite it (key rotation).</summary>
    public string SigningKeysFile => Path.Combine(identityFolder, "jwks.json");

    public TestClock Clock { get; } = new();

    public abstract DatabaseProvider Provider { get; }

    /// <summary>Why this provider cannot run here (no Docker engine, say); its tests are then reported as skipped.</summary>
    public string? SkipReason { get; protected set; }

    protected abstract Task<string?> PrepareDatabaseAsync();

    /// <summary>Extra settings a subclass (or a test's own fixture) wants.</summary>
    protected virtual IDictionary<string, string?> Settings => new Dictionary<string, string?>();

    /// <summary>Extra services a subclass wants (an in-memory trace exporter, say), after the service's own.</summary>
    protected virtual void ConfigureServices(IServiceCollection services)
    {
    }

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
        Directory.CreateDirectory(identityFolder);
        await File.WriteAllTextAsync(SigningKeysFile, Tokens.Jwks(Tokens.Rsa, Tokens.Ec));
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
            callers[name] = (unit, role);
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
            // Bearer tokens beside the keys (SPEC "Identity"), from the tests' own identity provider (Support/Tokens.cs).
            b.UseSetting("Auth:Jwt:SigningKeysFile", SigningKeysFile);
            b.UseSetting("Auth:Jwt:Issuer", Tokens.Issuer);
            b.UseSetting("Auth:Jwt:Audience", Tokens.Audience);
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
                ConfigureServices(s);
            });
        });

    public async ValueTask DisposeAsync()
    {
        if (factory is not null)
        {
            await factory.DisposeAsync();
        }
        await CleanUpAsync();
        try
        {
            Directory.Delete(identityFolder, recursive: true);
        }
        catch (IOException)
        {
            // Left to the temp folder's cleanup.
        }
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

    /// <summary>A token for the client <c>client-{name}</c> with the org unit and role of the named test key ("admin",
    /// "reader", "sd", …): the same caller, by the other scheme.</summary>
    public string Token(string name)
    {
        var (unit, role) = callers[name];
        return Tokens.Mint(Tokens.Claims("client-" + name, unit, role));
    }

    /// <summary>A client that sends <c>Authorization: Bearer</c> with the named caller's token (<see cref="Token"/>), or
    /// with a literal token.</summary>
    public HttpClient TokenClient(string nameOrToken)
    {
        var client = Client();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", callers.ContainsKey(nameOrToken) ? Token(nameOrToken) : nameOrToken);
        return client;
    }

    /// <summary>A client for the named caller by either scheme: its API key, or a token with its org unit and role.</summary>
    public HttpClient Client(string name, Scheme scheme) => scheme == Scheme.Token ? TokenClient(name) : Client(name);

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
        foreach (var table in new[] { "org_units", "indicators", "api_keys", "submissions", "actual_values", "actual_revisions", "targets", "target_revisions", "period_locks", "idempotency_records",
                     "schedules", "schedule_indicators", "schedule_reporters", "approvals", "approval_keys", "approval_history", "change_log" })
        {
            result[table] = await CountAsync(table);
        }
        await using var c = await OpenAsync();
        result["data_version"] = await DataVersion.ReadAsync(Factory.Services.GetRequiredService<Db>(), c);
        return result;
    }
}

/// <summary>How a test caller presents itself (SPEC "Identity"): an API key, or a bearer token with the same org unit and role.</summary>
public enum Scheme
{
    Key,
    Token,
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
