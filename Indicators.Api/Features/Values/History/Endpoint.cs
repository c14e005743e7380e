using System.Globalization;
using Dapper;
using FastEndpoints;
using Indicators.Api.Domain;
using Indicators.Api.Infrastructure.Database;
using Indicators.Api.Infrastructure.Http;
using Indicators.Api.Infrastructure.OpenApi;
using Indicators.Api.Kernel.Catalogue;

namespace Indicators.Api.Features.Values.History;

/// <summary>The key of Count.sql and Revisions.sql (its period also as year and months, the clustered key's order) and the page.</summary>
internal sealed record HistoryArgs(string Indicator, string OrgUnit, string Period, int Year, int FirstMonth, int LastMonth, int Offset, int PageSize);

internal sealed class ValueHistoryEndpoint(Db db) : Endpoint<ValueHistoryRequest, ValueHistoryResponse>
{
    private static readonly SqlFile<HistoryArgs> CountFile = new("Features.Values.History.Count");
    private static readonly SqlFile<HistoryArgs> RevisionsFile = new("Features.Values.History.Revisions");

    public override void Configure()
    {
        Get("/api/v1/values/history");
        Roles(Infrastructure.Auth.Roles.Readers);
        Description(b => b.Produces<ValueHistoryResponse>(200, "application/json", Csv.MediaType).Problems(400).AuthProblems());
        Summary(s =>
        {
            s.Summary = "All revisions of one actual value";
            s.Description =
                "Every revision of the key (indicator, orgUnit, period — canonicalised), newest first: value, status, note, the name and " +
                "org unit of the API key that wrote it, when, the submission, the revision number. An empty list when nothing was ever " +
                "written for the key. Paged; CSV with format=csv or Accept: text/csv.";
        });
        Tags("Values");
    }

    public override async Task HandleAsync(ValueHistoryRequest r, CancellationToken ct)
    {
        var period = Period.Parse(r.Period);
        await using var c = await db.OpenAsync(ct);
        ValidationFailures.AddRange(await CatalogueCodes.UnknownAsync(db, c, r.Indicator, r.OrgUnit));
        ThrowIfAnyErrors();

        var args = new HistoryArgs(r.Indicator!, r.OrgUnit!, period.Code, period.Year, period.FirstMonth, period.LastMonth, r.Offset(), r.PageSize);
        var total = await c.ExecuteScalarAsync<int>(db.Command(CountFile, args));
        var rows = await c.QueryAsync<ValueRevisionRow>(db.Command(RevisionsFile, args));
        var items = rows.Select(x => x.ToItem()).ToList();

        if (Csv.Requested(HttpContext, r.Format))
        {
            await Send.ResultAsync(Csv.Result(
                ["indicator", "orgUnit", "period", "value", "status", "note", "writtenBy", "writtenByUnit", "writtenAt", "submissionId", "revision"],
                items.Select(i => new[]
                {
                    r.Indicator, r.OrgUnit, period.Code, Csv.Number(i.Value), i.Status, i.Note, i.WrittenBy, i.WrittenByUnit,
                    Csv.Time(i.WrittenAt), i.SubmissionId, i.Revision.ToString(CultureInfo.InvariantCulture),
                }),
                $"history-{r.Indicator}-{r.OrgUnit}-{period.Code}"));
            return;
        }
        await Send.OkAsync(new ValueHistoryResponse
        {
            Indicator = r.Indicator!,
            OrgUnit = r.OrgUnit!,
            Period = period.Code,
            Items = items,
            Page = r.Page,
            PageSize = r.PageSize,
            Total = total,
        }, ct);
    }
}
