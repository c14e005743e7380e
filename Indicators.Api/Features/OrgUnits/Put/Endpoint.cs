using FastEndpoints;
using Indicators.Api.Infrastructure.Database;
using Indicators.Api.Infrastructure.OpenApi;
using Indicators.Api.Kernel;
using Indicators.Api.Kernel.Catalogue;

namespace Indicators.Api.Features.OrgUnits.Put;

internal sealed class PutOrgUnitEndpoint(OrgUnitWriter writer, Db db) : Endpoint<PutOrgUnitRequest, OrgUnitResponse>
{
    public override void Configure()
    {
        Put("/api/v1/org-units/{code}");
        Roles(Infrastructure.Auth.Roles.Admin);
        Description(b => b.Produces<OrgUnitResponse>(200).Produces<OrgUnitResponse>(201).Problems(400, 415).AuthProblems()
            .ResponseHeader(201, "Location", "The new org unit's address.", "/api/v1/org-units/TQ-SD"));
        Summary(s =>
        {
            s.Summary = "Create or update an org unit";
            s.Description = "Admin only. Creates the unit (201 with Location) or replaces its fields (200). The parent must exist and may not be " +
                            "below the unit; districts and the city belong to a province. Re-sending the same fields changes nothing.";
            s.Responses[200] = "Updated (or unchanged): the org unit as stored.";
            s.Responses[201] = "Created: the org unit as stored.";
            s.ExampleRequest = new PutOrgUnitRequest
            {
                Code = "TQ-SD",
                Name = new LocalizedText { Vi = "Huyện Sơn Dương", En = "Son Duong District" },
                Kind = "district",
                Parent = "TQ",
                ValidTo = new DateOnly(2025, 6, 30),
            };
        });
        Tags("Catalogue");
    }

    public override async Task HandleAsync(PutOrgUnitRequest r, CancellationToken ct)
    {
        var result = await writer.ValidateAndSaveAsync(r, ct);
        ValidationFailures.AddRange(Infrastructure.Http.Problems.Failures(result.Errors));
        ThrowIfAnyErrors();
        await using var c = await db.OpenAsync(ct);
        var saved = (await CatalogueData.OrgUnitAsync(db, c, r.Code))!.ToResponse();
        if (result.Created)
        {
            HttpContext.Response.Headers.Location = $"/api/v1/org-units/{Uri.EscapeDataString(r.Code)}";
            await Send.ResponseAsync(saved, 201, ct);
            return;
        }
        await Send.OkAsync(saved, ct);
    }
}
