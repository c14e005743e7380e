using System.Text.Json;
using Dapper;
using Indicators.Api.Infrastructure.Database;

namespace Indicators.Api.Infrastructure.Seeding;

/// <summary>
/// Loads seeds/ through the same write paths and validation as the API, so seeding is idempotent:
/// a second run finds everything unchanged. Each slice that owns a write path contributes its step
/// (<see cref="ISeedStep"/>): org units, indicators, targets, values, in that order.
/// </summary>
[Singleton]
internal sealed class Seeder(Db db, IEnumerable<ISeedStep> steps, Microsoft.Extensions.Options.IOptions<SeedOptions> options, ILogger<Seeder> logger)
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);
    private static readonly SqlFile OrgUnitCount = new("Infrastructure.Seeding.OrgUnitCount");

    public string Folder => options.Value.Directory ?? Path.Combine(AppContext.BaseDirectory, "seeds");

    public async Task<bool> IsEmptyAsync(CancellationToken ct)
    {
        await using var c = await db.OpenAsync(ct);
        return await c.ExecuteScalarAsync<int>(db.Command(OrgUnitCount)) == 0;
    }

    /// <summary>Seeds when forced, or when the database has no org units yet.</summary>
    public async Task<string> SeedAsync(bool force, CancellationToken ct)
    {
        if (!force && !await IsEmptyAsync(ct))
        {
            return "The database already has data; nothing seeded.";
        }
        var report = new List<string>();
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
}

/// <summary>A part of seeding, contributed by the slice that owns that write path; run in <see cref="Order"/>.</summary>
internal interface ISeedStep
{
    int Order { get; }

    Task<string> RunAsync(Seeder seeder, CancellationToken ct);
}
