using FastEndpoints;
using Indicators.Api.Infrastructure.Database;
using Indicators.Api.Infrastructure.OpenApi;
using Indicators.Api.Kernel;
using Indicators.Api.Kernel.Catalogue;

namespace Indicators.Api.Features.Indicators.Put;

internal sealed class PutIndicatorEndpoint(IndicatorWriter writer, Db db) : Endpoint<PutIndicatorRequest, IndicatorResponse>
{
    public override void Configure()
    {
        Put("/api/v1/indicators/{code}");
        Roles(Infrastructure.Auth.Roles.Admin);
        Description(b => b.Produces<IndicatorResponse>(200).Produces<IndicatorResponse>(201).Problems(400, 415).AuthProblems()
            .ResponseHeader(201, "Location", "The new indicator's address.", "/api/v1/indicators/INDUSTRIAL_OUTPUT"));
        Summary(s =>
        {
            s.Summary = "Create or update an indicator";
            s.Description = "Admin only. Creates the indicator (201 with Location) or replaces its fields (200). The responsible unit must be a department.";
            s.Responses[200] = "Updated (or unchanged): the indicator as stored.";
            s.Responses[201] = "Created: the indicator as stored.";
            s.ExampleRequest = new PutIndicatorRequest
            {
                Code = "INDUSTRIAL_OUTPUT",
                Name = new LocalizedText { Vi = "Giá trị sản xuất công nghiệp", En = "Industrial production value" },
                Unit = new LocalizedText { Vi = "tỷ đồng", En = "billion VND" },
                Measure = "flow",
                Direction = "increase",
                Decimals = 1,
                Min = 0,
                Category = "economy",
                ResponsibleUnit = "TQ-SCT",
            };
        });
        Tags("Catalogue");
    }

    public override async Task HandleAsync(PutIndicatorRequest r, CancellationToken ct)
    {
        var result = await writer.ValidateAndSaveAsync(r, ct);
        ValidationFailures.AddRange(Infrastructure.Http.Problems.Failures(result.Errors));
        ThrowIfAnyErrors();
        await using var c = await db.OpenAsync(ct);
        var saved = (await CatalogueData.IndicatorAsync(db, c, r.Code))!.ToResponse();
        if (result.Created)
        {
            HttpContext.Response.Headers.Location = $"/api/v1/indicators/{Uri.EscapeDataString(r.Code)}";
            await Send.ResponseAsync(saved, 201, ct);
            return;
        }
        await Send.OkAsync(saved, ct);
    }
}
