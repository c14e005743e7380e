using System.Globalization;
using FastEndpoints;
using FluentValidation.Results;
using Indicators.Api.Domain;
using Indicators.Api.Infrastructure.Database;
using Indicators.Api.Infrastructure.Http;
using Indicators.Api.Infrastructure.OpenApi;
using Indicators.Api.Kernel;
using Indicators.Api.Kernel.Approvals;
using Indicators.Api.Kernel.Catalogue;
using Indicators.Api.Kernel.Queries;
using Indicators.Api.Kernel.Reporting;

namespace Indicators.Api.Features.ReportingStatus.Get;

internal sealed class ReportingStatusEndpoint(Db db, TimeProvider clock) : Endpoint<ReportingStatusRequest, ReportingStatusResponse>
{
    public override void Configure()
    {
        Get("/api/v1/reporting-status");
        Roles(Infrastructure.Auth.Roles.Readers);
        // Served from the read cache while the data and the province's date are the same: the only way "now" enters the
        // answer is whether the due date has passed (open → overdue), which changes at midnight UTC+7.
        Description(b => b.Produces<ReportingStatusResponse>(200, "application/json", Csv.MediaType).Problems(400).AuthProblems()
            .WithMetadata(CachedReadMetadata.ByProvinceDate));
        Summary(s =>
        {
            s.Summary = "Completeness and timeliness of a schedule's reports for a period";
            s.Description =
                "One row per reporter expected for the period (valid on at least one day of it and with something to send), computed " +
                "from the values stored at the time of the request: expected, received (expected values that have a current value, any " +
                "status), missing (the others), complete, completedAt (when the last expected value was first received), timeliness " +
                "(on-time: complete by the end of the due date, Vietnam time; late: complete after it; overdue: incomplete and the due " +
                "date has passed; open: incomplete, not yet due) and approval. The summary counts the reports selected by orgUnit, with " +
                "completenessPercent = complete / expected × 100 and timelinessPercent = onTime / expected × 100, rounded half away from " +
                "zero to 2 decimals (DHIS2's reporting rate and reporting rate on time). A period of another frequency, or outside the " +
                "schedule's validity, is 400 keyed period; an unknown schedule or org unit is 400 naming it. CSV with format=csv or " +
                "Accept: text/csv: the rows only, missing values as indicator@orgUnit joined with ';'.";
            s.Responses[200] = "The status: schedule, period, cutoffDate, dueDate, summary and rows.";
            s.Responses[400] = "A parameter is not valid: schedule, period, orgUnit, timeliness, lang or format.";
        });
        Tags("Reporting cycle");
    }

    public override async Task HandleAsync(ReportingStatusRequest r, CancellationToken ct)
    {
        var period = Period.Parse(r.Period);
        var lang = Lang.Resolve(HttpContext, r.Lang);
        var now = ReadCache.RequestTime(HttpContext, clock);

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
        var units = QueryRules.Codes(r.OrgUnit);
        foreach (var code in units.Where(code => catalogue.OrgUnit(code) is null))
        {
            ValidationFailures.Add(new ValidationFailure("orgUnit", $"{Echo.Quote(code)} is not an org unit in the catalogue."));
        }
        ThrowIfAnyErrors();

        var reports = ScheduleReports.For(schedule, catalogue, period);
        if (units.Count > 0)
        {
            var scope = units.ToHashSet(StringComparer.Ordinal);
            reports = reports.Where(report => Within(catalogue, report.Reporter.Code, scope)).ToList();
        }
        var firstWritten = await ScheduleReports.FirstWrittenAsync(db, c, reports.SelectMany(report => report.Keys).ToHashSet(), period);
        var approvals = await ApprovedReports.OfReportPeriodAsync(db, c, schedule.Code, period.Code);
        var due = ReportingCycle.DueDate(schedule.Rules, period);

        var statuses = reports
            .Select(report => (Report: report, Status: ReportingCycle.Status(report.Keys, firstWritten, due, now), Approval: approvals.GetValueOrDefault(report.Reporter.Code)))
            .ToList();
        var summary = ReportingCycle.Summarize(statuses.Select(s => (s.Status, s.Approval is not null)));
        var wanted = QueryRules.Codes(r.Timeliness).Select(Stored.Wire<Timeliness>).ToHashSet();
        var rows = statuses
            .Where(s => wanted.Count == 0 || wanted.Contains(s.Status.Timeliness))
            .Select(s => new ReportStatusRow
            {
                OrgUnit = s.Report.Reporter.Code,
                OrgUnitName = lang == "en" ? s.Report.Reporter.NameEn : s.Report.Reporter.NameVi,
                Expected = s.Status.Expected,
                Received = s.Status.Received,
                Missing = s.Status.Missing.Select(k => new MissingValue { Indicator = k.Indicator, OrgUnit = k.OrgUnit }).ToList(),
                Complete = s.Status.Complete,
                CompletedAt = s.Status.CompletedAt,
                Timeliness = WireNames.ToWire(s.Status.Timeliness),
                Approval = s.Approval is { } a ? new ReportApproval { ApprovedAt = a.ApprovedAt, ApprovedBy = a.ApprovedBy } : null,
            })
            .ToList();

        var response = new ReportingStatusResponse
        {
            Schedule = schedule.Code,
            Period = period.Code,
            CutoffDate = ReportingCycle.CutoffDate(schedule.Rules.Cutoff, period),
            DueDate = due,
            Summary = new ReportingSummary
            {
                Expected = summary.Expected,
                Complete = summary.Complete,
                OnTime = summary.OnTime,
                Late = summary.Late,
                Overdue = summary.Overdue,
                Open = summary.Open,
                Approved = summary.Approved,
                CompletenessPercent = summary.CompletenessPercent,
                TimelinessPercent = summary.TimelinessPercent,
            },
            Rows = rows,
        };
        if (Csv.Requested(HttpContext, r.Format))
        {
            await Send.ResultAsync(Csv.Result(CsvHeader, rows.Select(x => CsvRow(response, x)), $"reporting-status-{schedule.Code}-{period.Code}"));
            return;
        }
        await Send.OkAsync(response, ct);
    }

    /// <summary>The reporter is one of the units asked for, or lies below one of them.</summary>
    private static bool Within(CatalogueSnapshot catalogue, string code, HashSet<string> scope)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        for (var at = catalogue.OrgUnit(code); at is not null && seen.Add(at.Code); at = at.ParentCode is null ? null : catalogue.OrgUnit(at.ParentCode))
        {
            if (scope.Contains(at.Code))
            {
                return true;
            }
        }
        return false;
    }

    private static readonly string[] CsvHeader =
    [
        "schedule", "period", "dueDate", "orgUnit", "orgUnitName", "expected", "received", "missing", "complete", "completedAt",
        "timeliness", "approvedAt", "approvedBy",
    ];

    private static string?[] CsvRow(ReportingStatusResponse status, ReportStatusRow x) =>
    [
        status.Schedule, status.Period, status.DueDate.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), x.OrgUnit, x.OrgUnitName,
        x.Expected.ToString(CultureInfo.InvariantCulture), x.Received.ToString(CultureInfo.InvariantCulture),
        string.Join(';', x.Missing.Select(m => $"{m.Indicator}@{m.OrgUnit}")), x.Complete ? "true" : "false", Csv.Time(x.CompletedAt),
        x.Timeliness, Csv.Time(x.Approval?.ApprovedAt), x.Approval?.ApprovedBy,
    ];
}
