using Dapper;
using Indicators.Api.Infrastructure.Database;
using Microsoft.Extensions.DependencyInjection;

namespace Indicators.Tests.Support;

/// <summary>
/// SQLite's own query plan of a statement on the fixture's real schema. The reads and writes must seek their keys: a plan
/// that scans would still answer correctly in the tests and only fail the benchmark.
/// </summary>
internal static class QueryPlans
{
    public static async Task<string> PlanAsync(ApiFixture api, string script, object? args, Func<string, string>? edit = null, string? before = null)
    {
        var db = api.Services.GetRequiredService<Db>();
        await using var c = await api.OpenAsync();
        if (before is not null)
        {
            await c.ExecuteAsync(db.Sql(before));
        }
        var sql = db.Sql(script);
        var rows = await c.QueryAsync<(long Id, long Parent, long NotUsed, string Detail)>("EXPLAIN QUERY PLAN " + (edit?.Invoke(sql) ?? sql), args);
        return string.Join("\n", rows.Select(r => r.Detail));
    }
}
