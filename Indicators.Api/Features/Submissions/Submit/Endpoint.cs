using FastEndpoints;
using Indicators.Api.Kernel.Batches;
using Indicators.Api.Infrastructure.Auth;
using Indicators.Api.Infrastructure.Http;
using Indicators.Api.Infrastructure.OpenApi;
using Indicators.Api.Kernel.Spreadsheets;

namespace Indicators.Api.Features.Submissions.Submit;

internal sealed class SubmitValuesEndpoint(SubmissionWriter writer, BatchHttp batches) : Endpoint<SubmitValuesRequest, SubmissionReceipt>
{
    public override void Configure()
    {
        Post("/api/v1/submissions");
        Roles(Infrastructure.Auth.Roles.Writers);
        RequestBinder(new BatchRequestBinder<SubmitValuesRequest>());
        // JSON, or a spreadsheet as it is (SPEC "Spreadsheets"); any other Content-Type is a 415 from routing.
        Description(b => b.ClearDefaultAccepts()
            .Accepts<SubmitValuesRequest>("application/json", SheetMediaTypes.Csv, SheetMediaTypes.Xlsx)
            .BatchWriteResponses());
        Summary(s =>
        {
            s.Summary = "Submit a batch of actual values";
            s.Description =
                "All-or-nothing: 1 to 10,000 values (body at most 8 MB), each key (indicator, orgUnit, period) once. Every item is checked " +
                "and every error is answered at once (400, keyed values[i].field): the indicator and org unit exist (codes are case-sensitive), " +
                "the unit exists on every day of the period, the period has started (Vietnam time), the value has at most the indicator's " +
                "decimals and is within its min and max, status is estimate, preliminary or official, note is at most 1,000 characters. " +
                "Then rights (403, keyed values[i].orgUnit): a submitter writes its own unit's figures and, for a department, the " +
                "province-level figures of the indicators it is responsible for; an admin writes anything. Then locks (409 period-locked, " +
                "except for an admin), then approvals (409 report-approved, for every caller: a value of an approved report changes only " +
                "after an admin reopens it). Each changed key gets a new revision; an identical value, status and note counts as unchanged. " +
                "Answers 201 with the receipt and Location. ?dryRun=true checks everything and answers 200 with the counts, writing nothing. " +
                "An Idempotency-Key header (1-255 visible ASCII characters) makes retries safe for 24 hours: the same request gets the first " +
                "answer again (Idempotent-Replayed: true), a different request with the same key 422, and one sent while the first is still " +
                "running 409.\n\n" +
                "The same batch may be sent as a spreadsheet, as it is: Content-Type text/csv (UTF-8, a BOM allowed; the delimiter , or ; " +
                "read from the header row; with ; a decimal comma is accepted) or " + SheetMediaTypes.Xlsx + " (the first worksheet; " +
                "numbers read at 15 significant digits as Excel shows them; formulas, and dates in the value column, are refused). Row 1 names " +
                "the columns indicator, orgUnit, period, value, status and optionally note, in any letter case; other columns are ignored, " +
                "empty rows skipped. Errors are keyed rows[N].column, N the sheet's row number (the header is row 1), and each message " +
                "names the cell (D7). At most 10,000 data rows; an xlsx whose parts would expand past 64 MiB is 413, one that is not a " +
                "valid workbook (truncated, macros, external links) 400.";
            s.ExampleRequest = new SubmitValuesRequest
            {
                Values =
                [
                    new SubmittedValue { Indicator = "INDUSTRIAL_OUTPUT", OrgUnit = "TQ-SD", Period = "2020-S1", Value = 2700m, Status = "estimate", Note = "Báo cáo 6 tháng đầu năm 2020" },
                    new SubmittedValue { Indicator = "RETAIL_SALES", OrgUnit = "TQ-SD", Period = "2020-S1", Value = 2100m, Status = "estimate" },
                ],
            };
            s.Responses[200] = "Dry run (?dryRun=true): the counts the batch would produce; nothing was written.";
            s.Responses[201] = "Stored: the receipt, with Location. A retry with the same Idempotency-Key gets this answer again.";
            s.Responses[409] = "A value falls in a locked period (period-locked) or belongs to an approved report (report-approved); nothing stored. " +
                               "Or a request with the same Idempotency-Key is still running.";
            s.Responses[422] = "The Idempotency-Key was already used for a different request.";
            s.ResponseExamples[409] = Problems.Example(ProblemTypes.PeriodLocked, "/api/v1/submissions",
                "1 item of values fall in a locked period: values[0].period. Nothing was stored; an admin may unlock the period or write it.",
                new Dictionary<string, string[]> { ["values[0].period"] = ["2020-S1 of TQ-SD is locked by 2020-S1 (every unit); only an admin may write it."] });
            s.ResponseExamples[422] = Problems.Example(ProblemTypes.IdempotencyKeyReused, "/api/v1/submissions",
                "This Idempotency-Key was used for a different request (method, address or body). Use a new key for a new request.");
            s.Params["dryRun"] = "true: check only, write nothing, answer 200 with the counts.";
        });
        Tags("Submissions");
    }

    public override async Task HandleAsync(SubmitValuesRequest r, CancellationToken ct)
    {
        var caller = Caller.From(User);
        SheetBatch? sheet = null;
        if (SheetMediaTypes.Of(HttpContext.Request.ContentType) is { } format)
        {
            // Read and refused (400, 413) before the Idempotency-Key is claimed: a file that is not a sheet claims nothing.
            try
            {
                sheet = SheetBatch.From(SheetBatch.Read(format, HttpContext.Items[BatchHttp.BodyItem] as byte[] ?? [], HttpContext.Request.ContentType));
            }
            catch (SheetRefusedException refused)
            {
                await Send.ResultAsync(refused.Answer());
                return;
            }
            r.Values = sheet.Values;
            if (sheet.HasCellErrors)
            {
                // Every error of every row at once: the cells without a usable value, and what the writer's checks find in
                // the rest (a dry run, which writes nothing).
                var checkedOnly = await writer.SubmitAsync(r, caller, new BatchOptions { DryRun = true }, ct);
                ValidationFailures.AddRange(Problems.Failures(sheet.InSheetTerms(checkedOnly.Outcome == BatchOutcome.Invalid ? checkedOnly.Errors : [])));
                ThrowIfAnyErrors();
                return;
            }
        }
        var exchange = await batches.BeginAsync(HttpContext, caller, r.DryRun, ct);
        if (exchange.Early is { } early)
        {
            await Send.ResultAsync(early);
            return;
        }
        BatchResult result;
        try
        {
            result = await writer.SubmitAsync(r, caller, new BatchOptions { DryRun = r.DryRun, BeforeCommit = exchange.BeforeCommit }, ct);
        }
        catch
        {
            await exchange.ReleaseAsync();
            throw;
        }
        if (sheet is not null && result.Outcome != BatchOutcome.Written)
        {
            result = result with { Errors = sheet.InSheetTerms(result.Errors) };
        }
        switch (result.Outcome)
        {
            case BatchOutcome.Written:
                await Send.ResultAsync(exchange.Receipt(result.Receipt!));
                return;
            case BatchOutcome.Invalid:
                await exchange.ReleaseAsync();
                ValidationFailures.AddRange(BatchAnswers.Failures(result));
                ThrowIfAnyErrors();
                return;
            default:
                await exchange.ReleaseAsync();
                await Send.ResultAsync(BatchAnswers.Problem(result));
                return;
        }
    }
}
