using Indicators.Api.Infrastructure;
using Indicators.Api.Infrastructure.Seeding;

namespace Indicators.Api.Features.OrgUnits.Put;

/// <summary>seeds/org-units.json, first: every later step refers to the org units.</summary>
[Singleton]
internal sealed class OrgUnitsSeedStep(OrgUnitWriter writer) : ISeedStep
{
    public int Order => 1;

    public async Task<string> RunAsync(Seeder seeder, CancellationToken ct)
    {
        var units = seeder.Read<OrgUnitsFile>("org-units.json").OrgUnits;
        var created = 0;
        foreach (var u in units)
        {
            var result = await writer.ValidateAndSaveAsync(u, ct);
            Seeder.Check(result.Errors, $"org unit {u.Code}");
            created += result.Created ? 1 : 0;
        }
        return $"org units: {units.Count} read, {created} created";
    }

    private sealed record OrgUnitsFile(List<PutOrgUnitRequest> OrgUnits);
}
