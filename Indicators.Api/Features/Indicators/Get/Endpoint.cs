using FastEndpoints;
using Indicators.Api.Infrastructure.Database;
using Indicators.Api.Infrastructure.Http;
using Indicators.Api.Infrastructure.OpenApi;
using Indicators.Api.Kernel;
using Indicators.Api.Kernel.Catalogue;

namespace Indicators.Api.Features.Indicators.Get;

internal sealed class GetIndicatorRequest
{
    /// <summary>The indicator's code (case-sensitive).</summary>
    /// <example>INDUSTRIAL_OUTPUT</example>
    public string Code { get; set; } = "";
}

internal sealed class GetIndicatorEndpoint(Db db) : Endpoint<GetIndicatorRequest, IndicatorResponse>
{
    public override void Configure()
    {
        Get("/api/v1/indicators/{code}");
        Roles(Infrastructure.Auth.Roles.Readers);
        Description(b => b.Produces<IndicatorResponse>(200).Problems(404).AuthProblems());
        Summary(s =>
        {
            s.Summary = "Get one indicator";
            s.Description = "One indicator by its code: measure, unit, direction, decimals, limits and the responsible department.";
        });
        Tags("Catalogue");
    }

    public override async Task HandleAsync(GetIndicatorRequest r, CancellationToken ct)
    {
        await using var c = await db.OpenAsync(ct);
        var row = await CatalogueData.IndicatorAsync(db, c, r.Code);
        if (row is null)
        {
            await Send.ResultAsync(ProblemResult.NotFound($"There is no indicator {Domain.Echo.Quote(r.Code)}."));
            return;
        }
        await Send.OkAsync(row.ToResponse(), ct);
    }
}
