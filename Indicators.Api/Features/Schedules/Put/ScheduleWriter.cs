using System.Text.Json;
using Dapper;
using Indicators.Api.Domain;
using Indicators.Api.Infrastructure;
using Indicators.Api.Infrastructure.Database;
using Indicators.Api.Infrastructure.Http;
using Indicators.Api.Kernel;
using Indicators.Api.Kernel.Catalogue;
using Indicators.Api.Kernel.Reporting;

namespace Indicators.Api.Features.Schedules.Put;

/// <summary>The columns of Insert.sql and Update.sql.</summary>
internal sealed record ScheduleWrite(
    string Code, string NameVi, string NameEn, string Frequency, string Cutoff, int DueDays, DateOnly? ValidFrom, DateOnly? ValidTo, DateTimeOffset Now);

/// <summary>The lists of Members.sql: JSON arrays of { code, position }.</summary>
internal sealed record ScheduleMembersWrite(string Code, string Indicators, string Reporters);

/// <summary>
/// The one write path for schedules: the endpoint and the seeder use it. The request's shape is checked first
/// (<see cref="PutScheduleValidator"/>), then, against the catalogue in the writing transaction, that every indicator
/// and reporter exists, appears once, and that every reporter is expected to send something
/// (<see cref="ReportingCycle.RefuseReporter"/>) — all errors at once, keyed <c>indicators[k]</c> / <c>reporters[k]</c>.
/// </summary>
[Singleton]
internal sealed class ScheduleWriter(Db db, TimeProvider clock)
{
    private static readonly PutScheduleValidator Validator = new();
    private static readonly SqlFile<ScheduleWrite> Insert = new("Features.Schedules.Put.Insert");
    private static readonly SqlFile<ScheduleWrite> Update = new("Features.Schedules.Put.Update");
    private static readonly SqlFile<ScheduleMembersWrite> SetMembers = new("Features.Schedules.Put.Members");

    public async Task<SaveResult> ValidateAndSaveAsync(PutScheduleRequest r, CancellationToken ct)
    {
        var errors = Validator.Validate(r).Errors
            .GroupBy(e => Problems.JsonPath(e.PropertyName))
            .ToDictionary(g => g.Key, g => g.Select(e => e.ErrorMessage).ToArray());
        if (errors.Count > 0)
        {
            return new SaveResult(false, errors);
        }
        var indicators = r.Indicators!.Select(c => c!).ToList();
        var reporters = r.Reporters!.Select(c => c!).ToList();
        var rules = new ScheduleRules(Stored.Wire<Frequency>(r.Frequency!), Stored.Wire<Cutoff>(r.Cutoff!), r.DueDays!.Value, r.ValidFrom, r.ValidTo);
        return await DbErrors.RetryAsync(async () =>
        {
            await using var c = await db.OpenAsync(ct);
            using var turn = await db.EnterWriterAsync(ct);
            await using var tx = await c.BeginTransactionAsync(ct);
            var catalogue = new CatalogueSnapshot(await CatalogueData.IndicatorsAsync(db, c, tx), await CatalogueData.OrgUnitsAsync(db, c, tx));
            var problems = CheckMembers(catalogue, indicators, reporters, rules);
            if (problems.Count > 0)
            {
                return new SaveResult(false, problems);
            }
            var current = await ScheduleData.FindAsync(db, c, r.Code, tx);
            var row = new ScheduleWrite(r.Code, r.Name!.Vi.Trim(), r.Name.En.Trim(), r.Frequency!, r.Cutoff!, r.DueDays!.Value, r.ValidFrom, r.ValidTo, clock.GetUtcNow());
            if (current is not null && current.Row == current.Row with
                {
                    NameVi = row.NameVi, NameEn = row.NameEn, Frequency = row.Frequency, Cutoff = row.Cutoff, DueDays = row.DueDays,
                    ValidFrom = row.ValidFrom, ValidTo = row.ValidTo,
                } && current.Indicators.SequenceEqual(indicators, StringComparer.Ordinal) && current.Reporters.SequenceEqual(reporters, StringComparer.Ordinal))
            {
                // Re-sending the same schedule changes nothing: no write, no data_version bump.
                return new SaveResult(false, []);
            }
            await c.ExecuteAsync(db.Command(current is null ? Insert : Update, row, tx));
            await c.ExecuteAsync(db.Command(SetMembers, new ScheduleMembersWrite(r.Code, Positions(indicators), Positions(reporters)), tx));
            await DataVersion.BumpAsync(db, c, tx, DataChange.NoFigures);
            await tx.CommitAsync(ct);
            return new SaveResult(current is null, []);
        });
    }

    /// <summary>Every indicator and reporter exists (case-sensitive codes) and appears once; every reporter has something to send.</summary>
    private static Dictionary<string, string[]> CheckMembers(CatalogueSnapshot catalogue, List<string> indicators, List<string> reporters, ScheduleRules rules)
    {
        var errors = new Dictionary<string, string[]>(StringComparer.Ordinal);
        var seen = new Dictionary<string, int>(StringComparer.Ordinal);
        var known = new List<ScheduleIndicator>();
        for (var k = 0; k < indicators.Count; k++)
        {
            var code = indicators[k];
            if (!seen.TryAdd(code, k))
            {
                errors[$"indicators[{k}]"] = [$"{code} is listed already, at indicators[{seen[code]}]: list each indicator once."];
            }
            else if (catalogue.Indicator(code) is not { } indicator)
            {
                errors[$"indicators[{k}]"] = [$"There is no indicator {Echo.Quote(code)} (codes are case-sensitive)."];
            }
            else
            {
                known.Add(new ScheduleIndicator(indicator.Code, indicator.ResponsibleUnit));
            }
        }
        seen.Clear();
        for (var k = 0; k < reporters.Count; k++)
        {
            var code = reporters[k];
            string? problem;
            if (!seen.TryAdd(code, k))
            {
                problem = $"{code} is listed already, at reporters[{seen[code]}]: list each reporter once.";
            }
            else if (catalogue.OrgUnit(code) is not { } unit)
            {
                problem = $"There is no org unit {Echo.Quote(code)} (codes are case-sensitive).";
            }
            else
            {
                // Judged against the indicators that exist: an unknown indicator has its own error.
                problem = ReportingCycle.RefuseReporter(ScheduleReports.AsReporter(catalogue, unit), known, rules);
            }
            if (problem is not null)
            {
                errors[$"reporters[{k}]"] = [problem];
            }
        }
        return errors;
    }

    private static string Positions(IEnumerable<string> codes) => JsonSerializer.Serialize(codes.Select((code, position) => new { code, position }));
}
