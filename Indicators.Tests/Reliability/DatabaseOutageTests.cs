using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Data.Sqlite;
using Indicators.Tests.Support;

namespace Indicators.Tests.Reliability;

/// <summary>A service whose database commands give up after one second, so an outage shows at once.</summary>
public sealed class OutageApi : SqliteApiWithSettings
{
    protected override IDictionary<string, string?> Settings => new Dictionary<string, string?> { ["Database:CommandTimeoutSeconds"] = "1" };
}

/// <summary>As <see cref="OutageApi"/>, with pooled connections as in production.</summary>
public sealed class PooledOutageApi : SqliteApiWithSettings
{
    protected override bool Pooling => true;

    protected override IDictionary<string, string?> Settings => new Dictionary<string, string?> { ["Database:CommandTimeoutSeconds"] = "1" };
}

/// <summary>
/// A pooled connection keeps its file open after the file is deleted or moved: without care, the service would go
/// on acknowledging figures into a file that no restart finds.
/// </summary>
public sealed class PooledDatabaseOutageTests(PooledOutageApi api) : IClassFixture<PooledOutageApi>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_file_moved_away_under_pooled_connections_is_unavailable_not_written_and_serves_again_when_back()
    {
        var batch = new { values = new[] { new { indicator = "EXPORT_VALUE", orgUnit = "TQ-SD", period = "2021-M05", value = 8.25m, status = "estimate", note = "pooled" } } };
        Assert.Equal(HttpStatusCode.OK, (await api.Client("reader").GetAsync("/api/v1/org-units", Ct)).StatusCode);
        var before = await api.SnapshotAsync();
        File.Move(api.DatabasePath, api.DatabasePath + ".away");
        try
        {
            var refused = await api.Client("sd").PostAsJsonAsync("/api/v1/submissions", batch, Ct);
            var problem = await refused.AssertProblemAsync(HttpStatusCode.ServiceUnavailable);
            Assert.Equal("urn:indicators:problem:database-unavailable", problem.GetProperty("type").GetString());
            await (await api.Client("reader").GetAsync("/api/v1/org-units", Ct)).AssertProblemAsync(HttpStatusCode.ServiceUnavailable);
            await (await api.Client().GetAsync("/health/ready", Ct)).AssertProblemAsync(HttpStatusCode.ServiceUnavailable);
        }
        finally
        {
            File.Move(api.DatabasePath + ".away", api.DatabasePath);
        }
        Assert.Equal(before, await api.SnapshotAsync());
        Assert.Equal(HttpStatusCode.Created, (await api.Client("sd").PostAsJsonAsync("/api/v1/submissions", batch, Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await api.Client().GetAsync("/health/ready", Ct)).StatusCode);
    }
}

