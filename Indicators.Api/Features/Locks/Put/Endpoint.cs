using FastEndpoints;
using Indicators.Api.Infrastructure.Auth;
using Indicators.Api.Infrastructure.OpenApi;

namespace Indicators.Api.Features.Locks.Put;

internal sealed class PutLockEndpoint(LockWriter locks) : Endpoint<LockRequest, LockResponse>
{
    public override void Configure()
    {
        Put("/api/v1/locks/{period}");
        Roles(Infrastructure.Auth.Roles.Admin);
        Description(b => b.Produces<LockResponse>(201).Produces<LockResponse>(200).Problems(400).AuthProblems());
        Summary(s =>
        {
            s.Summary = "Lock a period";
            s.Description = "Admin only. From now on, values whose period shares a month with the locked one are refused with 409 " +
                            "(urn:indicators:problem:period-locked) unless an admin writes them — for every org unit, or only for ?orgUnit=. " +
                            "201 when the lock is new, 200 when it existed. Targets are not affected.";
            s.Responses[200] = "The lock already existed; it is unchanged.";
            s.Responses[201] = "The period is now locked.";
            s.Params["period"] = "A period code; canonicalised (2020-M01..M06 is 2020-S1).";
        });
        Tags("Locks");
    }

    public override async Task HandleAsync(LockRequest r, CancellationToken ct)
    {
        var (target, errors) = await locks.ResolveAsync(r, ct);
        ValidationFailures.AddRange(Infrastructure.Http.Problems.Failures(errors));
        ThrowIfAnyErrors();
        var (created, row) = await locks.LockAsync(target!, Caller.From(User).KeyName, ct);
        await Send.ResponseAsync(row.ToResponse(), created ? 201 : 200, ct);
    }
}
