using Dapper;
using FastEndpoints;
using Indicators.Api.Infrastructure.Database;
using Indicators.Api.Infrastructure.Http;
using Indicators.Api.Infrastructure.OpenApi;

namespace Indicators.Api.Features.Indicators.List;

public sealed class ListIndicatorsRequest : IPagedRequest
{
    /// <summary>Only indicators of this category.</summary>
    [QueryParam]
    public string? Category { get; set; }

    /// <summary>Page number, from 1.</summary>
    [QueryParam]
    public int Page { get; set; } = 1;

    /// <summary>Items per page, 1 to 1000.</summary>
    [QueryParam]
    public int PageSize { get; set; } = Paging.DefaultPageSize;
}

public sealed class ListIndicatorsValidator : Validator<ListIndicatorsRequest>
{
    public ListIndicatorsValidator() => this.AddPagingRules();
}

public sealed class ListIndicatorsEndpoint(Db db) : Endpoint<ListIndicatorsRequest, Paged<IndicatorResponse>>
{
    public override void Configure()
    {
        Get("/api/v1/indicators");
        Roles(Infrastructure.Auth.Roles.Readers);
        Description(b => b.Produces<Paged<IndicatorResponse>>(200).Problems(400).AuthProblems());
        Summary(s =>
        {
            s.Summary = "List indicators";
            s.Description = "The catalogue of indicators, ordered by code, optionally filtered by category.";
        });
        Tags("Catalogue");
    }

    public override async Task HandleAsync(ListIndicatorsRequest r, CancellationToken ct)
    {
        await using var c = await db.OpenAsync(ct);
        const string where = "WHERE (@Category IS NULL OR category = @Category)";
        var args = new { r.Category, Offset = r.Offset(), r.PageSize };
        var total = await c.ExecuteScalarAsync<int>($"SELECT COUNT(*) FROM indicators {where}", args);
        var rows = await c.QueryAsync<IndicatorRow>($"SELECT {IndicatorData.Columns} FROM indicators {where} ORDER BY code {db.PageClause}", args);
        await Send.OkAsync(new Paged<IndicatorResponse>(rows.Select(x => x.ToResponse()).ToList(), r.Page, r.PageSize, total), ct);
    }
}