/// <summary>
/// Faults of the SQLite file that really happen to a running service, made here as root can make them (file
/// permissions do not stop root): another process holding the file locked, a writer stuck holding the write lock,
/// and the file gone (an unmounted volume). During each, requests answer 503 problems with Retry-After and
/// nothing is written; afterwards the same process serves again without a restart.
/// </summary>
public sealed class DatabaseOutageTests(OutageApi api) : IClassFixture<OutageApi>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static object OrgUnit(string vi) => new { name = new { vi, en = "Outage test" }, kind = "district", parent = "TQ" };

    private static object Batch(string note) => new { values = new[] { new { indicator = "EXPORT_VALUE", orgUnit = "TQ-SD", period = "2021-M02", value = 3.5m, status = "estimate", note } } };

    [Fact]
    public async Task Another_process_asking_for_the_file_in_exclusive_mode_does_not_lock_the_service_out()
    {
        // Once a key has been checked, the service holds open connections to the file (the prepared key lookups,
        // Infrastructure/Auth/ApiKeys.cs), and SQLite does not hand a WAL database in use to another process in
        // exclusive locking mode: that process waits, and the service goes on reading and writing meanwhile.
        // (A process holding the write lock is the stuck-writer case below: writes answer 503 until it lets go.)
        Assert.Equal(HttpStatusCode.OK, (await api.Client("reader").GetAsync("/api/v1/org-units/TQ", Ct)).StatusCode);
        var holder = Task.Run(async () =>
        {
            await using var connection = new SqliteConnection($"Data Source={api.DatabasePath};Mode=ReadWrite;Pooling=False;Default Timeout=3");
            await connection.OpenAsync(Ct);
            await using var command = connection.CreateCommand();
            command.CommandText = "PRAGMA locking_mode = EXCLUSIVE; BEGIN EXCLUSIVE; UPDATE data_version SET version = version WHERE id = 1;";
            var started = System.Diagnostics.Stopwatch.StartNew();
            try
            {
                await command.ExecuteNonQueryAsync(Ct);
            }
            catch (SqliteException)
            {
                // Refused as busy: also fine, the point is what the service does meanwhile.
            }
            return started.Elapsed;
        }, Ct);
        await Task.Delay(300, Ct);
        Assert.Equal(HttpStatusCode.OK, (await api.Client().GetAsync("/health/ready", Ct)).StatusCode);
        var unit = await api.Client("reader").GetAsync("/api/v1/org-units/TQ", Ct);
        Assert.Equal(HttpStatusCode.OK, unit.StatusCode);
        Assert.Contains("Tuyên Quang", await unit.Content.ReadAsStringAsync(Ct));
        var created = await api.Client("admin").PutJsonAsync("/api/v1/org-units/TQ-BESIDE", OrgUnit("Bên cạnh"));
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        Assert.True(await holder < TimeSpan.FromSeconds(10));
        Assert.Equal(HttpStatusCode.OK, (await api.Client("reader").GetAsync("/api/v1/org-units/TQ-BESIDE", Ct)).StatusCode);
    }

    [Fact]
    public async Task While_a_stuck_writer_holds_the_write_lock_reads_go_on_and_writes_answer_503_without_writing()
    {
        var before = await api.SnapshotAsync();
        await using (await HoldWriteLockAsync(api.DatabasePath))
        {
            Assert.Equal(HttpStatusCode.OK, (await api.Client("reader").GetAsync("/api/v1/org-units/TQ", Ct)).StatusCode);
            await AssertUnavailableAsync(await api.Client("admin").PutJsonAsync("/api/v1/org-units/TQ-STUCK", OrgUnit("Kẹt")), "database-unavailable");
            await AssertUnavailableAsync(await api.Client("sd").PostAsJsonAsync("/api/v1/submissions", Batch("stuck"), Ct), "database-unavailable");
        }
        await AssertRecoveredAsync(before, "TQ-STUCK");
    }

    [Fact]
    public async Task While_the_database_file_is_gone_requests_answer_503_no_empty_database_is_created_and_it_serves_again_when_the_file_is_back()
    {
        var before = await api.SnapshotAsync();
        var moved = new List<(string From, string To)>();
        foreach (var suffix in new[] { "", "-wal", "-shm" })
        {
            var file = api.DatabasePath + suffix;
            if (File.Exists(file))
            {
                File.Move(file, file + ".away");
                moved.Add((file + ".away", file));
            }
        }
        try
        {
            await AssertUnavailableAsync(await api.Client().GetAsync("/health/ready", Ct), "not-ready");
            await AssertUnavailableAsync(await api.Client("reader").GetAsync("/api/v1/indicators", Ct), "database-unavailable");
            await AssertUnavailableAsync(await api.Client("admin").PutJsonAsync("/api/v1/org-units/TQ-GONE", OrgUnit("Mất")), "database-unavailable");
            await AssertUnavailableAsync(await api.Client("sd").PostAsJsonAsync("/api/v1/submissions", Batch("gone"), Ct), "database-unavailable");
            Assert.False(File.Exists(api.DatabasePath), "the service must not create an empty database in place of a missing one");
        }
        finally
        {
            foreach (var (from, to) in moved)
            {
                File.Move(from, to, overwrite: true);
            }
        }
        await AssertRecoveredAsync(before, "TQ-GONE");
    }

    private async Task AssertRecoveredAsync(IReadOnlyDictionary<string, long> before, string refusedCode)
    {
        Assert.Equal(HttpStatusCode.OK, (await api.Client().GetAsync("/health/ready", Ct)).StatusCode);
        Assert.Equal(before, await api.SnapshotAsync());
        await (await api.Client("reader").GetAsync($"/api/v1/org-units/{refusedCode}", Ct)).AssertProblemAsync(HttpStatusCode.NotFound);
        var retried = await api.Client("admin").PutJsonAsync($"/api/v1/org-units/{refusedCode}", OrgUnit("Sau sự cố"));
        Assert.Equal(HttpStatusCode.Created, retried.StatusCode);
        var resubmitted = await api.Client("sd").PostAsJsonAsync("/api/v1/submissions", Batch(refusedCode), Ct);
        Assert.Equal(HttpStatusCode.Created, resubmitted.StatusCode);
    }

    private static async Task AssertUnavailableAsync(HttpResponseMessage response, string type)
    {
        var text = await response.Content.ReadAsStringAsync();
        var problem = await response.AssertProblemAsync(HttpStatusCode.ServiceUnavailable);
        Assert.Equal("urn:indicators:problem:" + type, problem.GetProperty("type").GetString());
        Assert.NotNull(response.Headers.RetryAfter?.Delta);
        Assert.True(response.Headers.CacheControl?.NoStore);
        foreach (var leak in new[] { "SQLite", "database is locked", "Exception", "SELECT ", "INSERT ", "/tmp", "indicators.db" })
        {
            Assert.DoesNotContain(leak, text, StringComparison.OrdinalIgnoreCase);
        }
    }

    /// <summary>
    /// A second connection that holds the file: <c>exclusive</c> takes it whole (no reader or writer gets in, as when
    /// another process locks it), otherwise it holds only the write lock (WAL readers go on).
    /// </summary>
    private static async Task<SqliteConnection> HoldWriteLockAsync(string path)
    {
        var connection = new SqliteConnection($"Data Source={path};Mode=ReadWrite;Pooling=False");
        await connection.OpenAsync(Ct);
        await using var command = connection.CreateCommand();
        command.CommandText = "BEGIN IMMEDIATE; UPDATE data_version SET version = version WHERE id = 1;";
        await command.ExecuteNonQueryAsync(Ct);
        return connection;
    }
}

