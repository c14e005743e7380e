using Dapper;
using FastEndpoints;
using Indicators.Api.Domain;
using Indicators.Api.Infrastructure.Database;
using Indicators.Api.Infrastructure.Http;
using Indicators.Api.Infrastructure.OpenApi;
using Indicators.Api.Kernel;
using Indicators.Api.Kernel.Catalogue;
using Indicators.Api.Kernel.Sdmx;
using Microsoft.Extensions.Options;
using static Indicators.Api.Kernel.Queries.QueryRules;

namespace Indicators.Api.Features.Values.List;

/// <summary>The filters of Count.sql and Items.sql (null: not given) and the page.</summary>
internal sealed record ValueListArgs(
    string? Indicator, string? OrgUnit, int? PeriodYear, int? FirstMonth, int? LastMonth, int? Year, string? Status, int Offset, int PageSize);

internal sealed class ListValuesEndpoint(Db db, IOptions<SdmxOptions> sdmx, TimeProvider clock) : Endpoint<ListValuesRequest, Paged<ValueItem>>
{
    private static readonly SqlFile<ValueListArgs> CountFile = new("Features.Values.List.Count");
    private static readonly SqlFile<ValueListArgs> ItemsFile = new("Features.Values.List.Items");

    public override void Configure()
    {
        Get("/api/v1/values");
        Roles(Infrastructure.Auth.Roles.Readers);
        Description(b => b.Produces<Paged<ValueItem>>(200, "application/json", Csv.MediaType, SdmxMedia.CsvVersioned, SdmxMedia.JsonVersioned)
            .Problems(400, 406).AuthProblems());
        Summary(s =>
        {
            s.Summary = "List current actual values";
            s.Description =
                "The current revision of every stored actual value, optionally filtered by indicator, orgUnit, period (canonicalised), " +
                "year and status; ordered by indicator, org unit, year, first month, last month; paged with the total. Only stored values: " +
                "derived and rolled-up actuals are in GET /api/v1/plan-vs-actual. CSV with format=csv or Accept: text/csv (the requested page). " +
                "SDMX (the dataflow INDICATOR_VALUES: dimensions INDICATOR, REF_AREA, TIME_PERIOD; attributes OBS_STATUS, UNIT_MEASURE) with " +
                "format=sdmx-csv or Accept: application/vnd.sdmx.data+csv;version=2.0.0 (SDMX-CSV 2.0), format=sdmx-json or Accept: " +
                "application/vnd.sdmx.data+json;version=2.0.0 (SDMX-JSON 2.0 data message): the requested page, as for JSON.";
        });
        Tags("Values");
    }

    public override async Task HandleAsync(ListValuesRequest r, CancellationToken ct)
    {
        var sdmxFormat = SdmxMedia.Negotiate(HttpContext, r.Format, out var notAcceptable);
        if (notAcceptable is not null)
        {
            await Send.ResultAsync(notAcceptable);
            return;
        }
        Period? period = string.IsNullOrEmpty(r.Period) ? null : Period.Parse(r.Period);
        await using var c = await db.OpenAsync(ct);
        ValidationFailures.AddRange(await CatalogueCodes.UnknownAsync(db, c, r.Indicator, r.OrgUnit));
        ThrowIfAnyErrors();

        var args = new ValueListArgs(
            Given(r.Indicator), Given(r.OrgUnit), period?.Year, period?.FirstMonth, period?.LastMonth, r.Year, Given(r.Status), r.Offset(), r.PageSize);
        var total = await c.ExecuteScalarAsync<int>(db.Command(CountFile, args));
        var rows = await c.QueryAsync<ValueListRow>(db.Command(ItemsFile, args));
        var items = rows.Select(x => x.ToItem()).ToList();

        if (sdmxFormat is { } format)
        {
            var catalogue = await CatalogueSnapshot.LoadAsync(db, c);
            var observations = rows.Select(x =>
            {
                var indicator = catalogue.Indicator(x.Indicator)!;
                return new SdmxObservation(indicator, catalogue.OrgUnit(x.OrgUnit)!, null, Period.OfMonths(x.Year, x.FirstMonth, x.LastMonth),
                    x.Value, x.Status, SdmxFlows.UnitOf(indicator));
            }).ToList();
            await Send.ResultAsync(SdmxAnswer.Result(format, SdmxFlows.IndicatorValues, observations, sdmx.Value.AgencyId,
                Lang.Resolve(HttpContext, null), clock.GetUtcNow(), "values"));
            return;
        }

        if (Csv.Requested(HttpContext, r.Format))
        {
            await Send.ResultAsync(Csv.Result(
                ["indicator", "orgUnit", "period", "value", "status", "note", "revision", "updatedAt", "submissionId"],
                items.Select(i => new[]
                {
                    i.Indicator, i.OrgUnit, i.Period, Csv.Number(i.Value), i.Status, i.Note,
                    i.Revision.ToString(System.Globalization.CultureInfo.InvariantCulture), Csv.Time(i.UpdatedAt), i.SubmissionId,
                }),
                "values"));
            return;
        }
        await Send.OkAsync(new Paged<ValueItem>(items, r.Page, r.PageSize, total), ct);
    }
}
