using Dapper;
using FastEndpoints;
using FluentValidation;
using Indicators.Api.Infrastructure.Auth;
using Indicators.Api.Infrastructure.Database;
using Indicators.Api.Infrastructure.Http;
using Indicators.Api.Infrastructure.OpenApi;

namespace Indicators.Api.Features.OrgUnits.List;

public sealed class ListOrgUnitsRequest : IPagedRequest
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

public sealed class ListOrgUnitsValidator : Validator<ListOrgUnitsRequest>
{
    public ListOrgUnitsValidator()
    {
        this.AddPagingRules();
        RuleFor(x => x.Kind).Must(k => k is null || OrgUnitKinds.All.Contains(k)).WithMessage("kind must be one of province, district, city, department, board.");
        RuleFor(x => x.Parent).Must(p => p is null || Amounts.OrgUnitCode().IsMatch(p)).WithMessage("parent must be an org unit code.");
    }
}

public sealed class ListOrgUnitsEndpoint(Db db) : Endpoint<ListOrgUnitsRequest, Paged<OrgUnitResponse>>
{
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
        const string where = "WHERE (@Kind IS NULL OR kind = @Kind) AND (@Parent IS NULL OR parent_code = @Parent)";
        var args = new { r.Kind, r.Parent, Offset = r.Offset(), r.PageSize };
        var total = await c.ExecuteScalarAsync<int>($"SELECT COUNT(*) FROM org_units {where}", args);
        var rows = await c.QueryAsync<OrgUnitRow>(
            $"SELECT {OrgUnitData.Columns} FROM org_units {where} ORDER BY code {db.PageClause}",
            args);
        await Send.OkAsync(new Paged<OrgUnitResponse>(rows.Select(x => x.ToResponse()).ToList(), r.Page, r.PageSize, total), ct);
    }
}
