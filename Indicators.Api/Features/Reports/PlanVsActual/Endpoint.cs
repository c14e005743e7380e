using FastEndpoints;
using FluentValidation.Results;
using Indicators.Api.Domain;
using Indicators.Api.Kernel.Catalogue;
using Indicators.Api.Infrastructure.Http;
using Indicators.Api.Infrastructure.Observability;
using Indicators.Api.Infrastructure.OpenApi;
using Indicators.Api.Kernel;
using Indicators.Api.Kernel.Queries;
using Indicators.Api.Kernel.Sdmx;
using Microsoft.Extensions.Options;

namespace Indicators.Api.Features.Reports.PlanVsActual;

internal sealed class PlanVsActualEndpoint(FigureCache cache, IOptions<SdmxOptions> sdmx, TimeProvider clock) : Endpoint<PlanVsActualRequest, PlanVsActualResponse>
{
    public override void Configure()
    {
        Get("/api/v1/plan-vs-actual");
        Roles(Infrastructure.Auth.Roles.Readers);
        Description(b => b.Produces<PlanVsActualResponse>(200, "application/json", Csv.MediaType, SdmxMedia.CsvVersioned, SdmxMedia.JsonVersioned)
            .Problems(400, 406).AuthProblems()
            .WithMetadata(CachedReadMetadata.Instance));
        Summary(s =>
        {
            s.Summary = "Plan versus actual for a period";
            s.Description =
                "One row per (indicator, org unit): the actual (reported, derived from other periods of the unit, or the sum of its " +
                "territorial children), the target of the requested kind for exactly the period else for its year, % of target, " +
                "difference, what remains, the share of the target period elapsed, the monthly average still required, the same " +
                "period of the year before and the change from it, and an assessment. A figure that cannot be computed is null. " +
                "Default scope: every indicator for the province. An org unit not valid during the period still gets its row " +
                "(history stays readable); children=true adds only the territorial children valid during the period. " +
                "CSV with format=csv or Accept: text/csv (children as three columns, derivedFrom joined with ';'). " +
                "SDMX (the dataflow PLAN_VS_ACTUAL: dimensions INDICATOR, REF_AREA, MEASURE = ACTUAL, TARGET, PERCENT_OF_TARGET, PREVIOUS_YEAR, " +
                "CHANGE_PERCENT or REMAINING, TIME_PERIOD; attributes OBS_STATUS, UNIT_MEASURE; a figure that is null has no observation) with " +
                "format=sdmx-csv or Accept: application/vnd.sdmx.data+csv;version=2.0.0, format=sdmx-json or Accept: " +
                "application/vnd.sdmx.data+json;version=2.0.0.";
        });
        Tags("Reports");
    }

