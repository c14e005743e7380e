using FastEndpoints;
using Indicators.Api.Domain;
using Indicators.Api.Infrastructure.Auth;
using Indicators.Api.Infrastructure.Http;
using Indicators.Api.Infrastructure.OpenApi;

namespace Indicators.Api.Features.Approvals.Delete;

internal sealed class ReopenReportEndpoint(ApprovalWriter approvals) : ReportActionEndpoint<object>
{
    public override void Configure()
    {
        Delete("/api/v1/approvals/{schedule}/{period}/{orgUnit}");
        Roles(Infrastructure.Auth.Roles.Admin);
        Description(b => b.Produces(204).Problems(400, 404).AuthProblems());
        Summary(s =>
        {
            s.Summary = "Reopen an approved report";
            s.Description =
                "Admin only. The report's figures may change again (SPEC \"Approval\"). 204 when reopened, 404 when the report is not " +
                "approved (or the schedule does not exist). The reopening is kept in GET /api/v1/approvals beside the approval.";
            s.Responses[204] = "Reopened: its values accept batches again.";
            s.Responses[400] = "The period is not a period code, or not one of the schedule's.";
            s.Responses[404] = "The report is not approved, or there is no such schedule.";
            s.Params["schedule"] = "The schedule's code.";
            s.Params["period"] = "A period of the schedule's frequency, e.g. 2020-S1.";
            s.Params["orgUnit"] = "The reporter's org unit code.";
        });
        Tags("Reporting cycle");
    }

    public override async Task HandleAsync(ReportRouteRequest r, CancellationToken ct)
    {
        if (await ActAsync(caller => approvals.ReopenAsync(r, caller, ct)) is not null)
        {
            await Send.NoContentAsync(ct);
        }
    }
}
