using Dapper;
using FastEndpoints;
using Indicators.Api.Infrastructure.Database;
using Indicators.Api.Infrastructure.Http;
using Indicators.Api.Infrastructure.OpenApi;
using Indicators.Api.Kernel.Locks;

namespace Indicators.Api.Features.Locks.List;

internal sealed class ListLocksRequest : IPagedRequest
{
    /// <summary>Page number, from 1.</summary>
    [QueryParam]
    public int Page { get; set; } = 1;

    /// <summary>Items per page, 1 to 1000.</summary>
    [QueryParam]
    public int PageSize { get; set; } = Paging.DefaultPageSize;
}

internal sealed class ListLocksValidator : Validator<ListLocksRequest>
{
    public ListLocksValidator() => this.AddPagingRules();
}

/// <summary>The page of Count.sql and Items.sql.</summary>
internal sealed record PageArgs(int Offset, int PageSize);

internal sealed class ListLocksEndpoint(Db db) : Endpoint<ListLocksRequest, Paged<LockResponse>>
{
    private static readonly SqlFile<PageArgs> CountFile = new("Features.Locks.List.Count");
    private static readonly SqlFile<PageArgs> ItemsFile = new("Features.Locks.List.Items");

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
        var page = new PageArgs(r.Offset(), r.PageSize);
        var total = await c.ExecuteScalarAsync<int>(db.Command(CountFile, page));
        var rows = await c.QueryAsync<LockRow>(db.Command(ItemsFile, page));
        await Send.OkAsync(new Paged<LockResponse>(rows.Select(l => l.ToResponse()).ToList(), r.Page, r.PageSize, total), ct);
    }
}
