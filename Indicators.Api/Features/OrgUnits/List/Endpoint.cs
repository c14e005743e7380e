using Dapper;
using FastEndpoints;
using FluentValidation;
using Indicators.Api.Infrastructure.Auth;
using Indicators.Api.Infrastructure.Database;
using Indicators.Api.Infrastructure.Http;
using Indicators.Api.Infrastructure.OpenApi;
using Indicators.Api.Kernel;
using Indicators.Api.Kernel.Catalogue;

namespace Indicators.Api.Features.OrgUnits.List;

internal sealed class ListOrgUnitsRequest : IPagedRequest
{
    /// <summary>Only units of this kind (province, district, city, department, board).</summary>
    [QueryParam]
    public string? Kind { get; set; }

    /// <summary>Only the direct children of this unit.</summary>
    [QueryParam]
    public string? Parent { get; set; }

    /// <summary>Page number, from 1.</summary>
    [QueryParam]
    public int Page { get; set; } = 1;

    /// <summary>Items per page, 1 to 1000.</summary>
    [QueryParam]
    public int PageSize { get; set; } = Paging.DefaultPageSize;
}

internal sealed class ListOrgUnitsValidator : Validator<ListOrgUnitsRequest>
{
    public ListOrgUnitsValidator()
    {
        this.AddPagingRules();
        RuleFor(x => x.Kind).Must(k => k is null || OrgUnitKinds.All.Contains(k)).WithMessage("kind must be one of province, district, city, department, board.");
        RuleFor(x => x.Parent).Must(p => p is null || Amounts.OrgUnitCode().IsMatch(p)).WithMessage("parent must be an org unit code.");
    }
}

/// <summary>The filters of Count.sql and Items.sql (null: not given) and the page.</summary>
internal sealed record OrgUnitListArgs(string? Kind, string? Parent, int Offset, int PageSize);

internal sealed class ListOrgUnitsEndpoint(Db db) : Endpoint<ListOrgUnitsRequest, Paged<OrgUnitResponse>>
{
    private static readonly SqlFile<OrgUnitListArgs> CountFile = new("Features.OrgUnits.List.Count");
    private static readonly SqlFile<OrgUnitListArgs> ItemsFile = new("Features.OrgUnits.List.Items");

    public override void Configure()
    {
        Get("/api/v1/org-units");
        Roles(Infrastructure.Auth.Roles.Readers);
        Description(b => b.Produces<Paged<OrgUnitResponse>>(200).Problems(400).AuthProblems());
        Summary(s =>
        {
            s.Summary = "List org units";
            s.Description = "The catalogue of org units, ordered by code, optionally filtered by kind or parent. Any API key may read it.";
        });
        Tags("Catalogue");
    }

    public override async Task HandleAsync(ListOrgUnitsRequest r, CancellationToken ct)
    {
        await using var c = await db.OpenAsync(ct);
        var args = new OrgUnitListArgs(r.Kind, r.Parent, r.Offset(), r.PageSize);
        var total = await c.ExecuteScalarAsync<int>(db.Command(CountFile, args));
        var rows = await c.QueryAsync<OrgUnitRow>(db.Command(ItemsFile, args));
        await Send.OkAsync(new Paged<OrgUnitResponse>(rows.Select(x => x.ToResponse()).ToList(), r.Page, r.PageSize, total), ct);
    }
}
