using System.Net;
using Indicators.Api.Infrastructure.Cli;
using Indicators.Tests.Support;

namespace Indicators.Tests.Infrastructure.Cli;

public sealed class CommandTestsOnSqlite(SqliteApi api) : CommandTests(api), IClassFixture<SqliteApi>;

public sealed class CommandTestsOnSqlServer(SqlServerApi api) : CommandTests(api), IClassFixture<SqlServerApi>;

/// <summary>The commands run against the same services as the API, as the executable runs them.</summary>
public abstract class CommandTests(ApiFixture api)
{
    private async Task<(int Code, string Output, string Error)> RunAsync(params string[] args)
    {
        var output = new StringWriter();
        var error = new StringWriter();
        var code = await Commands.RunAsync(api.Services, args, output, error);
        return (code, output.ToString(), error.ToString());
    }

    [Fact]
    public async Task Keys_create_prints_a_working_key_alone_on_the_last_line_and_stores_only_its_hash()
    {
        var (code, output, _) = await RunAsync("keys", "create", "--org-unit", "TQ", "--role", "admin", "--name", "ops");
        Assert.Equal(0, code);
        var key = output.TrimEnd().Split('\n')[^1].Trim();
        Assert.Matches("^ik_[0-9a-f]{16}\\.[A-Za-z0-9_-]{43}$", key);

        var created = await api.Client(key).PutJsonAsync("/api/v1/indicators/CLI_MADE", new
        {
            name = new { vi = "Chỉ tiêu thử", en = "Test indicator" }, unit = new { vi = "cái", en = "items" },
            measure = "flow", direction = "increase", decimals = 0,
        });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var read = await (await api.Client("reader").GetAsync("/api/v1/indicators/CLI_MADE", TestContext.Current.CancellationToken)).JsonAsync();
        Assert.Equal("Chỉ tiêu thử", read.GetProperty("name").GetProperty("vi").GetString());

        await using var c = await api.OpenAsync();
        var id = key[3..key.IndexOf('.')];
        var hash = await Dapper.SqlMapper.ExecuteScalarAsync<byte[]>(c, "SELECT key_hash FROM api_keys WHERE id = @id", new { id });
        Assert.Equal(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(key)), hash);
    }

    [Fact]
    public async Task Keys_revoke_stops_a_key_at_once_and_keys_list_shows_it_without_the_secret()
    {
        var (_, output, _) = await RunAsync("keys", "create", "--org-unit", "TQ-SD", "--role", "reader");
        var key = output.TrimEnd().Split('\n')[^1].Trim();
        Assert.Equal(HttpStatusCode.OK, (await api.Client(key).GetAsync("/api/v1/org-units", TestContext.Current.CancellationToken)).StatusCode);
        var id = key[3..key.IndexOf('.')];
        var (code, revoked, _) = await RunAsync("keys", "revoke", id);
        Assert.Equal(0, code);
        Assert.Contains(id, revoked);
        await (await api.Client(key).GetAsync("/api/v1/org-units", TestContext.Current.CancellationToken)).AssertProblemAsync(HttpStatusCode.Unauthorized);
        var (_, list, _) = await RunAsync("keys", "list");
        var line = Assert.Single(list.Split('\n'), l => l.StartsWith(id, StringComparison.Ordinal));
        Assert.Contains("TQ-SD", line);
        Assert.DoesNotContain(key[(key.IndexOf('.') + 1)..], list);
        Assert.Equal(1, (await RunAsync("keys", "revoke", id)).Code);
    }

    [Fact]
    public async Task Keys_create_refuses_an_unknown_role_or_org_unit_and_stores_nothing()
    {
        var before = await api.SnapshotAsync();
        var (code, _, error) = await RunAsync("keys", "create", "--org-unit", "TQ", "--role", "root");
        Assert.Equal(2, code);
        Assert.Contains("role", error);
        (code, _, error) = await RunAsync("keys", "create", "--org-unit", "NOWHERE", "--role", "reader");
        Assert.Equal(2, code);
        Assert.Contains("NOWHERE", error);
        (code, _, error) = await RunAsync("keys", "create", "--role", "reader");
        Assert.Equal(2, code);
        Assert.Contains("--org-unit", error);
        Assert.Equal(before, await api.SnapshotAsync());
    }

    [Fact]
    public async Task Org_units_add_bootstraps_a_unit_through_the_same_validation_as_the_api()
    {
        var (code, output, _) = await RunAsync("org-units", "add", "--code", "HG", "--kind", "province", "--name-vi", "Tỉnh Hà Giang", "--name-en", "Ha Giang Province", "--valid-to", "2025-06-30");
        Assert.Equal(0, code);
        Assert.Contains("Created org unit HG", output);
        var unit = await (await api.Client("reader").GetAsync("/api/v1/org-units/HG", TestContext.Current.CancellationToken)).JsonAsync();
        Assert.Equal("Tỉnh Hà Giang", unit.GetProperty("name").GetProperty("vi").GetString());
        Assert.Equal("2025-06-30", unit.GetProperty("validTo").GetString());

        var before = await api.SnapshotAsync();
        var (bad, _, error) = await RunAsync("org-units", "add", "--code", "hg-2", "--kind", "district", "--name-vi", "x", "--name-en", "y");
        Assert.Equal(2, bad);
        Assert.Contains("code", error);
        Assert.Contains("parent", error);
        Assert.Equal(before, await api.SnapshotAsync());
    }

    [Fact]
    public async Task Migrate_reports_an_up_to_date_database()
    {
        var (code, output, _) = await RunAsync("migrate");
        Assert.Equal(0, code);
        Assert.Contains("up to date", output);
    }
}