/// <summary>SQL Server that cannot be reached (nothing listens on the port): readiness and the API answer 503, not 500.</summary>
public sealed class SqlServerUnreachableTests : IAsyncLifetime
{
    private WebApplicationFactory<Program>? factory;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public ValueTask InitializeAsync()
    {
        factory = new WebApplicationFactory<Program>().WithWebHostBuilder(b =>
        {
            b.UseEnvironment("Testing");
            b.UseSetting("Database:Provider", "SqlServer");
            b.UseSetting("ConnectionStrings:Indicators", "Server=127.0.0.1,1;Database=Indicators;User Id=indicators;Password=unused;Encrypt=False;Connect Timeout=1");
            b.UseSetting("Database:MigrateOnStartup", "false");
            b.UseSetting("Seed:OnStartup", "false");
        });
        _ = factory.Server;
        return ValueTask.CompletedTask;
    }

    public async ValueTask DisposeAsync()
    {
        if (factory is not null)
        {
            await factory.DisposeAsync();
        }
    }

    [Fact]
    public async Task Readiness_and_API_calls_answer_503_problems_with_Retry_After()
    {
        var client = factory!.CreateClient();
        var ready = await client.GetAsync("/health/ready", Ct);
        var problem = await ready.AssertProblemAsync(HttpStatusCode.ServiceUnavailable);
        Assert.Equal("urn:indicators:problem:not-ready", problem.GetProperty("type").GetString());
        Assert.NotNull(ready.Headers.RetryAfter);

        client.DefaultRequestHeaders.Add("X-Api-Key", "ik_0123456789abcdef.anything");
        foreach (var call in new Func<Task<HttpResponseMessage>>[]
                 {
                     () => client.GetAsync("/api/v1/org-units", Ct),
                     () => client.PutAsync("/api/v1/org-units/TQ-X", Http.Json("{}"), Ct),
                     () => client.PostAsync("/api/v1/submissions", Http.Json("""{"values":[{"indicator":"EXPORT_VALUE","orgUnit":"TQ","period":"2021","value":1,"status":"estimate"}]}"""), Ct),
                 })
        {
            var response = await call();
            var text = await response.Content.ReadAsStringAsync(Ct);
            var p = await response.AssertProblemAsync(HttpStatusCode.ServiceUnavailable);
            Assert.Equal("urn:indicators:problem:database-unavailable", p.GetProperty("type").GetString());
            Assert.NotNull(response.Headers.RetryAfter);
            Assert.DoesNotContain("127.0.0.1", text);
            Assert.DoesNotContain("SqlException", text);
        }
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/health/live", Ct)).StatusCode);
        _ = JsonSerializer.Serialize(problem);
    }
}
