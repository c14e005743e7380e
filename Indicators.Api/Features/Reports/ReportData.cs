using System.Data.Common;
using System.Globalization;
using System.Text.Json;
using Dapper;
using Indicators.Api.Domain;
using Indicators.Api.Features.Indicators;
using Indicators.Api.Features.OrgUnits;
using Indicators.Api.Infrastructure.Database;

namespace Indicators.Api.Features.Reports;

/// <summary>
/// The catalogue as the read views need it: every indicator and org unit by code, and each unit's territorial
/// children. Both tables are small (hundreds of rows), so a report reads them whole in two queries rather than
/// asking per row.
/// </summary>
public sealed class ReportCatalogue
{
    private readonly Dictionary<string, IndicatorRow> indicators;
    private readonly Dictionary<string, OrgUnitRow> orgUnits;
    private readonly ILookup<string, OrgUnitRow> territorialChildren;

    public ReportCatalogue(IEnumerable<IndicatorRow> indicators, IEnumerable<OrgUnitRow> orgUnits)
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

    /// <summary>Every indicator, ordered by code.</summary>
    public IReadOnlyList<IndicatorRow> Indicators { get; }

    /// <summary>The units of kind province that have no parent, ordered by code: the default scope of a report.</summary>
    public IReadOnlyList<OrgUnitRow> Provinces { get; }

    public IndicatorRow? Indicator(string code) => indicators.GetValueOrDefault(code);

    public OrgUnitRow? OrgUnit(string code) => orgUnits.GetValueOrDefault(code);

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
        new(ReportData.Wire<Measure>(indicator.Measure), ReportData.Wire<Direction>(indicator.Direction), indicator.Decimals);
}

/// <summary>The current values and targets a report has loaded, by (indicator, org unit).</summary>
public sealed class ReportFigures
{
    private readonly Dictionary<(string, string), List<StoredValue>> values = [];
    private readonly Dictionary<(string, string), List<StoredTarget>> targets = [];

    public void Add(string indicator, string orgUnit, StoredValue value)
    {
        if (!values.TryGetValue((indicator, orgUnit), out var list))
        {
            values[(indicator, orgUnit)] = list = [];
        }
        list.Add(value);
    }

    public void Add(IEnumerable<TargetRow> rows)
    {
        foreach (var row in rows)
        {
            if (!targets.TryGetValue((row.Indicator, row.OrgUnit), out var list))
            {
                targets[(row.Indicator, row.OrgUnit)] = list = [];
            }
            list.Add(row.ToStored());
        }
    }

    public IReadOnlyCollection<StoredValue> Values(string indicator, string orgUnit) =>
        values.TryGetValue((indicator, orgUnit), out var list) ? list : [];

    public IReadOnlyCollection<StoredTarget> Targets(string indicator, string orgUnit) =>
        targets.TryGetValue((indicator, orgUnit), out var list) ? list : [];

    /// <summary>
    /// The unit's actual for the period (SPEC "Plan-versus-actual rules"): its own values resolved over time, else the
    /// sum of its territorial children valid during that period, with their coverage (<see cref="Actuals.Resolve"/>).
    /// </summary>
    public UnitActual Actual(ReportCatalogue catalogue, string indicator, Measure measure, string orgUnit, Period period)
    {
        var children = catalogue.TerritorialChildrenDuring(orgUnit, period)?
            .Select(child => Values(indicator, child.Code))
            .ToList();
        return Actuals.Resolve(measure, period, Values(indicator, orgUnit), children);
    }

    /// <summary>The unit's actual from its own values only (<see cref="Actuals.ResolveOverTime"/>).</summary>
    public ResolvedActual? OwnActual(string indicator, Measure measure, string orgUnit, Period period) =>
        Actuals.ResolveOverTime(measure, period, Values(indicator, orgUnit));
}

public sealed record TargetRow
{
    public string Indicator { get; init; } = "";
    public string OrgUnit { get; init; } = "";
    public int Year { get; init; }
    public int FirstMonth { get; init; }
    public int LastMonth { get; init; }
    public string Kind { get; init; } = "";
    public decimal Value { get; init; }
    public string Comparison { get; init; } = "";

    public StoredTarget ToStored() => new(
        Period.OfMonths(Year, FirstMonth, LastMonth), ReportData.Wire<TargetKind>(Kind), Value, ReportData.Wire<Comparison>(Comparison));
}

