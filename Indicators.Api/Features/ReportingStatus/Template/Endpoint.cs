using System.Text.Json;
using Dapper;
using FastEndpoints;
using FluentValidation.Results;
using Indicators.Api.Domain;
using Indicators.Api.Infrastructure.Auth;
using Indicators.Api.Infrastructure.Database;
using Indicators.Api.Infrastructure.Http;
using Indicators.Api.Infrastructure.OpenApi;
using Indicators.Api.Kernel;
using Indicators.Api.Kernel.Catalogue;
using Indicators.Api.Kernel.Reporting;
using Indicators.Api.Kernel.Spreadsheets;

namespace Indicators.Api.Features.ReportingStatus.Template;

/// <summary>
/// The report as a spreadsheet to fill in (SPEC "Spreadsheets · Template"): one row per expected value of one reporter
/// for one period, with the current value, status and note where there is one, in the columns
/// <c>POST /api/v1/submissions</c> reads — downloaded, filled in and uploaded as it is, it completes the report.
/// </summary>
/// <remarks>
/// Not served from the read cache: the answer is for the reporter's own submitters and admins (the rights rule is asked
/// on every request), and a report is small. The ETag middleware tags it like every GET; the xlsx is the same bytes for
/// the same content (<see cref="SheetWriter.Xlsx"/>), so an unchanged template answers 304.
/// </remarks>
internal sealed class GetReportTemplateEndpoint(Db db) : Endpoint<TemplateRequest>
{
    private static readonly SqlFile<ReportValuesScope> Values = new("Features.ReportingStatus.Template.ReportValues");

    public static readonly IReadOnlyList<SheetColumn> Columns =
    [
        new(SubmissionColumns.Indicator, 22),
        new(SubmissionColumns.IndicatorName, 48),
        new(SubmissionColumns.OrgUnit, 12),
        new(SubmissionColumns.Period, 15),
        new(SubmissionColumns.Unit, 16),
        new(SubmissionColumns.Value, 18),
        new(SubmissionColumns.Status, 14, SubmissionColumns.Statuses),
        new(SubmissionColumns.Note, 48),
    ];

    public override void Configure()
    {
        Get("/api/v1/reporting-status/template");
        // Submitters and admins; which submitters is the rights rule's (Act.ReadTemplate): the reporter's own.
        Roles(Infrastructure.Auth.Roles.Writers);
        Description(b => b.ClearDefaultProduces()
            .Produces(200, typeof(string), SheetMediaTypes.Xlsx, Csv.MediaType)
            .Problems(400, 404).AuthProblems()
            .ResponseHeader(200, "Content-Disposition", "attachment, with the file name template-{schedule}-{period}-{orgUnit}.xlsx (or .csv).",
                "attachment; filename=\"template-SOCIO_ECONOMIC_HALF_YEAR-2020-S1-TQ-SD.xlsx\""));
        Summary(s =>
        {
            s.Summary = "A report as a spreadsheet to fill in and upload";
            s.Description =
                "The reporter's expected values for the schedule's period, one row each in the schedule's order of indicators, with the " +
                "columns indicator, indicatorName, orgUnit, period, unit, value, status and note: the current value, status and note " +
                "where there is one (values exact), empty where the value is missing; names and units in the requested language. An " +
                "xlsx workbook by default (the status column offers estimate, preliminary and official as a list), CSV with " +
                "format=csv or Accept: text/csv; Content-Disposition names the file. Fill in value and status and send the file as it " +
                "is to POST /api/v1/submissions (Content-Type " + SheetMediaTypes.Xlsx + " or text/csv): the names and units are " +
                "ignored, rows still without a value, status or note are skipped, unchanged rows count as unchanged. For the " +
                "reporter's own submitters and admins: another unit's submitter is 403 (readers are 403 on this endpoint). A period " +
                "of another frequency, or outside the schedule's validity, is 400 keyed period; an unknown schedule or org unit is " +
                "400 naming it; an org unit that has no report on the schedule for the period is 404.";
            s.Responses[200] = "The template: an xlsx workbook of one sheet (binary), or CSV; Content-Disposition: attachment with a file name.";
            s.Responses[400] = "A parameter is not valid: schedule, period, orgUnit, lang or format.";
            s.Responses[403] = "The caller's role may not use this endpoint (readers), or the template is another unit's report.";
            s.Responses[404] = "The org unit has no report on the schedule for the period: it is not one of the schedule's reporters, not " +
                               "valid during the period, or has nothing to send.";
            s.ResponseExamples[404] = Problems.Example(ProblemTypes.NotFound, "/api/v1/reporting-status/template",
                "TQ-SCT has no report on SOCIO_ECONOMIC_HALF_YEAR for 2021-S1: it is not a reporter of the schedule, or not valid during the period, or has nothing to send.");
        });
        Tags("Reporting cycle");
    }

