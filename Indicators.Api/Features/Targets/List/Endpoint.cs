using System.Globalization;
using Dapper;
using FastEndpoints;
using Indicators.Api.Domain;
using Indicators.Api.Infrastructure.Database;
using Indicators.Api.Infrastructure.Http;
using Indicators.Api.Infrastructure.OpenApi;
using Indicators.Api.Kernel.Catalogue;
using static Indicators.Api.Kernel.Queries.QueryRules;

namespace Indicators.Api.Features.Targets.List;

/// <summary>The filters of Count.sql and Items.sql (null: not given) and the page.</summary>
internal sealed record TargetListArgs(
    string? Indicator, string? OrgUnit, int? PeriodYear, int? FirstMonth, int? LastMonth, int? Year, string? Kind, int Offset, int PageSize);

internal sealed class ListTargetsEndpoint(Db db) : Endpoint<ListTargetsRequest, Paged<TargetItem>>
{
    private static readonly SqlFile<TargetListArgs> CountFile = new("Features.Targets.List.Count");
    private static readonly SqlFile<TargetListArgs> ItemsFile = new("Features.Targets.List.Items");

    public override void Configure()
    {
        Get("/api/v1/targets");
        Roles(Infrastructure.Auth.Roles.Readers);
        Description(b => b.Produces<Paged<TargetItem>>(200, "application/json", Csv.MediaType).Problems(400).AuthProblems());
        Summary(s =>
        {
            s.Summary = "List current targets";
            s.Description =
                "The current revision of every target, optionally filtered by indicator, orgUnit, period (canonicalised), year and kind; " +
                "ordered by indicator, org unit, year, first month, last month, kind; paged with the total. CSV with format=csv or " +
                "Accept: text/csv (the requested page).";
        });
        Tags("Targets");
    }

    public override async Task HandleAsync(ListTargetsRequest r, CancellationToken ct)
    {
        Period? period = string.IsNullOrEmpty(r.Period) ? null : Period.Parse(r.Period);
        await using var c = await db.OpenAsync(ct);
        ValidationFailures.AddRange(await CatalogueCodes.UnknownAsync(db, c, r.Indicator, r.OrgUnit));
        ThrowIfAnyErrors();

        var args = new TargetListArgs(
            Given(r.Indicator), Given(r.OrgUnit), period?.Year, period?.FirstMonth, period?.LastMonth, r.Year, Given(r.Kind), r.Offset(), r.PageSize);
        var total = await c.ExecuteScalarAsync<int>(db.Command(CountFile, args));
        var rows = await c.QueryAsync<TargetListRow>(db.Command(ItemsFile, args));
        var items = rows.Select(x => x.ToItem()).ToList();

        if (Csv.Requested(HttpContext, r.Format))
        {
            await Send.ResultAsync(Csv.Result(
                ["indicator", "orgUnit", "period", "kind", "value", "comparison", "source", "revision", "updatedAt"],
                items.Select(i => new[]
                {
                    i.Indicator, i.OrgUnit, i.Period, i.Kind, Csv.Number(i.Value), i.Comparison, i.Source,
                    i.Revision.ToString(CultureInfo.InvariantCulture), Csv.Time(i.UpdatedAt),
                }),
                "targets"));
            return;
        }
        await Send.OkAsync(new Paged<TargetItem>(items, r.Page, r.PageSize, total), ct);
    }
}
