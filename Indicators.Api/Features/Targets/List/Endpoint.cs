using System.Globalization;
using Dapper;
using FastEndpoints;
using Indicators.Api.Domain;
using Indicators.Api.Infrastructure.Database;
using Indicators.Api.Infrastructure.Http;
using Indicators.Api.Infrastructure.OpenApi;

namespace Indicators.Api.Features.Targets.List;

public sealed class ListTargetsEndpoint(Db db) : Endpoint<ListTargetsRequest, Paged<TargetItem>>
{
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
        ValidationFailures.AddRange(await CatalogueCodes.UnknownAsync(c, r.Indicator, r.OrgUnit));
        ThrowIfAnyErrors();

        var where = new SqlWhere()
            .And(!string.IsNullOrEmpty(r.Indicator), "indicator = @Indicator")
            .And(!string.IsNullOrEmpty(r.OrgUnit), "org_unit = @OrgUnit")
            .And(period is not null, "year = @PeriodYear AND first_month = @FirstMonth AND last_month = @LastMonth")
            .And(r.Year is not null, "year = @Year")
            .And(!string.IsNullOrEmpty(r.Kind), "kind = @Kind");
        var args = new
        {
            r.Indicator,
            r.OrgUnit,
            PeriodYear = period?.Year,
            period?.FirstMonth,
            period?.LastMonth,
            r.Year,
            r.Kind,
            Offset = r.Offset(),
            r.PageSize,
        };
        var total = await c.ExecuteScalarAsync<int>(where.In("SELECT COUNT(*) FROM targets /**where**/"), args);
        var rows = await c.QueryAsync<TargetListRow>(where.In(db.Sql("Features.Targets.List.Items")) + "\n" + db.PageClause, args);
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