    public override async Task HandleAsync(PlanVsActualRequest r, CancellationToken ct)
    {
        using var view = ViewTelemetry.Start(HttpContext, "plan-vs-actual");
        var sdmxFormat = SdmxMedia.Negotiate(HttpContext, r.Format, out var notAcceptable);
        if (notAcceptable is not null)
        {
            await Send.ResultAsync(notAcceptable);
            return;
        }
        var period = Period.Parse(r.Period);
        var kind = QueryRules.Parse(r.TargetKind, TargetKind.Plan);
        var lang = Lang.Resolve(HttpContext, r.Lang);

        await using var figures = await cache.BeginAsync(HttpContext, ct);
        var catalogue = figures.Catalogue;

        var requestedIndicators = QueryRules.Codes(r.Indicator);
        var requestedUnits = QueryRules.Codes(r.OrgUnit);
        foreach (var code in requestedIndicators.Where(code => catalogue.Indicator(code) is null))
        {
            ValidationFailures.Add(new ValidationFailure("indicator", $"{Domain.Echo.Quote(code)} is not an indicator in the catalogue."));
        }
        foreach (var code in requestedUnits.Where(code => catalogue.OrgUnit(code) is null))
        {
            ValidationFailures.Add(new ValidationFailure("orgUnit", $"{Domain.Echo.Quote(code)} is not an org unit in the catalogue."));
        }
        ThrowIfAnyErrors();

        var indicators = requestedIndicators.Count > 0
            ? requestedIndicators.Select(code => catalogue.Indicator(code)!).ToList()
            : catalogue.Indicators;
        var units = requestedUnits.Count > 0
            ? requestedUnits.Select(code => catalogue.OrgUnit(code)!).ToList()
            : catalogue.Provinces;

        // Each requested unit, then (children=true) its territorial children valid during the period; a unit listed
        // twice keeps its first place.
        var rowUnits = units
            .SelectMany(u => r.Children ? (catalogue.TerritorialChildrenDuring(u.Code, period) ?? []).Prepend(u) : [u])
            .DistinctBy(u => u.Code)
            .ToList();

        var hasPreviousYear = period.TryShiftYears(-1, out var previousPeriod);
        var indicatorCodes = indicators.Select(i => i.Code).ToList();
        var rowCodes = rowUnits.Select(u => u.Code).ToHashSet(StringComparer.Ordinal);
        var years = hasPreviousYear ? new[] { previousPeriod.Year, period.Year } : [period.Year];

        // What the answer depends on (ReadCache keeps it until a write changes one of these figures): the rows' values
        // and targets, and their territorial children's values, of the period's year and the year before.
        ViewScope.Declare(HttpContext, indicatorCodes,
            rowCodes.Concat(rowUnits.SelectMany(u => catalogue.TerritorialChildren(u.Code)).Select(u => u.Code)), years[0], period.Year);

        // The rows' own values of the period's year and the year before; the values of their other territorial children
        // valid during the period (coverage and rollup) in its year; the targets of its year.
        await figures.LoadValuesAsync(indicatorCodes, rowCodes, years);
        await figures.LoadValuesAsync(indicatorCodes, ChildrenOutside(catalogue, rowUnits, period, rowCodes), [period.Year]);
        await figures.LoadTargetsAsync(indicatorCodes, rowCodes, [period.Year]);

        var cells = new List<(IndicatorRow Indicator, IndicatorRules Rules, OrgUnitRow Unit, UnitActual Actual, ResolvedActual? Previous)>(indicators.Count * rowUnits.Count);
        var previousFromChildren = new List<int>();
        foreach (var indicator in indicators)
        {
            var rules = CatalogueSnapshot.Rules(indicator);
            foreach (var unit in rowUnits)
            {
                var actual = figures.Actual(indicator.Code, rules.Measure, unit.Code, period);
                var previous = hasPreviousYear ? figures.OwnActual(indicator.Code, rules.Measure, unit.Code, previousPeriod) : null;
                if (hasPreviousYear && previous is null && rules.Measure.IsSummable() && catalogue.TerritorialChildrenDuring(unit.Code, previousPeriod) is not null)
                {
                    previousFromChildren.Add(cells.Count);
                }
                cells.Add((indicator, rules, unit, actual, previous));
            }
        }

        // Only where a unit has no previous-year actual of its own does it need its children's values of that year:
        // one more query at most, for the indicators and children concerned (none when the cache holds them).
        if (previousFromChildren.Count > 0)
        {
            var needed = previousFromChildren.Select(i => cells[i]).ToList();
            await figures.LoadValuesAsync(
                needed.Select(x => x.Indicator.Code).Distinct().ToList(),
                ChildrenOutside(catalogue, needed.Select(x => x.Unit).DistinctBy(u => u.Code), previousPeriod, rowCodes),
                [previousPeriod.Year]);
            foreach (var i in previousFromChildren)
            {
                var x = cells[i];
                cells[i] = x with { Previous = figures.Actual(x.Indicator.Code, x.Rules.Measure, x.Unit.Code, previousPeriod).Actual };
            }
        }

        var rows = new List<PlanVsActualRow>(cells.Count);
        foreach (var (indicator, rules, unit, actual, previous) in cells)
        {
            var target = Domain.PlanVsActual.FindTarget(kind, period, figures.Targets(indicator.Code, unit.Code, period.Year));
            var f = Domain.PlanVsActual.Compute(rules, period, actual.Actual, actual.Children, target, previous);
            rows.Add(new PlanVsActualRow
            {
                Indicator = indicator.Code,
                OrgUnit = unit.Code,
                IndicatorName = lang == "en" ? indicator.NameEn : indicator.NameVi,
                OrgUnitName = lang == "en" ? unit.NameEn : unit.NameVi,
                Unit = lang == "en" ? indicator.UnitEn : indicator.UnitVi,
                Period = period.Code,
                Actual = ReportData.Number(f.Actual),
                ActualStatus = f.ActualStatus is { } status ? WireNames.ToWire(status) : null,
                ActualSource = f.ActualSource is { } source ? WireNames.ToWire(source) : null,
                DerivedFrom = f.DerivedFrom.Select(p => p.Code).ToList(),
                Children = f.Children is { } cover
                    ? new ChildrenCoverageResponse { Reported = cover.Reported, Expected = cover.Expected, Total = ReportData.Number(cover.Total) }
                    : null,
                Target = ReportData.Number(f.Target),
                TargetKind = WireNames.ToWire(kind),
                TargetPeriod = f.TargetPeriod?.Code,
                Comparison = f.Comparison is { } comparison ? WireNames.ToWire(comparison) : null,
                PercentOfTarget = ReportData.Number(f.PercentOfTarget),
                Difference = ReportData.Number(f.Difference),
                Remaining = ReportData.Number(f.Remaining),
                ElapsedPercent = ReportData.Number(f.ElapsedPercent),
                RequiredMonthlyAverage = ReportData.Number(f.RequiredMonthlyAverage),
                PreviousYear = ReportData.Number(f.PreviousYear),
                ChangeFromPreviousYearPercent = ReportData.Number(f.ChangeFromPreviousYearPercent),
                Assessment = WireNames.ToWire(f.Assessment),
            });
        }

        var sorted = PlanVsActualSort.Apply(rows, r.Sort, lang);
        view.Rows(sorted.Count);
        if (sdmxFormat is { } format)
        {
            await Send.ResultAsync(SdmxAnswer.Result(format, SdmxFlows.PlanVsActual, PlanVsActualSdmx.Observations(sorted, catalogue, period),
                sdmx.Value.AgencyId, lang, clock.GetUtcNow(), $"plan-vs-actual-{period.Code}"));
            return;
        }
        if (Csv.Requested(HttpContext, r.Format))
        {
            await Send.ResultAsync(Csv.Result(CsvHeader, sorted.Select(CsvRow), $"plan-vs-actual-{period.Code}"));
            return;
        }
        await Send.OkAsync(new PlanVsActualResponse { Period = period.Code, TargetKind = WireNames.ToWire(kind), Rows = sorted }, ct);
    }

