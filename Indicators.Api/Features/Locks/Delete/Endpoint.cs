using FastEndpoints;
using Indicators.Api.Infrastructure.Http;
using Indicators.Api.Infrastructure.OpenApi;

namespace Indicators.Api.Features.Locks.Delete;

internal sealed class DeleteLockEndpoint(LockWriter locks) : Endpoint<LockRequest>
{
    public override void Configure()
    {
        Delete("/api/v1/locks/{period}");
        Roles(Infrastructure.Auth.Roles.Admin);
        Description(b => b.Produces(204).Problems(400, 404).AuthProblems());
        Summary(s =>
        {
            s.Summary = "Unlock a period";
            s.Description = "Admin only. Removes the lock of the period for every unit, or with ?orgUnit= the lock of that unit only. " +
                            "204 when removed, 404 when there was no such lock.";
            s.Responses[204] = "The lock is removed.";
            s.Responses[404] = "The period is not locked (for that unit).";
            s.Params["period"] = "A period code; canonicalised (2020-M01..M06 is 2020-S1).";
        });
        Tags("Locks");
    }

    public override async Task HandleAsync(LockRequest r, CancellationToken ct)
    {
        var (target, errors) = await locks.ResolveAsync(r, ct);
        ValidationFailures.AddRange(Infrastructure.Http.Problems.Failures(errors));
        ThrowIfAnyErrors();
        if (await locks.UnlockAsync(target!, ct))
        {
            await Send.NoContentAsync(ct);
            return;
        }
        var whom = target!.OrgUnit.Length == 0 ? "every unit" : target.OrgUnit;
        await Send.ResultAsync(ProblemResult.NotFound($"{target.Period.Code} is not locked for {whom}."));
    }
}
