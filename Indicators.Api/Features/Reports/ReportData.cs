using System.Data.Common;
using System.Globalization;
using System.Text.Json;
using Dapper;
using Indicators.Api.Domain;
using Indicators.Api.Infrastructure.Database;
using Indicators.Api.Kernel;
using Indicators.Api.Kernel.Catalogue;

namespace Indicators.Api.Features.Reports;

/// <summary>The current values and targets a report has loaded, by (indicator, org unit).</summary>
internal sealed class ReportFigures
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
    public UnitActual Actual(CatalogueSnapshot catalogue, string indicator, Measure measure, string orgUnit, Period period)
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

internal sealed record TargetRow
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
        Period.OfMonths(Year, FirstMonth, LastMonth), Stored.Wire<TargetKind>(Kind), Value, Stored.Wire<Comparison>(Comparison));
}

/// <summary>
/// The queries behind the plan-versus-actual and series views. Whatever the number of rows or points, a view runs a
/// small fixed number of them: the indicators, the org units, the current values of (indicators × units × years)
/// once for the rows' own units and at most twice for their territorial children, and the targets of (indicators ×
/// units × years); every figure is then computed in C# by the domain engine. The lists travel as JSON arrays (one
/// parameter each), so a long list never meets SQL Server's 2,100-parameter limit.
/// </summary>
internal static class ReportData
{
    private static readonly SqlFile<ValueScope> CurrentValues = new("Features.Reports.CurrentValues");
    private static readonly SqlFile<TargetScope> CurrentTargets = new("Features.Reports.CurrentTargets");

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
        // through Dapper's mapper.
        await using var reader = await c.ExecuteReaderAsync(db.Command(CurrentValues, new ValueScope(Json(indicators), Json(orgUnits), Json(years), firstMonth, lastMonth)));
        while (await reader.ReadAsync())
        {
            figures.Add(reader.GetString(0), reader.GetString(1), new StoredValue(
                Period.OfMonths(reader.GetInt32(2), reader.GetInt32(3), reader.GetInt32(4)), DapperSetup.ReadDecimal(reader, 5), Stored.Wire<ValueStatus>(reader.GetString(6))));
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
        figures.Add(await c.QueryAsync<TargetRow>(db.Command(CurrentTargets, new TargetScope(Json(indicators), Json(orgUnits), Json(years), WireNames.ToWire(kind)))));
    }

    /// <summary>A comma-separated list of codes: blanks trimmed, empty items dropped, duplicates dropped, order kept.</summary>
    public static IReadOnlyList<string> Codes(string? list) =>
        (list ?? "").Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries).Distinct(StringComparer.Ordinal).ToList();

    /// <summary>A figure as the views write it: without insignificant trailing zeros, as values round-trip (6.00 → 6,
    /// 2.70 → 2.7); the rounding to the indicator's decimals or to 2 percentage decimals has already happened.</summary>
    public static decimal? Number(decimal? value) => value is { } v ? DapperSetup.Normalize(v) : null;

    private static string Json<T>(IEnumerable<T> items) => JsonSerializer.Serialize(items.Distinct());

    /// <summary>The lists travel as JSON arrays (one parameter each), so a long list never meets SQL Server's 2,100-parameter limit.</summary>
    internal sealed record ValueScope(string Indicators, string OrgUnits, string Years, int FirstMonth, int LastMonth);

    internal sealed record TargetScope(string Indicators, string OrgUnits, string Years, string Kind);
}
