using Indicators.Api.Kernel;
using Indicators.Api.Kernel.Reporting;

namespace Indicators.Api.Features.Schedules;

/// <summary>
/// A reporting schedule (SPEC "Reporting cycle · Schedules"): who reports which indicators, how often, and by when.
/// </summary>
internal sealed class ScheduleResponse
{
    /// <example>SOCIO_ECONOMIC_HALF_YEAR</example>
    public string Code { get; set; } = "";

    public LocalizedText Name { get; set; } = new();

    /// <summary>month, quarter, half, nine-months (2024-M01..M09) or year.</summary>
    /// <example>half</example>
    public string Frequency { get; set; } = "";

    /// <summary>calendar (the last day of the period) or decree-09 (the 14th of the period's last month).</summary>
    /// <example>decree-09</example>
    public string Cutoff { get; set; } = "";

    /// <summary>Days after the cut-off date by which a report is due (0 to 90), on the province's calendar.</summary>
    /// <example>6</example>
    public int DueDays { get; set; }

    /// <summary>The first day the schedule applies; null: no limit.</summary>
    /// <example>2020-01-01</example>
    public DateOnly? ValidFrom { get; set; }

    /// <summary>The last day the schedule applies; null: no limit.</summary>
    /// <example>2020-12-31</example>
    public DateOnly? ValidTo { get; set; }

    /// <summary>Indicator codes, in the schedule's order.</summary>
    public IReadOnlyList<string> Indicators { get; set; } = [];

    /// <summary>Org unit codes of the reporters, in the schedule's order.</summary>
    public IReadOnlyList<string> Reporters { get; set; } = [];

    public DateTimeOffset UpdatedAt { get; set; }
}

internal static class ScheduleResponses
{
    public static ScheduleResponse ToResponse(this Schedule s) => new()
    {
        Code = s.Row.Code,
        Name = new LocalizedText { Vi = s.Row.NameVi, En = s.Row.NameEn },
        Frequency = s.Row.Frequency,
        Cutoff = s.Row.Cutoff,
        DueDays = s.Row.DueDays,
        ValidFrom = s.Row.ValidFrom,
        ValidTo = s.Row.ValidTo,
        Indicators = s.Indicators,
        Reporters = s.Reporters,
        UpdatedAt = s.Row.UpdatedAt,
    };
}
