using Dapper;
using FastEndpoints;
using Indicators.Api.Domain;
using Indicators.Api.Infrastructure.Database;
using Indicators.Api.Infrastructure.Http;
using Indicators.Api.Infrastructure.OpenApi;
using Indicators.Api.Kernel.Queries;
using Indicators.Api.Kernel.Reporting;

namespace Indicators.Api.Features.Schedules.List;

internal sealed class ListSchedulesRequest : IPagedRequest
{
    /// <summary>Only schedules of this frequency: month, quarter, half, nine-months or year.</summary>
    /// <example>half</example>
    [QueryParam]
    public string? Frequency { get; set; }

    /// <summary>Page number, from 1.</summary>
    [QueryParam]
    public int Page { get; set; } = 1;

    /// <summary>Items per page, 1 to 1000.</summary>
    [QueryParam]
    public int PageSize { get; set; } = Paging.DefaultPageSize;
}

internal sealed class ListSchedulesValidator : Validator<ListSchedulesRequest>
{
    public ListSchedulesValidator()
    {
        this.AddPagingRules();
        RuleFor(x => x.Frequency).MustBeA<ListSchedulesRequest, Frequency>("frequency");
    }
}

/// <summary>The filter of Count.sql and Items.sql (null: not given) and the page.</summary>
internal sealed record ScheduleListArgs(string? Frequency, int Offset, int PageSize);

internal sealed class ListSchedulesEndpoint(Db db) : Endpoint<ListSchedulesRequest, Paged<ScheduleResponse>>
{
    private static readonly SqlFile<ScheduleListArgs> CountFile = new("Features.Schedules.List.Count");
    private static readonly SqlFile<ScheduleListArgs> ItemsFile = new("Features.Schedules.List.Items");

    public override void Configure()
    {
        Get("/api/v1/schedules");
        Roles(Infrastructure.Auth.Roles.Readers);
        Description(b => b.Produces<Paged<ScheduleResponse>>(200).Problems(400).AuthProblems());
        Summary(s =>
        {
            s.Summary = "List reporting schedules";
            s.Description = "Every schedule, ordered by code, with its indicators and reporters; optionally only those of one frequency. Any key reads it.";
        });
        Tags("Reporting cycle");
    }

    public override async Task HandleAsync(ListSchedulesRequest r, CancellationToken ct)
    {
        await using var c = await db.OpenAsync(ct);
        var args = new ScheduleListArgs(QueryRules.Given(r.Frequency), r.Offset(), r.PageSize);
        var total = await c.ExecuteScalarAsync<int>(db.Command(CountFile, args));
        var rows = (await c.QueryAsync<ScheduleRow>(db.Command(ItemsFile, args))).ToList();
        var schedules = await ScheduleData.WithMembersAsync(db, c, rows);
        await Send.OkAsync(new Paged<ScheduleResponse>(schedules.Select(s => s.ToResponse()).ToList(), r.Page, r.PageSize, total), ct);
    }
}
