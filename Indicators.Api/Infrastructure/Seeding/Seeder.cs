using System.Text.Json;
using Dapper;
using Indicators.Api.Features.Indicators;
using Indicators.Api.Features.OrgUnits;
using Indicators.Api.Infrastructure.Database;

namespace Indicators.Api.Infrastructure.Seeding;

/// <summary>
/// Loads seeds/ through the same write paths and validation as the API, so seeding is idempotent:
/// a second run finds everything unchanged.
/// </summary>
public sealed class Seeder(Db db, OrgUnitWriter orgUnits, IndicatorWriter indicators, IEnumerable<ISeedStep> steps, Microsoft.Extensions.Options.IOptions<SeedOptions> options, ILogger<Seeder> logger)
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public string Folder => options.Value.Directory ?? Path.Combine(AppContext.BaseDirectory, "seeds");

    public async Task<bool> IsEmptyAsync(CancellationToken ct)
    {
        await using var c = await db.OpenAsync(ct);
        return await c.ExecuteScalarAsync<int>("SELECT COUNT(*) FROM org_units") == 0;
    }

    /// <summary>Seeds when forced, or when the database has no org units yet.</summary>
    public async Task<string> SeedAsync(bool force, CancellationToken ct)
    {
        if (!force && !await IsEmptyAsync(ct))
        {
            return "The database already has data; nothing seeded.";
        }
        var report = new List<string>();
        var units = Read<OrgUnitsFile>("org-units.json").OrgUnits;
        var created = 0;
        foreach (var u in units)
        {
            var result = await orgUnits.ValidateAndSaveAsync(u, ct);
            Check(result.Errors, $"org unit {u.Code}");
            created += result.Created ? 1 : 0;
        }
        report.Add($"org units: {units.Count} read, {created} created");
        var inds = Read<IndicatorsFile>("indicators.json").Indicators;
        created = 0;
        foreach (var i in inds)
        {
            var result = await indicators.ValidateAndSaveAsync(i, ct);
            Check(result.Errors, $"indicator {i.Code}");
            created += result.Created ? 1 : 0;
        }
        report.Add($"indicators: {inds.Count} read, {created} created");
        foreach (var step in steps.OrderBy(s => s.Order))
        {
            report.Add(await step.RunAsync(this, ct));
        }
        var text = "Seeded from " + Folder + ": " + string.Join("; ", report) + ".";
        logger.LogInformation("{Report}", text);
        return text;
    }

    public T Read<T>(string file)
    {
        var path = Path.Combine(Folder, file);
        using var stream = File.OpenRead(path);
        return JsonSerializer.Deserialize<T>(stream, Json) ?? throw new InvalidOperationException($"{path} is empty.");
    }

    public static void Check(IReadOnlyDictionary<string, string[]> errors, string what)
    {
        if (errors.Count > 0)
        {
            throw new InvalidOperationException($"Seed data for {what} is not valid: " +
                string.Join("; ", errors.Select(e => $"{e.Key}: {string.Join(" ", e.Value)}")));
        }
    }

    private sealed record OrgUnitsFile(List<PutOrgUnitRequest> OrgUnits);

    private sealed record IndicatorsFile(List<PutIndicatorRequest> Indicators);
}

/// <summary>A later part of seeding (targets, values), contributed by the feature that owns that write path.</summary>
public interface ISeedStep
{
    int Order { get; }

    Task<string> RunAsync(Seeder seeder, CancellationToken ct);
}