/// <summary>
/// The queries behind the plan-versus-actual and series views. Whatever the number of rows or points, a view runs a
/// small fixed number of them: the indicators, the org units, the current values of (indicators × units × years)
/// once for the rows' own units and at most twice for their territorial children, and the targets of (indicators ×
/// units × years); every figure is then computed in C# by the domain engine. The lists travel as JSON arrays (one
/// parameter each), so a long list never meets SQL Server's 2,100-parameter limit.
/// </summary>
public static class ReportData
{
    public static async Task<ReportCatalogue> LoadCatalogueAsync(DbConnection c) =>
        new(await IndicatorData.AllAsync(c), await OrgUnitData.AllAsync(c));

    /// <summary>
    /// One query: the current values of <c>indicators × orgUnits × years</c> whose periods can make up months
    /// <c>firstMonth..lastMonth</c> of a year (inside them, or ending at <c>lastMonth</c>), added to <c>figures</c>.
    /// </summary>
    public static async Task LoadValuesAsync(
        Db db, DbConnection c, ReportFigures figures, IReadOnlyCollection<string> indicators, IReadOnlyCollection<string> orgUnits,
        IReadOnlyCollection<int> years, int firstMonth = 1, int lastMonth = 12)
    {
        if (indicators.Count == 0 || orgUnits.Count == 0 || years.Count == 0)
        {
            return;
        }
        // The hot path of a report (tens of thousands of rows for a province's children): read by ordinal rather than
        // through Dapper's mapper. SQLite holds the value as invariant text, SQL Server as decimal(19,4).
        await using var reader = await c.ExecuteReaderAsync(db.Sql("Features.Reports.CurrentValues"), new
        {
            Indicators = Json(indicators),
            OrgUnits = Json(orgUnits),
            Years = Json(years),
            FirstMonth = firstMonth,
            LastMonth = lastMonth,
        });
        var textValues = db.IsSqlite;
        while (await reader.ReadAsync())
        {
            var value = textValues
                ? decimal.Parse(reader.GetString(5), NumberStyles.Number | NumberStyles.AllowExponent, CultureInfo.InvariantCulture)
                : reader.GetDecimal(5);
            figures.Add(reader.GetString(0), reader.GetString(1), new StoredValue(
                Period.OfMonths(reader.GetInt32(2), reader.GetInt32(3), reader.GetInt32(4)), value, Wire<ValueStatus>(reader.GetString(6))));
        }
    }

    /// <summary>One query: the current targets of kind <c>kind</c> of <c>indicators × orgUnits × years</c>, added to <c>figures</c>.</summary>
    public static async Task LoadTargetsAsync(
        Db db, DbConnection c, ReportFigures figures, IReadOnlyCollection<string> indicators, IReadOnlyCollection<string> orgUnits,
        IReadOnlyCollection<int> years, TargetKind kind)
    {
        if (indicators.Count == 0 || orgUnits.Count == 0 || years.Count == 0)
        {
            return;
        }
        figures.Add(await c.QueryAsync<TargetRow>(db.Sql("Features.Reports.CurrentTargets"), new
        {
            Indicators = Json(indicators),
            OrgUnits = Json(orgUnits),
            Years = Json(years),
            Kind = WireNames.ToWire(kind),
        }));
    }

    /// <summary>A comma-separated list of codes: blanks trimmed, empty items dropped, duplicates dropped, order kept.</summary>
    public static IReadOnlyList<string> Codes(string? list) =>
        (list ?? "").Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries).Distinct(StringComparer.Ordinal).ToList();

    /// <summary>A figure as the views write it: without insignificant trailing zeros, as values round-trip (6.00 → 6,
    /// 2.70 → 2.7); the rounding to the indicator's decimals or to 2 percentage decimals has already happened.</summary>
    public static decimal? Number(decimal? value) => value is { } v ? DapperSetup.Normalize(v) : null;

    /// <summary>A stored wire name; anything else in the database is a bug, not bad input.</summary>
    public static T Wire<T>(string text) where T : struct, Enum =>
        WireNames.TryParse<T>(text, out var value)
            ? value
            : throw new InvalidOperationException($"The database holds '{text}', which is not a {typeof(T).Name}.");

    private static string Json<T>(IEnumerable<T> items) => JsonSerializer.Serialize(items.Distinct());
}
