using FastEndpoints;
using Indicators.Api.Features.Batches;
using Indicators.Api.Infrastructure.Auth;
using Indicators.Api.Infrastructure.OpenApi;

namespace Indicators.Api.Features.Targets.Put;

public sealed class PutTargetsEndpoint(TargetWriter writer, BatchHttp batches) : Endpoint<PutTargetsRequest, SubmissionReceipt>
{
    public override void Configure()
    {
        Put("/api/v1/targets");
        Roles(Infrastructure.Auth.Roles.Admin);
        RequestBinder(new BodyKeepingBinder<PutTargetsRequest>());
        Description(b => b
            .Produces<SubmissionReceipt>(201)
            .Produces<SubmissionReceipt>(200)
            .Problems(400, 409, 413, 415, 422)
            .AuthProblems());
        Summary(s =>
        {
            s.Summary = "Set a batch of targets";
            s.Description =
                "Admin only. All-or-nothing: 1 to 10,000 targets, each key (indicator, orgUnit, period, kind) once, every error answered at " +
                "once (400, keyed targets[i].field): the indicator and org unit exist, the unit exists on every day of the period (any period, " +
                "future ones included), kind is plan, resolution or commitment, the value has at most the indicator's decimals and is within " +
                "its min and max, comparison is atLeast or atMost (absent: atLeast for increase indicators, atMost for decrease), source is at " +
                "most 500 characters. Each changed key gets a new revision; identical ones count as unchanged. Answers 201 with a receipt " +
                "(kind targets) and its Location; ?dryRun=true checks only (200). Idempotency-Key as for POST /api/v1/submissions.";
            s.ExampleRequest = new PutTargetsRequest
            {
                Targets =
                [
                    new SubmittedTarget { Indicator = "INDUSTRIAL_OUTPUT", OrgUnit = "TQ", Period = "2020", Kind = "plan", Value = 18029m, Comparison = "atLeast", Source = "Kế hoạch phát triển KT-XH năm 2020" },
                ],
            };
            s.Params["dryRun"] = "true: check only, write nothing, answer 200 with the counts.";
        });
        Tags("Targets");
    }

    public override async Task HandleAsync(PutTargetsRequest r, CancellationToken ct)
    {
        var caller = Caller.From(User);
        var exchange = await batches.BeginAsync(HttpContext, caller, r.DryRun, ct);
        if (exchange.Early is { } early)
        {
            await Send.ResultAsync(early);
            return;
        }
        BatchResult result;
        try
        {
            result = await writer.WriteAsync(r, caller, new BatchOptions { DryRun = r.DryRun, BeforeCommit = exchange.BeforeCommit }, ct);
        }
        catch
        {
            await exchange.ReleaseAsync();
            throw;
        }
        if (result.Outcome == BatchOutcome.Written)
        {
            await Send.ResultAsync(exchange.Receipt(result.Receipt!));
            return;
        }
        await exchange.ReleaseAsync();
        ValidationFailures.AddRange(BatchAnswers.Failures(result));
        ThrowIfAnyErrors();
    }
}
