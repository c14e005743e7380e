using FastEndpoints;
using FluentValidation.Results;
using Indicators.Api.Domain;
using Indicators.Api.Infrastructure.Http;
using Indicators.Api.Infrastructure.Observability;
using Indicators.Api.Infrastructure.OpenApi;
using Indicators.Api.Kernel;
using Indicators.Api.Kernel.Catalogue;
using Indicators.Api.Kernel.Queries;

namespace Indicators.Api.Features.Reports.Series;

internal sealed class SeriesEndpoint(FigureCache cache) : Endpoint<SeriesRequest, SeriesResponse>
{
    public override void Configure()
    {
        Get("/api/v1/series");
        Roles(Infrastructure.Auth.Roles.Readers);
        Description(b => b.Produces<SeriesResponse>(200, "application/json", Csv.MediaType).Problems(400).AuthProblems()
            .WithMetadata(CachedReadMetadata.Instance));
        Summary(s =>
        {
            s.Summary = "One indicator of one org unit over time";
            s.Description =
                "Every period of periodType from the one containing from's first month to the one containing to's last month " +
                $"(at most {SeriesValidator.MaxPoints} points), across years. Each point's actual is resolved as in plan-versus-actual " +
                "(reported, derived from other periods of the unit, or the sum of its territorial children valid during that period), " +
                "its previous year the same way; its target is the target of targetKind for exactly that period — a year's plan is " +
                "not repeated on its months. CSV with format=csv or Accept: text/csv, one row per point.";
        });
        Tags("Reports");
    }

