using System.Data.Common;
using Dapper;
using Indicators.Api.Infrastructure.Database;

namespace Indicators.Api.Kernel.Catalogue;

/// <summary>A catalogue code as a query parameter.</summary>
internal sealed record CodeKey(string Code);

/// <summary>The reads of the catalogue every slice needs (<c>Kernel/Catalogue/*.sql</c>).</summary>
internal static class CatalogueData
{
    private static readonly SqlFile AllIndicators = new("Kernel.Catalogue.Indicators");
    private static readonly SqlFile AllOrgUnits = new("Kernel.Catalogue.OrgUnits");
    private static readonly SqlFile<CodeKey> OneIndicator = new("Kernel.Catalogue.Indicator");
    private static readonly SqlFile<CodeKey> OneOrgUnit = new("Kernel.Catalogue.OrgUnit");
    private static readonly SqlFile Province = new("Kernel.Catalogue.FirstProvince");

    /// <summary>The indicator with exactly this code (codes are case-sensitive whatever the collation), or null.</summary>
    public static async Task<IndicatorRow?> IndicatorAsync(Db db, DbConnection c, string code, DbTransaction? tx = null) =>
        await c.QuerySingleOrDefaultAsync<IndicatorRow>(db.Command(OneIndicator, new CodeKey(code), tx)) is { } row && row.Code == code ? row : null;

    /// <summary>The org unit with exactly this code (codes are case-sensitive whatever the collation), or null.</summary>
    public static async Task<OrgUnitRow?> OrgUnitAsync(Db db, DbConnection c, string code, DbTransaction? tx = null) =>
        await c.QuerySingleOrDefaultAsync<OrgUnitRow>(db.Command(OneOrgUnit, new CodeKey(code), tx)) is { } row && row.Code == code ? row : null;

    /// <summary>Every indicator, ordered by code.</summary>
    public static async Task<IReadOnlyList<IndicatorRow>> IndicatorsAsync(Db db, DbConnection c, DbTransaction? tx = null) =>
        (await c.QueryAsync<IndicatorRow>(db.Command(AllIndicators, tx))).ToList();

    /// <summary>Every org unit, ordered by code.</summary>
    public static async Task<IReadOnlyList<OrgUnitRow>> OrgUnitsAsync(Db db, DbConnection c, DbTransaction? tx = null) =>
        (await c.QueryAsync<OrgUnitRow>(db.Command(AllOrgUnits, tx))).ToList();

    /// <summary>The first province by code, or null when there is none.</summary>
    public static Task<string?> FirstProvinceAsync(Db db, DbConnection c) => c.QueryFirstOrDefaultAsync<string?>(db.Command(Province));
}
