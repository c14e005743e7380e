using System.Data.Common;
using Indicators.Api.Domain;
using Indicators.Api.Infrastructure.Database;

namespace Indicators.Api.Kernel.Catalogue;

/// <summary>
/// The catalogue as a request needs it: every indicator and org unit by code, each unit's territorial children and
/// province. Both tables are small (hundreds of rows), so a request reads them whole in two queries rather than asking
/// per item of a 10,000-item batch or per row of a report. Codes are case-sensitive: 'tq-sd' is not TQ-SD, whatever the
/// database collation says.
/// </summary>
internal sealed class CatalogueSnapshot
{
    private readonly Dictionary<string, IndicatorRow> indicators;
    private readonly Dictionary<string, OrgUnitRow> orgUnits;
    private readonly ILookup<string, OrgUnitRow> territorialChildren;

    public CatalogueSnapshot(IEnumerable<IndicatorRow> indicators, IEnumerable<OrgUnitRow> orgUnits)
    {
        Indicators = indicators.OrderBy(i => i.Code, StringComparer.Ordinal).ToList();
        this.indicators = Indicators.ToDictionary(i => i.Code, StringComparer.Ordinal);
        var units = orgUnits.OrderBy(u => u.Code, StringComparer.Ordinal).ToList();
        this.orgUnits = units.ToDictionary(u => u.Code, StringComparer.Ordinal);
        territorialChildren = units
            .Where(u => u.ParentCode is not null && OrgUnitKinds.IsTerritorial(u.Kind))
            .ToLookup(u => u.ParentCode!, StringComparer.Ordinal);
        Provinces = units.Where(u => u.Kind == OrgUnitKinds.Province && u.ParentCode is null).ToList();
    }

    public static async Task<CatalogueSnapshot> LoadAsync(Db db, DbConnection c) =>
        new(await CatalogueData.IndicatorsAsync(db, c), await CatalogueData.OrgUnitsAsync(db, c));

    public static async Task<CatalogueSnapshot> LoadAsync(Db db, CancellationToken ct)
    {
        await using var c = await db.OpenAsync(ct);
        return await LoadAsync(db, c);
    }

    /// <summary>Every indicator, ordered by code.</summary>
    public IReadOnlyList<IndicatorRow> Indicators { get; }

    /// <summary>The units of kind province that have no parent, ordered by code: the default scope of a report.</summary>
    public IReadOnlyList<OrgUnitRow> Provinces { get; }

    public IndicatorRow? Indicator(string code) => indicators.GetValueOrDefault(code);

    public OrgUnitRow? OrgUnit(string code) => orgUnits.GetValueOrDefault(code);

    /// <summary>The root of the unit's tree (the province), or null for an unknown unit.</summary>
    public string? ProvinceOf(string orgUnit)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var at = OrgUnit(orgUnit);
        while (at?.ParentCode is { } parent && seen.Add(at.Code) && orgUnits.TryGetValue(parent, out var up))
        {
            at = up;
        }
        return at?.Code;
    }

    /// <summary>The unit's territorial children (districts and the city) whatever their validity, ordered by code.</summary>
    public IEnumerable<OrgUnitRow> TerritorialChildren(string code) => territorialChildren[code];

    /// <summary>
    /// The territorial children expected in the unit's rollup for the period: those valid on at least one of its days
    /// (<see cref="OrgUnitValidity.IsValidDuring"/>). Null when there are none, which the engine reads as "no
    /// territorial children" (no <c>children</c> coverage): a province whose districts were abolished before the
    /// period has nothing to roll up, rather than "0 of 0 reported".
    /// </summary>
    public IReadOnlyList<OrgUnitRow>? TerritorialChildrenDuring(string code, Period period)
    {
        var during = territorialChildren[code].Where(u => OrgUnitValidity.IsValidDuring(u.ValidFrom, u.ValidTo, period)).ToList();
        return during.Count == 0 ? null : during;
    }

    public static IndicatorRules Rules(IndicatorRow indicator) =>
        new(Stored.Wire<Measure>(indicator.Measure), Stored.Wire<Direction>(indicator.Direction), indicator.Decimals);
}
