using Indicators.Api.Infrastructure.Database;
using Indicators.Tests.Support;

namespace Indicators.Tests.Features.Values.List;

/// <summary>The value list pages in index order on SQLite.</summary>
public sealed class ValueListQueryPlanTests(SqliteApi api) : IClassFixture<SqliteApi>
{
    [Fact]
    public async Task The_value_list_reads_its_order_from_an_index_instead_of_sorting_every_row()
    {
        var plan = await QueryPlans.PlanAsync(api, "Features.Values.List.Items", new { Offset = 0, PageSize = 100 },
            sql => SqlScripts.For("Features.Values.List.Items", DatabaseProvider.Sqlite, new { Indicator = (string?)null, OrgUnit = (string?)null, PeriodYear = (int?)null, Year = (int?)null, Status = (string?)null }));
        Assert.Contains("SCAN actual_values USING INDEX ix_actual_values_list", plan);
        Assert.DoesNotContain("TEMP B-TREE", plan);
    }

}
