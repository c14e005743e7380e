using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Indicators.Api.Domain;
using Indicators.Api.Kernel.Catalogue;

namespace Indicators.Api.Kernel.Sdmx;

/// <summary>A name in both languages of the service.</summary>
internal readonly record struct Names(string Vi, string En)
{
    public string In(string lang) => lang == "en" ? En : Vi;
}

/// <summary>A component (dimension, measure or attribute) of a flow: its SDMX id, names and role.</summary>
internal sealed record SdmxComponent(string Id, Names Names, string? Role = null);

/// <summary>A dataflow this service publishes: its id, names and dimensions in the order of its structure.</summary>
internal sealed record SdmxFlow(string Id, Names Names, IReadOnlyList<SdmxComponent> Dimensions)
{
    public string StructureId(string agency) => $"{agency}:{Id}(1.0)";

    public string Urn(string agency) => $"urn:sdmx:org.sdmx.infomodel.datastructure.Dataflow={StructureId(agency)}";

    public bool HasMeasureDimension => Dimensions.Any(d => d.Id == SdmxFlows.Measure.Id);
}

/// <summary>What a PLAN_VS_ACTUAL observation measures (its MEASURE dimension).</summary>
internal enum SdmxMeasure
{
    Actual,
    Target,
    PercentOfTarget,
    PreviousYear,
    ChangePercent,
    Remaining,
}

/// <summary>A UNIT_MEASURE code and the unit's names.</summary>
internal readonly record struct SdmxUnit(string Code, Names Names);

/// <summary>
/// One observation: the dimension values (the indicator, the org unit as REF_AREA, for plan-versus-actual the measure,
/// the period), the figure, and the attributes (OBS_STATUS from the value's status, UNIT_MEASURE from the unit).
/// </summary>
internal sealed record SdmxObservation(IndicatorRow Indicator, OrgUnitRow Area, SdmxMeasure? Measure, Period Period, decimal Value, string? Status, SdmxUnit Unit);

/// <summary>
/// The two dataflows (SPEC "Exchange formats (SDMX)") and their code mappings: <c>INDICATOR_VALUES</c> (INDICATOR,
/// REF_AREA, TIME_PERIOD) and <c>PLAN_VS_ACTUAL</c> (those and MEASURE, before TIME_PERIOD, which SDMX keeps last);
/// OBS_STATUS from SDMX's CL_OBS_STATUS (estimate E, preliminary P, official A); UNIT_MEASURE coded from the unit.
/// </summary>
internal static class SdmxFlows
{
    public static readonly SdmxComponent Indicator = new("INDICATOR", new("Chỉ tiêu", "Indicator"));
    public static readonly SdmxComponent RefArea = new("REF_AREA", new("Đơn vị báo cáo", "Reference area (org unit)"), "REF_AREA");
    public static readonly SdmxComponent Measure = new("MEASURE", new("Số liệu", "Measure"));
    public static readonly SdmxComponent TimePeriod = new("TIME_PERIOD", new("Kỳ báo cáo", "Time period or range"), "TIME_PERIOD");
    public static readonly SdmxComponent ObsValue = new("OBS_VALUE", new("Giá trị", "Observation value"), "OBS_VALUE");
    public static readonly SdmxComponent ObsStatus = new("OBS_STATUS", new("Tình trạng số liệu", "Observation status"), "OBS_STATUS");
    public static readonly SdmxComponent UnitMeasure = new("UNIT_MEASURE", new("Đơn vị tính", "Unit of measure"), "UNIT_MEASURE");

    public static readonly SdmxFlow IndicatorValues = new("INDICATOR_VALUES",
        new("Số liệu thực hiện các chỉ tiêu", "Reported values of the indicators"), [Indicator, RefArea, TimePeriod]);

    public static readonly SdmxFlow PlanVsActual = new("PLAN_VS_ACTUAL",
        new("Thực hiện so với kế hoạch", "Plan versus actual"), [Indicator, RefArea, Measure, TimePeriod]);

    /// <summary>CL_OBS_STATUS codes of the value statuses, with their names.</summary>
    public static (string Code, Names Names)? ObsStatusOf(string? status) => status switch
    {
        "estimate" => ("E", new("Ước tính", "Estimated value")),
        "preliminary" => ("P", new("Sơ bộ", "Provisional value")),
        "official" => ("A", new("Chính thức", "Normal value")),
        _ => null,
    };

