using Indicators.Api.Infrastructure.Auth;
using Indicators.Api.Infrastructure.Database;
using Indicators.Api.Kernel.Catalogue;

namespace Indicators.Api.Kernel.Batches;

/// <summary>The identity seeds are written with: an admin of the province, key name "seed".</summary>
internal static class SeedIdentity
{
    public const string KeyName = "seed";

    /// <summary>The first province (by code) — TQ in the shipped seeds.</summary>
    public static async Task<Caller> ProvinceAdminAsync(Db db, CancellationToken ct)
    {
        await using var c = await db.OpenAsync(ct);
        var province = await CatalogueData.FirstProvinceAsync(db, c)
            ?? throw new InvalidOperationException("Seeding values and targets needs a province among the org units.");
        return new Caller(KeyName, KeyName, province, Roles.Admin);
    }
}
