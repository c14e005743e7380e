namespace Indicators.Api.Features.Approvals;

/// <summary>A report: the schedule, the period and the reporter, from the route.</summary>
internal sealed class ReportRouteRequest
{
    /// <summary>The schedule's code.</summary>
    /// <example>SOCIO_ECONOMIC_HALF_YEAR</example>
    public string Schedule { get; set; } = "";

    /// <summary>A period of the schedule's frequency (canonicalised: 2020-M01..M06 is 2020-S1).</summary>
    /// <example>2020-S1</example>
    public string Period { get; set; } = "";

    /// <summary>The reporter's org unit code.</summary>
    /// <example>TQ-SCT</example>
    public string OrgUnit { get; set; } = "";
}

/// <summary>An approved report: its figures cannot change until an admin reopens it.</summary>
internal sealed class ApprovalResponse
{
    /// <example>SOCIO_ECONOMIC_HALF_YEAR</example>
    public string Schedule { get; set; } = "";

    /// <example>2020-S1</example>
    public string Period { get; set; } = "";

    /// <summary>The reporter.</summary>
    /// <example>TQ-SCT</example>
    public string OrgUnit { get; set; } = "";

    public DateTimeOffset ApprovedAt { get; set; }

    /// <summary>The name of the admin key that approved it.</summary>
    /// <example>planning office</example>
    public string ApprovedBy { get; set; } = "";
}

/// <summary>A stored approval (table <c>approvals</c>), and the key of Find.sql, Reopen.sql.</summary>
internal sealed record ApprovalRecord
{
    public string Schedule { get; init; } = "";
    public string Period { get; init; } = "";
    public string OrgUnit { get; init; } = "";
    public DateTimeOffset ApprovedAt { get; init; }
    public string ApprovedBy { get; init; } = "";

    public ApprovalResponse ToResponse() => new()
    {
        Schedule = Schedule, Period = Period, OrgUnit = OrgUnit, ApprovedAt = ApprovedAt, ApprovedBy = ApprovedBy,
    };
}
