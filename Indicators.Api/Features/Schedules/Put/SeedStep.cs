using Indicators.Api.Infrastructure;
using Indicators.Api.Infrastructure.Seeding;

namespace Indicators.Api.Features.Schedules.Put;

/// <summary>seeds/schedules.json — the six-monthly socio-economic report of 2020 — after the values (SPEC "Reporting cycle").</summary>
[Singleton]
internal sealed class SchedulesSeedStep(ScheduleWriter writer) : ISeedStep
{
    public int Order => 30;

    public async Task<string> RunAsync(Seeder seeder, CancellationToken ct)
    {
        var schedules = seeder.Read<SchedulesFile>("schedules.json").Schedules;
        var created = 0;
        foreach (var s in schedules)
        {
            var result = await writer.ValidateAndSaveAsync(s, ct);
            Seeder.Check(result.Errors, $"schedule {s.Code}");
            created += result.Created ? 1 : 0;
        }
        return $"schedules: {schedules.Count} read, {created} created";
    }

    private sealed record SchedulesFile(List<PutScheduleRequest> Schedules);
}
