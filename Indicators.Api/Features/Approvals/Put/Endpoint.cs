using FastEndpoints;
using Indicators.Api.Domain;
using Indicators.Api.Infrastructure.Auth;
using Indicators.Api.Infrastructure.Http;
using Indicators.Api.Infrastructure.OpenApi;

namespace Indicators.Api.Features.Approvals.Put;

internal sealed class ApproveReportEndpoint(ApprovalWriter approvals) : ReportActionEndpoint<ApprovalResponse>
{
    public override void Configure()
    {
        Put("/api/v1/approvals/{schedule}/{period}/{orgUnit}");
        Roles(Infrastructure.Auth.Roles.Admin);
        Description(b => b.Produces<ApprovalResponse>(201).Produces<ApprovalResponse>(200).Problems(400, 404, 409).AuthProblems());
        Summary(s =>
        {
            s.Summary = "Approve a complete report";
            s.Description =
                "Admin only (the planning office accepts a report; DHIS2: data approval). The report is the reporter's expected values " +
                "for the schedule's period; it must be complete, else 409 report-incomplete with errors.missing listing the values " +
                "without one. From then on every batch with an item on one of those values is refused whole with 409 report-approved, " +
                "for every caller, admins included, until the report is reopened (DELETE on this route). A batch that commits before " +
                "the approval is in the approved figures; one after it is refused — approval and submissions never interleave. " +
                "201 when approved now, 200 (unchanged) when it was approved already. Every approval is kept in GET /api/v1/approvals.";
            s.Responses[200] = "The report was approved already: nothing changed.";
            s.Responses[201] = "The report is approved: its figures are frozen.";
            s.Responses[400] = "The period is not a period code, or not one of the schedule's (another frequency, outside its validity).";
            s.Responses[404] = "There is no such schedule, or the org unit has no report on it for the period.";
            s.Responses[409] = "The report is not complete (report-incomplete): errors.missing lists the values without one.";
            s.ResponseExamples[409] = Problems.Example(ProblemTypes.ReportIncomplete, "/api/v1/approvals/SOCIO_ECONOMIC_HALF_YEAR/2020-S1/TQ-SD",
                "The report of TQ-SD on SOCIO_ECONOMIC_HALF_YEAR for 2020-S1 is not complete: 5 of 8 expected values have no value (GRDP_GROWTH of TQ-SD, " +
                "EXPORT_VALUE of TQ-SD, TOURIST_ARRIVALS of TQ-SD, INVESTMENT_PROJECTS of TQ-SD, INVESTMENT_CAPITAL of TQ-SD). Only a complete report can be approved.",
                new Dictionary<string, string[]>
                {
                    ["missing"] = ["GRDP_GROWTH of TQ-SD", "EXPORT_VALUE of TQ-SD", "TOURIST_ARRIVALS of TQ-SD", "INVESTMENT_PROJECTS of TQ-SD", "INVESTMENT_CAPITAL of TQ-SD"],
                });
            s.Params["schedule"] = "The schedule's code.";
            s.Params["period"] = "A period of the schedule's frequency, e.g. 2020-S1.";
            s.Params["orgUnit"] = "The reporter's org unit code.";
        });
        Tags("Reporting cycle");
    }

    public override async Task HandleAsync(ReportRouteRequest r, CancellationToken ct)
    {
        if (await ActAsync(caller => approvals.ApproveAsync(r, caller, ct)) is { } result)
        {
            await Send.ResponseAsync(result.Approval!.ToResponse(), result.Outcome == ApprovalResult.Kind.Approved ? 201 : 200, ct);
        }
    }
}
