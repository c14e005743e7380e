using FastEndpoints;
using Indicators.Api.Features.Batches;
using Indicators.Api.Infrastructure.Auth;
using Indicators.Api.Infrastructure.Database;
using Indicators.Api.Infrastructure.Http;
using Indicators.Api.Infrastructure.OpenApi;

namespace Indicators.Api.Features.Submissions.Get;

public sealed class GetSubmissionRequest
{
    /// <summary>The receipt id from the Location of a submission.</summary>
    /// <example>01980f3c-6a2b-7c41-9a8e-2f1d5b7c9e10</example>
    public string Id { get; set; } = "";
}

public sealed class GetSubmissionEndpoint(Db db) : Endpoint<GetSubmissionRequest, SubmissionReceipt>
{
    public override void Configure()
    {
        Get("/api/v1/submissions/{id}");
        Roles(Infrastructure.Auth.Roles.Writers);
        Description(b => b.Produces<SubmissionReceipt>(200).Problems(404).AuthProblems());
        Summary(s =>
        {
            s.Summary = "Read a submission receipt";
            s.Description = "The receipt of a values (POST /api/v1/submissions) or targets (PUT /api/v1/targets) batch. A submitter sees only " +
                            "the receipts made with keys of its own org unit (others are 404); an admin sees all; a reader none (403).";
        });
        Tags("Submissions");
    }

    public override async Task HandleAsync(GetSubmissionRequest r, CancellationToken ct)
    {
        var caller = Caller.From(User);
        await using var c = await db.OpenAsync(ct);
        var row = await ReceiptData.FindAsync(c, r.Id);
        // Another unit's receipt is answered like a missing one: its existence is not the caller's business.
        if (row is null || (!caller.IsAdmin && row.OrgUnit != caller.OrgUnit))
        {
            await Send.ResultAsync(ProblemResult.NotFound($"There is no submission receipt {Domain.Echo.Quote(r.Id)} for this API key's org unit."));
            return;
        }
        await Send.OkAsync(row.ToReceipt(), ct);
    }
}
