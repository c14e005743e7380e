using Dapper;
using FastEndpoints;
using Indicators.Api.Domain;
using Indicators.Api.Infrastructure.Auth;
using Indicators.Api.Infrastructure.Database;
using Indicators.Api.Infrastructure.Http;
using Indicators.Api.Infrastructure.OpenApi;
using Indicators.Api.Kernel.Batches;

namespace Indicators.Api.Features.Submissions.Get;

internal sealed class GetSubmissionRequest
{
    /// <summary>The receipt id from the Location of a submission.</summary>
    /// <example>01980f3c-6a2b-7c41-9a8e-2f1d5b7c9e10</example>
    public string Id { get; set; } = "";
}

/// <summary>The receipt's id as a query parameter.</summary>
internal sealed record ReceiptKey(string Id);

internal sealed class GetSubmissionEndpoint(Db db) : Endpoint<GetSubmissionRequest, SubmissionReceipt>
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

    private static readonly SqlFile<ReceiptKey> Find = new("Features.Submissions.Get.Find");

    public override async Task HandleAsync(GetSubmissionRequest r, CancellationToken ct)
    {
        var caller = Caller.From(User);
        await using var c = await db.OpenAsync(ct);
        var row = await c.QuerySingleOrDefaultAsync<ReceiptRow>(db.Command(Find, new ReceiptKey(r.Id)));
        // Another unit's receipt is answered like a missing one: its existence is not the caller's business.
        if (row is null || !Rights.Check(caller.AsPrincipal(), new Act.ReadReceipt(row.OrgUnit)).Allowed)
        {
            await Send.ResultAsync(ProblemResult.NotFound($"There is no submission receipt {Domain.Echo.Quote(r.Id)} for this API key's org unit."));
            return;
        }
        await Send.OkAsync(new SubmissionReceipt
        {
            Id = row.Id,
            Kind = row.Kind,
            ReceivedAt = row.ReceivedAt,
            Received = row.Received,
            Created = row.Created,
            Updated = row.Updated,
            Unchanged = row.Unchanged,
        }, ct);
    }
}
