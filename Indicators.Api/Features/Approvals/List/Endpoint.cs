using Dapper;
using FastEndpoints;
using FluentValidation.Results;
using Indicators.Api.Domain;
using Indicators.Api.Infrastructure.Database;
using Indicators.Api.Infrastructure.Http;
using Indicators.Api.Infrastructure.OpenApi;
using Indicators.Api.Kernel.Catalogue;
using Indicators.Api.Kernel.Queries;
using Indicators.Api.Kernel.Reporting;

namespace Indicators.Api.Features.Approvals.List;

internal sealed class ListApprovalsRequest : IPagedRequest
{
    /// <summary>Only this schedule's reports.</summary>
    /// <example>SOCIO_ECONOMIC_HALF_YEAR</example>
    [QueryParam]
    public string? Schedule { get; set; }

    /// <summary>Only this period (canonicalised: 2020-M01..M06 is 2020-S1).</summary>
    /// <example>2020-S1</example>
    [QueryParam]
    public string? Period { get; set; }

    /// <summary>Only this reporter's reports.</summary>
    /// <example>TQ-SCT</example>
    [QueryParam]
    public string? OrgUnit { get; set; }

    /// <summary>Page number, from 1.</summary>
    [QueryParam]
    public int Page { get; set; } = 1;

    /// <summary>Items per page, 1 to 1000.</summary>
    [QueryParam]
    public int PageSize { get; set; } = Paging.DefaultPageSize;
}

internal sealed class ListApprovalsValidator : Validator<ListApprovalsRequest>
{
    public ListApprovalsValidator()
    {
        this.AddPagingRules();
        RuleFor(x => x.Period).MustBeAPeriod(required: false);
    }
}

/// <summary>An approval or a reopening of a report.</summary>
internal sealed class ApprovalEventResponse
{
    /// <example>SOCIO_ECONOMIC_HALF_YEAR</example>
    public string Schedule { get; set; } = "";

    /// <example>2020-S1</example>
    public string Period { get; set; } = "";

    /// <summary>The reporter.</summary>
    /// <example>TQ-SCT</example>
    public string OrgUnit { get; set; } = "";

    /// <summary>approved or reopened.</summary>
    /// <example>approved</example>
    public string Action { get; set; } = "";

    public DateTimeOffset At { get; set; }

    /// <summary>The name of the admin key that acted.</summary>
    /// <example>planning office</example>
    public string By { get; set; } = "";
}

/// <summary>A row of Items.sql.</summary>
internal sealed record ApprovalEventRow
{
    public string Schedule { get; init; } = "";
    public string Period { get; init; } = "";
    public string OrgUnit { get; init; } = "";
    public string Action { get; init; } = "";
    public DateTimeOffset ActedAt { get; init; }
    public string ActedBy { get; init; } = "";
}

/// <summary>The filters of Count.sql and Items.sql (null: not given) and the page.</summary>
internal sealed record ApprovalListArgs(string? Schedule, string? Period, string? OrgUnit, int Offset, int PageSize);

internal sealed class ListApprovalsEndpoint(Db db) : Endpoint<ListApprovalsRequest, Paged<ApprovalEventResponse>>
{
    private static readonly SqlFile<ApprovalListArgs> CountFile = new("Features.Approvals.List.Count");
    private static readonly SqlFile<ApprovalListArgs> ItemsFile = new("Features.Approvals.List.Items");

    public override void Configure()
    {
        Get("/api/v1/approvals");
        Roles(Infrastructure.Auth.Roles.Readers);
        Description(b => b.Produces<Paged<ApprovalEventResponse>>(200).Problems(400).AuthProblems());
        Summary(s =>
        {
            s.Summary = "The history of approvals";
            s.Description =
                "Every approval and reopening of reports, newest first (action approved or reopened, at, by the admin key's name), " +
                "optionally of one schedule, period and reporter; paged. An unknown schedule or org unit is 400 naming it. Any key reads it.";
        });
        Tags("Reporting cycle");
    }

    public override async Task HandleAsync(ListApprovalsRequest r, CancellationToken ct)
    {
        await using var c = await db.OpenAsync(ct);
        var schedule = QueryRules.Given(r.Schedule);
        var orgUnit = QueryRules.Given(r.OrgUnit);
        if (schedule is not null && await ScheduleData.FindAsync(db, c, schedule) is null)
        {
            ValidationFailures.Add(new ValidationFailure("schedule", $"{Echo.Quote(schedule)} is not a schedule."));
        }
        if (orgUnit is not null && await CatalogueData.OrgUnitAsync(db, c, orgUnit) is null)
        {
            ValidationFailures.Add(new ValidationFailure("orgUnit", $"{Echo.Quote(orgUnit)} is not an org unit in the catalogue."));
        }
        ThrowIfAnyErrors();
        var period = string.IsNullOrEmpty(r.Period) ? null : Period.Parse(r.Period).Code;
        var args = new ApprovalListArgs(schedule, period, orgUnit, r.Offset(), r.PageSize);
        var total = await c.ExecuteScalarAsync<int>(db.Command(CountFile, args));
        var rows = await c.QueryAsync<ApprovalEventRow>(db.Command(ItemsFile, args));
        var items = rows.Select(x => new ApprovalEventResponse
        {
            Schedule = x.Schedule, Period = x.Period, OrgUnit = x.OrgUnit, Action = x.Action, At = x.ActedAt, By = x.ActedBy,
        }).ToList();
        await Send.OkAsync(new Paged<ApprovalEventResponse>(items, r.Page, r.PageSize, total), ct);
    }
}
