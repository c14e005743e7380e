using Indicators.Api.Infrastructure;
using Indicators.Api.Infrastructure.Seeding;

namespace Indicators.Api.Features.Indicators.Put;

/// <summary>seeds/indicators.json, after the org units (an indicator names its responsible department).</summary>
[Singleton]
internal sealed class IndicatorsSeedStep(IndicatorWriter writer) : ISeedStep
{
    public int Order => 2;

    public async Task<string> RunAsync(Seeder seeder, CancellationToken ct)
    {
        var indicators = seeder.Read<IndicatorsFile>("indicators.json").Indicators;
        var created = 0;
        foreach (var i in indicators)
        {
            var result = await writer.ValidateAndSaveAsync(i, ct);
            Seeder.Check(result.Errors, $"indicator {i.Code}");
            created += result.Created ? 1 : 0;
        }
        return $"indicators: {indicators.Count} read, {created} created";
    }

    private sealed record IndicatorsFile(List<PutIndicatorRequest> Indicators);
}
