using Dapper;
using FastEndpoints;
using Indicators.Api.Infrastructure.Database;
using Indicators.Api.Infrastructure.Http;
using Indicators.Api.Infrastructure.OpenApi;

namespace Indicators.Api.Features.Locks.List;

public sealed class ListLocksRequest : IPagedRequest
{
    /// <summary>Page number, from 1.</summary>
    [QueryParam]
    public int Page { get; set; } = 1;

    /// <summary>Items per page, 1 to 1000.</summary>
    [QueryParam]
    public int PageSize { get; set; } = Paging.DefaultPageSize;
}

public sealed class ListLocksValidator : Validator<ListLocksRequest>
{
    public ListLocksValidator() => this.AddPagingRules();
}

public sealed class ListLocksEndpoint(Db db) : Endpoint<ListLocksRequest, Paged<LockResponse>>
{
    public override void Configure()
    {
        Get("/api/v1/locks");
        Roles(Infrastructure.Auth.Roles.Readers);
        Description(b => b.Produces<Paged<LockResponse>>(200).Problems(400).AuthProblems());
        Summary(s =>
        {
            s.Summary = "List period locks";
            s.Description = "Every locked period in time order; orgUnit null means locked for every unit. Any API key may read it.";
        });
        Tags("Locks");
    }

    public override async Task HandleAsync(ListLocksRequest r, CancellationToken ct)
    {
        await using var c = await db.OpenAsync(ct);
        var total = await c.ExecuteScalarAsync<int>("SELECT COUNT(*) FROM period_locks");
        var rows = await c.QueryAsync<LockRow>(
            $"SELECT {LockData.Columns} FROM period_locks ORDER BY year, first_month, last_month, org_unit {db.PageClause}",
            new { Offset = r.Offset(), r.PageSize });
        await Send.OkAsync(new Paged<LockResponse>(rows.Select(l => l.ToResponse()).ToList(), r.Page, r.PageSize, total), ct);
    }
}
