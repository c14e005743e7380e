using Indicators.Api.Domain;
using Indicators.Api.Kernel.Catalogue;
using Indicators.Api.Kernel.Sdmx;

namespace Indicators.Api.Features.Reports.PlanVsActual;

/// <summary>
/// The rows as PLAN_VS_ACTUAL observations (SPEC "Exchange formats (SDMX)"): per row, one observation for each figure
/// that is not null — ACTUAL (with its status as OBS_STATUS), TARGET, PERCENT_OF_TARGET, PREVIOUS_YEAR, CHANGE_PERCENT,
/// REMAINING — in the row's order. Amounts are in the indicator's unit, the two percentages in percent (PC).
/// </summary>
internal static class PlanVsActualSdmx
{
    public static List<SdmxObservation> Observations(IEnumerable<PlanVsActualRow> rows, CatalogueSnapshot catalogue, Period period)
    {
        var observations = new List<SdmxObservation>();
        foreach (var row in rows)
        {
            var indicator = catalogue.Indicator(row.Indicator)!;
            var area = catalogue.OrgUnit(row.OrgUnit)!;
            var unit = SdmxFlows.UnitOf(indicator);
            void Add(SdmxMeasure measure, decimal? value, SdmxUnit inUnit, string? status = null)
            {
                if (value is { } v)
                {
                    observations.Add(new SdmxObservation(indicator, area, measure, period, v, status, inUnit));
                }
            }
            Add(SdmxMeasure.Actual, row.Actual, unit, row.ActualStatus);
            Add(SdmxMeasure.Target, row.Target, unit);
            Add(SdmxMeasure.PercentOfTarget, row.PercentOfTarget, SdmxFlows.Percent);
            Add(SdmxMeasure.PreviousYear, row.PreviousYear, unit);
            Add(SdmxMeasure.ChangePercent, row.ChangeFromPreviousYearPercent, SdmxFlows.Percent);
            Add(SdmxMeasure.Remaining, row.Remaining, unit);
        }
        return observations;
    }
}
