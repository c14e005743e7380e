using Dapper;
using Indicators.Api.Domain;
using Indicators.Api.Infrastructure;
using Indicators.Api.Infrastructure.Database;
using Indicators.Api.Infrastructure.Http;
using Indicators.Api.Kernel.Catalogue;

namespace Indicators.Api.Features.Reports;

/// <summary>
/// The views dashboards ask first, computed before the service reports ready (<see cref="ViewWarmUp"/>): the province's
/// plan versus actual of every indicator for the latest year holding values (which loads the province's and its
/// children's figures of that year and the year before, and derives flows over months), one indicator with the children
/// as rows, one district's single row, and one indicator's monthly series over those two years. Each is a different
/// shape of request, so the code of each is compiled before the first dashboard asks.
/// </summary>
[Singleton]
internal sealed class ReportsWarmUp(Db db) : IWarmUpViews
{
    private static readonly SqlFile LatestYear = new("Features.Reports.LatestYear");

    public async Task<IReadOnlyList<string>> RequestsAsync(CancellationToken ct)
    {
        await using var c = await db.OpenAsync(ct);
        var year = await c.ExecuteScalarAsync<int?>(db.Command(LatestYear, null, ct));
        var catalogue = await CatalogueSnapshot.LoadAsync(db, c);
        if (year is not { } y || catalogue.Provinces.FirstOrDefault() is not { } province || catalogue.Indicators.Count == 0)
        {
            return [];
        }
        var indicator = catalogue.Indicators.FirstOrDefault(i => CatalogueSnapshot.Rules(i).Measure == Measure.Flow) ?? catalogue.Indicators[0];
        var child = catalogue.TerritorialChildren(province.Code).FirstOrDefault() ?? province;
        var p = Uri.EscapeDataString(province.Code);
        var i = Uri.EscapeDataString(indicator.Code);
        var previous = Math.Max(Period.MinYear, y - 1);
        return
        [
            $"/api/v1/plan-vs-actual?period={y}&orgUnit={p}",
            $"/api/v1/plan-vs-actual?period={y}&indicator={i}&orgUnit={p}&children=true",
            $"/api/v1/plan-vs-actual?period={y}&indicator={i}&orgUnit={Uri.EscapeDataString(child.Code)}",
            $"/api/v1/series?indicator={i}&orgUnit={p}&from={previous}-M01&to={y}-M12&periodType=month",
        ];
    }
}
