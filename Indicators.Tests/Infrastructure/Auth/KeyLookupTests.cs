using System.Net;
using Indicators.Api.Infrastructure.Auth;
using Microsoft.Extensions.DependencyInjection;
using Indicators.Tests.Support;

namespace Indicators.Tests.Infrastructure.Auth;

public sealed class KeyLookupTestsOnSqlite(SqliteApi api) : KeyLookupTests(api), IClassFixture<SqliteApi>;

public sealed class KeyLookupTestsOnSqlServer(SqlServerApi api) : KeyLookupTests(api), IClassFixture<SqlServerApi>;

/// <summary>Every request gets a key's row as the database holds it when the request arrives (on SQLite through
/// prepared lookups on held connections, and from memory while nothing has been committed: SqliteKeyLookupTests).</summary>
public abstract class KeyLookupTests(ApiFixture api)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_key_revoked_between_two_requests_is_refused_on_the_next_one()
    {
        api.SkipIfUnavailable();
        var store = api.Services.GetRequiredService<ApiKeyStore>();
        var (record, key) = await store.CreateAsync("TQ", Roles.Reader, "revoked between requests", ct: Ct);
        var client = api.Client(key);
        // Several requests at once, so that more than one held lookup has read this key.
        var before = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => client.GetAsync("/api/v1/org-units/TQ", Ct)));
        Assert.All(before, r => Assert.Equal(HttpStatusCode.OK, r.StatusCode));

        Assert.True(await store.RevokeAsync(record.Id, Ct));

        var after = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => client.GetAsync("/api/v1/org-units/TQ", Ct)));
        foreach (var response in after)
        {
            await response.AssertProblemAsync(HttpStatusCode.Unauthorized);
        }
    }

    [Fact]
    public async Task A_key_answers_with_its_own_role_and_unit_whichever_lookup_reads_it()
    {
        api.SkipIfUnavailable();
        var store = api.Services.GetRequiredService<ApiKeyStore>();
        var (_, reader) = await store.CreateAsync("TQ", Roles.Reader, "a reader", ct: Ct);
        var (_, admin) = await store.CreateAsync("TQ", Roles.Admin, "an admin", ct: Ct);
        var records = await Task.WhenAll(Enumerable.Range(0, 16).Select(i => store.AuthenticateAsync(i % 2 == 0 ? reader : admin, Ct)));
        for (var i = 0; i < records.Length; i++)
        {
            Assert.NotNull(records[i]);
            Assert.Equal(i % 2 == 0 ? "a reader" : "an admin", records[i]!.Name);
            Assert.Equal(i % 2 == 0 ? Roles.Reader : Roles.Admin, records[i]!.Role);
            Assert.Equal("TQ", records[i]!.OrgUnit);
            Assert.Null(records[i]!.RevokedAt);
        }
        Assert.Null(await store.AuthenticateAsync(reader + "x", Ct));
        Assert.Null(await store.AuthenticateAsync("ik_0123456789abcdef.nosuchkey", Ct));
    }
}