    public static (string Code, Names Names) MeasureCode(SdmxMeasure measure) => measure switch
    {
        SdmxMeasure.Actual => ("ACTUAL", new("Thực hiện", "Actual")),
        SdmxMeasure.Target => ("TARGET", new("Kế hoạch", "Target")),
        SdmxMeasure.PercentOfTarget => ("PERCENT_OF_TARGET", new("Tỷ lệ so với kế hoạch (%)", "Percent of target")),
        SdmxMeasure.PreviousYear => ("PREVIOUS_YEAR", new("Cùng kỳ năm trước", "Same period of the previous year")),
        SdmxMeasure.ChangePercent => ("CHANGE_PERCENT", new("Tăng, giảm so với cùng kỳ (%)", "Change from the previous year (%)")),
        _ => ("REMAINING", new("Còn phải thực hiện", "Remaining to reach the target")),
    };

    /// <summary>Percentages (% of target, change from the previous year) are in percent, SDMX's code PC.</summary>
    public static readonly SdmxUnit Percent = new("PC", new("%", "%"));

    /// <summary>
    /// The UNIT_MEASURE code of an indicator's unit: % is PC; otherwise the English name in capitals with '_' for
    /// anything but letters and digits (<c>billion VND</c> → <c>BILLION_VND</c>), or, when that leaves nothing, a code
    /// from a hash of both names. Units are free text in the catalogue; the code is stable as long as the name is.
    /// </summary>
    public static SdmxUnit UnitOf(IndicatorRow indicator)
    {
        var names = new Names(indicator.UnitVi, indicator.UnitEn);
        if (indicator.UnitEn.Trim() == "%")
        {
            return Percent with { Names = names };
        }
        var code = new StringBuilder();
        foreach (var ch in indicator.UnitEn.Trim().ToUpperInvariant())
        {
            if (ch is >= 'A' and <= 'Z' or >= '0' and <= '9')
            {
                code.Append(ch);
            }
            else if (code.Length > 0 && code[^1] != '_')
            {
                code.Append('_');
            }
        }
        var text = code.ToString().Trim('_');
        if (text.Length == 0)
        {
            var hash = SHA256.HashData(Encoding.UTF8.GetBytes(indicator.UnitVi + "\n" + indicator.UnitEn));
            text = "U_" + Convert.ToHexString(hash, 0, 4);
        }
        return new SdmxUnit(text, names);
    }

    /// <summary>
    /// TIME_PERIOD: the SDMX reporting period, which the service's own codes are (<c>2020</c>, <c>2020-S1</c>,
    /// <c>2020-Q1</c>, <c>2020-M01</c>); any other run of months a time range, its first day and length
    /// (<c>2020-01-01/P9M</c>).
    /// </summary>
    public static string TimeOf(Period period) => period.Type == PeriodType.Range
        ? string.Create(CultureInfo.InvariantCulture, $"{period.Start:yyyy-MM-dd}/P{period.Months}M")
        : period.Code;

    private static readonly string[] Roman = ["I", "II", "III", "IV"];
    private static readonly string[] Months = CultureInfo.InvariantCulture.DateTimeFormat.MonthNames;

    /// <summary>The period's names as the source document says them ("6 tháng đầu năm 2020") and in English.</summary>
    public static Names TimeNames(Period period)
    {
        var y = period.Year.ToString(CultureInfo.InvariantCulture);
        return period.Type switch
        {
            PeriodType.Year => new($"Năm {y}", y),
            PeriodType.Half when period.FirstMonth == 1 => new($"6 tháng đầu năm {y}", $"First half of {y}"),
            PeriodType.Half => new($"6 tháng cuối năm {y}", $"Second half of {y}"),
            PeriodType.Quarter => new($"Quý {Roman[(period.FirstMonth - 1) / 3]} năm {y}", $"Q{(period.FirstMonth + 2) / 3} {y}"),
            PeriodType.Month => new($"Tháng {period.FirstMonth} năm {y}", $"{Months[period.FirstMonth - 1]} {y}"),
            _ when period.FirstMonth == 1 => new($"{period.Months} tháng đầu năm {y}", $"{Months[0]} to {Months[period.LastMonth - 1]} {y}"),
            _ => new($"Tháng {period.FirstMonth} đến tháng {period.LastMonth} năm {y}", $"{Months[period.FirstMonth - 1]} to {Months[period.LastMonth - 1]} {y}"),
        };
    }
}
