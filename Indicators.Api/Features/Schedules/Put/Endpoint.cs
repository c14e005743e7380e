using FastEndpoints;
using Indicators.Api.Infrastructure.Database;
using Indicators.Api.Infrastructure.OpenApi;
using Indicators.Api.Kernel;
using Indicators.Api.Kernel.Reporting;

namespace Indicators.Api.Features.Schedules.Put;

internal sealed class PutScheduleEndpoint(ScheduleWriter writer, Db db) : Endpoint<PutScheduleRequest, ScheduleResponse>
{
    public override void Configure()
    {
        Put("/api/v1/schedules/{code}");
        Roles(Infrastructure.Auth.Roles.Admin);
        Description(b => b.Produces<ScheduleResponse>(200).Produces<ScheduleResponse>(201).Problems(400, 415).AuthProblems()
            .ResponseHeader(201, "Location", "The new schedule's address.", "/api/v1/schedules/SOCIO_ECONOMIC_HALF_YEAR"));
        Summary(s =>
        {
            s.Summary = "Create or replace a reporting schedule";
            s.Description =
                "Admin only. A schedule says who reports which indicators, how often and by when (SPEC \"Reporting cycle\"). Its periods are " +
                "those of its frequency: month (2024-M03), quarter (2024-Q1), half (2024-S1), nine-months (2024-M01..M09) or year (2024). " +
                "A report is due by the end of its due date on the province's calendar (UTC+7): the cut-off date — the period's last day " +
                "(calendar) or the 14th of its last month (decree-09, Decree 09/2019/NĐ-CP) — plus dueDays (0 to 90). Expected of each " +
                "reporter valid on at least one day of a period: a district or the city, every indicator for itself; a department, the " +
                "province-level figure of each indicator whose responsibleUnit it is. Every indicator and reporter must exist and appear " +
                "once (400 keyed indicators[k] / reporters[k]); a reporter that would be expected to send nothing — a province, a board, a " +
                "department responsible for none of the indicators, a unit that exists on no day the schedule applies — is 400 keyed " +
                "reporters[k]. validTo may not be before validFrom. 201 with Location when created, 200 when replaced or unchanged (the " +
                "same fields again change nothing). Approvals already given keep the values they froze.";
            s.Responses[200] = "Replaced (or unchanged): the schedule as stored.";
            s.Responses[201] = "Created: the schedule as stored.";
            s.Responses[400] = "The request is not valid (every error at once, keyed by field: name.vi, frequency, dueDays, indicators[2], reporters[0] …).";
            s.ExampleRequest = new PutScheduleRequest
            {
                Code = "SOCIO_ECONOMIC_HALF_YEAR",
                Name = new LocalizedText { Vi = "Báo cáo tình hình kinh tế - xã hội 6 tháng", En = "Six-monthly socio-economic report" },
                Frequency = "half",
                Cutoff = "decree-09",
                DueDays = 6,
                ValidFrom = new DateOnly(2020, 1, 1),
                ValidTo = new DateOnly(2020, 12, 31),
                Indicators = ["INDUSTRIAL_OUTPUT", "RETAIL_SALES", "BUDGET_REVENUE"],
                Reporters = ["TQ-TP", "TQ-SD", "TQ-SCT", "TQ-STC"],
            };
            s.Params["code"] = "The schedule's code: ^[A-Z][A-Z0-9_]{1,63}$.";
        });
        Tags("Reporting cycle");
    }

    public override async Task HandleAsync(PutScheduleRequest r, CancellationToken ct)
    {
        var result = await writer.ValidateAndSaveAsync(r, ct);
        ValidationFailures.AddRange(Infrastructure.Http.Problems.Failures(result.Errors));
        ThrowIfAnyErrors();
        await using var c = await db.OpenAsync(ct);
        var saved = (await ScheduleData.FindAsync(db, c, r.Code))!.ToResponse();
        if (result.Created)
        {
            HttpContext.Response.Headers.Location = $"/api/v1/schedules/{Uri.EscapeDataString(r.Code)}";
            await Send.ResponseAsync(saved, 201, ct);
            return;
        }
        await Send.OkAsync(saved, ct);
    }
}