    public override async Task HandleAsync(TemplateRequest r, CancellationToken ct)
    {
        var period = Period.Parse(r.Period);
        var lang = Lang.Resolve(HttpContext, r.Lang);
        var orgUnit = r.OrgUnit!;

        await using var c = await db.OpenAsync(ct);
        var schedule = await ScheduleData.FindAsync(db, c, r.Schedule!);
        if (schedule is null)
        {
            ValidationFailures.Add(new ValidationFailure("schedule", $"There is no schedule {Echo.Quote(r.Schedule)} (codes are case-sensitive)."));
            ThrowIfAnyErrors();
        }
        if (ReportingCycle.RefusePeriod(schedule!.Code, schedule.Rules, period) is { } refused)
        {
            ValidationFailures.Add(new ValidationFailure("period", refused));
        }
        var catalogue = await CatalogueSnapshot.LoadAsync(db, c);
        if (catalogue.OrgUnit(orgUnit) is null)
        {
            ValidationFailures.Add(new ValidationFailure("orgUnit", $"{Echo.Quote(orgUnit)} is not an org unit in the catalogue (codes are case-sensitive)."));
        }
        ThrowIfAnyErrors();

        // 400, then 403 (the order of every request here), then whether the unit has a report at all.
        if (Rights.Check(Caller.From(User).AsPrincipal(), new Act.ReadTemplate(orgUnit)) is { Allowed: false } verdict)
        {
            await Send.ResultAsync(new ProblemResult(ProblemTypes.Forbidden, char.ToUpperInvariant(verdict.Reason![0]) + verdict.Reason[1..]));
            return;
        }
        var report = ScheduleReports.For(schedule, catalogue, period).FirstOrDefault(x => x.Reporter.Code == orgUnit);
        if (report is null)
        {
            await Send.ResultAsync(ProblemResult.NotFound(
                $"{orgUnit} has no report on {schedule.Code} for {period.Code}: it is not a reporter of the schedule, or not valid during the period, or has nothing to send."));
            return;
        }

        var current = await CurrentAsync(c, report.Keys, period);
        var rows = report.Keys.Select(key =>
        {
            var indicator = catalogue.Indicator(key.Indicator)!;
            var value = current.GetValueOrDefault(key);
            return (IReadOnlyList<SheetValue>)
            [
                SheetValue.Of(key.Indicator),
                SheetValue.Of(lang == "en" ? indicator.NameEn : indicator.NameVi),
                SheetValue.Of(key.OrgUnit),
                SheetValue.Of(period.Code),
                SheetValue.Of(lang == "en" ? indicator.UnitEn : indicator.UnitVi),
                value is null ? SheetValue.Empty : SheetValue.Of(value.Value),
                SheetValue.Of(value?.Status),
                SheetValue.Of(value?.Note),
            ];
        }).ToList();

        var fileName = $"template-{schedule.Code}-{period.Code}-{orgUnit}";
        await Send.ResultAsync(Csv.Requested(HttpContext, r.Format)
            ? SheetWriter.CsvResult(Columns, rows, fileName)
            : SheetWriter.XlsxResult($"{orgUnit} {period.Code}", Columns, rows, fileName));
    }

    private sealed record CurrentValue(decimal Value, string Status, string? Note);

    /// <summary>The current value, status and note of each expected key that has one, in one query.</summary>
    private async Task<Dictionary<ValueKey, CurrentValue>> CurrentAsync(System.Data.Common.DbConnection c, IReadOnlyList<ValueKey> keys, Period period)
    {
        var wanted = keys.ToHashSet();
        var scope = new ReportValuesScope(
            JsonSerializer.Serialize(keys.Select(k => k.Indicator).Distinct()),
            JsonSerializer.Serialize(keys.Select(k => k.OrgUnit).Distinct()),
            period.Year, period.FirstMonth, period.LastMonth);
        var result = new Dictionary<ValueKey, CurrentValue>(keys.Count);
        await using var reader = await SqlMapper.ExecuteReaderAsync(c, db.Command(Values, scope));
        while (await reader.ReadAsync())
        {
            var key = new ValueKey(reader.GetString(0), reader.GetString(1));
            if (wanted.Contains(key))
            {
                result[key] = new CurrentValue(DapperSetup.ReadDecimal(reader, 2), reader.GetString(3), reader.IsDBNull(4) ? null : reader.GetString(4));
            }
        }
        return result;
    }
}
