using FastEndpoints;
using Indicators.Api.Kernel.Batches;
using Indicators.Api.Infrastructure.Auth;
using Indicators.Api.Infrastructure.Http;
using Indicators.Api.Infrastructure.OpenApi;

namespace Indicators.Api.Features.Targets.Put;

internal sealed class PutTargetsEndpoint(TargetWriter writer, BatchHttp batches) : Endpoint<PutTargetsRequest, SubmissionReceipt>
{
    public override void Configure()
    {
        Put("/api/v1/targets");
        Roles(Infrastructure.Auth.Roles.Admin);
        RequestBinder(new BatchRequestBinder<PutTargetsRequest>());
        Description(b => b.BatchWriteResponses());
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
            s.Responses[200] = "Dry run (?dryRun=true): the counts the batch would produce; nothing was written.";
            s.Responses[201] = "Stored: the receipt, with Location. A retry with the same Idempotency-Key gets this answer again.";
            s.Responses[409] = "A request with the same Idempotency-Key is still running; nothing was stored.";
            s.Responses[422] = "The Idempotency-Key was already used for a different request.";
            s.ResponseExamples[409] = Problems.Example(ProblemTypes.IdempotencyKeyInUse, "/api/v1/targets",
                "A request with this Idempotency-Key is still being processed. Retry later to get its answer.");
            s.ResponseExamples[422] = Problems.Example(ProblemTypes.IdempotencyKeyReused, "/api/v1/targets",
                "This Idempotency-Key was used for a different request (method, address or body). Use a new key for a new request.");
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
