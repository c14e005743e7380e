using FastEndpoints;
using Indicators.Api.Infrastructure.Database;
using Indicators.Api.Infrastructure.Http;
using Indicators.Api.Infrastructure.OpenApi;
using Indicators.Api.Kernel;
using Indicators.Api.Kernel.Catalogue;

namespace Indicators.Api.Features.OrgUnits.Get;

internal sealed class GetOrgUnitRequest
{
    /// <summary>The org unit's code (case-sensitive).</summary>
    /// <example>TQ</example>
    public string Code { get; set; } = "";
}

internal sealed class GetOrgUnitEndpoint(Db db) : Endpoint<GetOrgUnitRequest, OrgUnitResponse>
{
    public override void Configure()
    {
        Get("/api/v1/org-units/{code}");
        Roles(Infrastructure.Auth.Roles.Readers);
        Description(b => b.Produces<OrgUnitResponse>(200).Problems(404).AuthProblems());
        Summary(s =>
        {
            s.Summary = "Get one org unit";
            s.Description = "One org unit by its code, including units no longer valid (their history stays readable).";
        });
        Tags("Catalogue");
    }

    public override async Task HandleAsync(GetOrgUnitRequest r, CancellationToken ct)
    {
        await using var c = await db.OpenAsync(ct);
        var row = await CatalogueData.OrgUnitAsync(db, c, r.Code);
        if (row is null)
        {
            await Send.ResultAsync(ProblemResult.NotFound($"There is no org unit {Domain.Echo.Quote(r.Code)}."));
            return;
        }
        await Send.OkAsync(row.ToResponse(), ct);
    }
}
