using Dapper;
using FastEndpoints;
using Indicators.Api.Infrastructure.Database;
using Indicators.Api.Infrastructure.Http;
using Indicators.Api.Infrastructure.OpenApi;
using Indicators.Api.Kernel.Catalogue;

namespace Indicators.Api.Features.Indicators.List;

internal sealed class ListIndicatorsRequest : IPagedRequest
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

internal sealed class ListIndicatorsValidator : Validator<ListIndicatorsRequest>
{
    public ListIndicatorsValidator() => this.AddPagingRules();
}

/// <summary>The filter of Count.sql and Items.sql (null: not given) and the page.</summary>
internal sealed record IndicatorListArgs(string? Category, int Offset, int PageSize);

internal sealed class ListIndicatorsEndpoint(Db db) : Endpoint<ListIndicatorsRequest, Paged<IndicatorResponse>>
{
    private static readonly SqlFile<IndicatorListArgs> CountFile = new("Features.Indicators.List.Count");
    private static readonly SqlFile<IndicatorListArgs> ItemsFile = new("Features.Indicators.List.Items");

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
        var args = new IndicatorListArgs(r.Category, r.Offset(), r.PageSize);
        var total = await c.ExecuteScalarAsync<int>(db.Command(CountFile, args));
        var rows = await c.QueryAsync<IndicatorRow>(db.Command(ItemsFile, args));
        await Send.OkAsync(new Paged<IndicatorResponse>(rows.Select(x => x.ToResponse()).ToList(), r.Page, r.PageSize, total), ct);
    }
}