    public override async Task HandleAsync(SeriesRequest r, CancellationToken ct)
    {
        using var view = ViewTelemetry.Start(HttpContext, "series");
        var from = Period.Parse(r.From);
        var to = Period.Parse(r.To);
        var kind = QueryRules.Parse(r.TargetKind, TargetKind.Plan);
        var lang = Lang.Resolve(HttpContext, r.Lang);

        PeriodType type;
        if (!string.IsNullOrEmpty(r.PeriodType))
        {
            type = Stored.Wire<PeriodType>(r.PeriodType);
        }
        else if (from.Type != PeriodType.Range)
        {
            type = from.Type;
        }
        else
        {
            type = PeriodType.Month;
            ValidationFailures.Add(new ValidationFailure("periodType", $"periodType is required when from is a month range ('{from.Code}'): year, half, quarter or month."));
        }
        var months = (to.Year - from.Year) * 12 + to.LastMonth - from.FirstMonth + 1;
        if (months < 1)
        {
            ValidationFailures.Add(new ValidationFailure("to", $"to ('{to.Code}') ends before from ('{from.Code}') starts."));
        }

        await using var figures = await cache.BeginAsync(HttpContext, ct);
        var catalogue = figures.Catalogue;
        var indicator = catalogue.Indicator(r.Indicator!);
        var unit = catalogue.OrgUnit(r.OrgUnit!);
        if (indicator is null)
        {
            ValidationFailures.Add(new ValidationFailure("indicator", $"{Domain.Echo.Quote(r.Indicator)} is not an indicator in the catalogue."));
        }
        if (unit is null)
        {
            ValidationFailures.Add(new ValidationFailure("orgUnit", $"{Domain.Echo.Quote(r.OrgUnit)} is not an org unit in the catalogue."));
        }
        ThrowIfAnyErrors();

        var periods = Period.Sequence(from, to, type);
        if (periods.Count > SeriesValidator.MaxPoints)
        {
            ValidationFailures.Add(new ValidationFailure("to",
                $"From {from.Code} to {to.Code} by {WireNames.ToWire(type)} is {periods.Count} points; a series has at most {SeriesValidator.MaxPoints}."));
            ThrowIfAnyErrors();
        }

        var rules = CatalogueSnapshot.Rules(indicator!);
        var firstYear = periods[0].Year;
        var lastYear = periods[^1].Year;
        var valueYears = Enumerable.Range(Math.Max(Period.MinYear, firstYear - 1), lastYear - Math.Max(Period.MinYear, firstYear - 1) + 1).ToList();
        var children = catalogue.TerritorialChildren(unit!.Code).Select(u => u.Code).ToList();
        // What the answer depends on (ReadCache keeps it until a write changes one of these figures).
        ViewScope.Declare(HttpContext, [indicator!.Code], children.Prepend(unit.Code), valueYears[0], lastYear);
        await figures.LoadValuesAsync([indicator.Code], [unit.Code], valueYears);
        await figures.LoadTargetsAsync([indicator.Code], [unit.Code], Enumerable.Range(firstYear, lastYear - firstYear + 1).ToList());

        // Points have no children coverage: the children's values are needed only for the years in which the unit has
        // no actual of its own for a point or its previous year, and are loaded in one more query at most.
        var previous = periods.Select(p => p.TryShiftYears(-1, out var before) ? before : (Period?)null).ToList();
        var childYears = periods.Concat(previous.OfType<Period>())
            .Where(p => rules.Measure.IsSummable()
                && catalogue.TerritorialChildrenDuring(unit.Code, p) is not null
                && figures.OwnActual(indicator.Code, rules.Measure, unit.Code, p) is null)
            .Select(p => p.Year)
            .Distinct()
            .ToList();
        await figures.LoadValuesAsync([indicator.Code], children, childYears);

        ResolvedActual? Resolve(Period p) =>
            figures.OwnActual(indicator.Code, rules.Measure, unit.Code, p) ?? figures.Actual(indicator.Code, rules.Measure, unit.Code, p).Actual;

        var points = periods.Select((period, i) =>
        {
            var actual = Resolve(period);
            var before = previous[i] is { } p ? Resolve(p) : null;
            // Exactly this period: the year fallback of plan-versus-actual would show a year's plan against each month.
            var target = figures.Targets(indicator.Code, unit.Code, period.Year).FirstOrDefault(t => t.Kind == kind && t.Period == period);
            var f = Domain.PlanVsActual.Compute(rules, period, actual, null, target, before);
            return new SeriesPoint
            {
                Period = period.Code,
                Actual = ReportData.Number(f.Actual),
                ActualStatus = f.ActualStatus is { } status ? WireNames.ToWire(status) : null,
                ActualSource = f.ActualSource is { } source ? WireNames.ToWire(source) : null,
                Target = ReportData.Number(f.Target),
                PreviousYear = ReportData.Number(f.PreviousYear),
                ChangeFromPreviousYearPercent = ReportData.Number(f.ChangeFromPreviousYearPercent),
            };
        }).ToList();
        view.Rows(points.Count);

        if (Csv.Requested(HttpContext, r.Format))
        {
            await Send.ResultAsync(Csv.Result(CsvHeader, points.Select(p => CsvRow(indicator.Code, unit.Code, p)),
                $"series-{indicator.Code}-{unit.Code}-{periods[0].Code}-{periods[^1].Code}"));
            return;
        }
        await Send.OkAsync(new SeriesResponse
        {
            Indicator = indicator.Code,
            OrgUnit = unit.Code,
            IndicatorName = lang == "en" ? indicator.NameEn : indicator.NameVi,
            OrgUnitName = lang == "en" ? unit.NameEn : unit.NameVi,
            Unit = lang == "en" ? indicator.UnitEn : indicator.UnitVi,
            PeriodType = WireNames.ToWire(type),
            TargetKind = WireNames.ToWire(kind),
            Points = points,
        }, ct);
    }

    private static readonly string[] CsvHeader =
        ["indicator", "orgUnit", "period", "actual", "actualStatus", "actualSource", "target", "previousYear", "changeFromPreviousYearPercent"];

    private static string?[] CsvRow(string indicator, string orgUnit, SeriesPoint p) =>
    [
        indicator, orgUnit, p.Period, Csv.Number(p.Actual), p.ActualStatus, p.ActualSource, Csv.Number(p.Target),
        Csv.Number(p.PreviousYear), Csv.Number(p.ChangeFromPreviousYearPercent),
    ];
}
