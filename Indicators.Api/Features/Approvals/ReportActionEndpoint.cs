using FastEndpoints;
using Indicators.Api.Domain;
using Indicators.Api.Infrastructure.Auth;
using Indicators.Api.Infrastructure.Http;

namespace Indicators.Api.Features.Approvals;

/// <summary>
/// What approving (Put) and reopening (Delete) a report share: the right to act on a report (<see cref="Rights"/>,
/// <see cref="Act.ApproveReport"/>), then the action, then the answers to an invalid route (400, keyed by the field) or
/// a refusal (404, 409). The slice answers a success its own way.
/// </summary>
internal abstract class ReportActionEndpoint<TResponse> : Endpoint<ReportRouteRequest, TResponse> where TResponse : notnull
{
    /// <summary>The action's result when it succeeded; null when this sent the refusal.</summary>
    protected async Task<ApprovalResult?> ActAsync(Func<Caller, Task<ApprovalResult>> action)
    {
        var caller = Caller.From(User);
        if (Rights.Check(caller.AsPrincipal(), new Act.ApproveReport()) is { Allowed: false } verdict)
        {
            await Send.ResultAsync(new ProblemResult(ProblemTypes.Forbidden, verdict.Reason!));
            return null;
        }
        var result = await action(caller);
        switch (result.Outcome)
        {
            case ApprovalResult.Kind.Invalid:
                ValidationFailures.AddRange(Problems.Failures(result.Invalid!));
                ThrowIfAnyErrors();
                return null;
            case ApprovalResult.Kind.Refused:
                await Send.ResultAsync(result.Problem!);
                return null;
            default:
                return result;
        }
    }
}