    /// <summary>The territorial children valid during the period of the given units that are not rows themselves.</summary>
    private static List<string> ChildrenOutside(CatalogueSnapshot catalogue, IEnumerable<OrgUnitRow> units, Period period, HashSet<string> rowCodes) =>
        units.SelectMany(u => catalogue.TerritorialChildrenDuring(u.Code, period) ?? [])
            .Select(u => u.Code)
            .Where(code => !rowCodes.Contains(code))
            .Distinct()
            .ToList();

    private static readonly string[] CsvHeader =
    [
        "indicator", "orgUnit", "indicatorName", "orgUnitName", "unit", "period", "actual", "actualStatus", "actualSource",
        "derivedFrom", "children.reported", "children.expected", "children.total", "target", "targetKind", "targetPeriod",
        "comparison", "percentOfTarget", "difference", "remaining", "elapsedPercent", "requiredMonthlyAverage", "previousYear",
        "changeFromPreviousYearPercent", "assessment",
    ];

    private static string?[] CsvRow(PlanVsActualRow x) =>
    [
        x.Indicator, x.OrgUnit, x.IndicatorName, x.OrgUnitName, x.Unit, x.Period, Csv.Number(x.Actual), x.ActualStatus, x.ActualSource,
        string.Join(';', x.DerivedFrom), x.Children?.Reported.ToString(System.Globalization.CultureInfo.InvariantCulture),
        x.Children?.Expected.ToString(System.Globalization.CultureInfo.InvariantCulture), Csv.Number(x.Children?.Total),
        Csv.Number(x.Target), x.TargetKind, x.TargetPeriod, x.Comparison, Csv.Number(x.PercentOfTarget), Csv.Number(x.Difference),
        Csv.Number(x.Remaining), Csv.Number(x.ElapsedPercent), Csv.Number(x.RequiredMonthlyAverage), Csv.Number(x.PreviousYear),
        Csv.Number(x.ChangeFromPreviousYearPercent), x.Assessment,
    ];

}
