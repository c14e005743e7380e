using Indicators.Api.Kernel.Batches;
using Indicators.Api.Infrastructure;
using Indicators.Api.Infrastructure.Database;
using Indicators.Api.Infrastructure.Seeding;

namespace Indicators.Api.Features.Targets.Put;

/// <summary>seeds/targets.json, a targets batch, written as an admin of the province before the values.</summary>
[Singleton]
internal sealed class TargetsSeedStep(Db db, TargetWriter writer) : ISeedStep
{
    public int Order => 10;

    public async Task<string> RunAsync(Seeder seeder, CancellationToken ct)
    {
        var request = seeder.Read<PutTargetsRequest>("targets.json");
        var caller = await SeedIdentity.ProvinceAdminAsync(db, ct);
        var result = await writer.WriteAsync(request, caller, new BatchOptions { ReceiptOnlyWhenChanged = true }, ct);
        Seeder.Check(result.Errors, "targets.json");
        var r = result.Receipt!;
        return $"targets: {r.Received} read, {r.Created} created, {r.Updated} updated, {r.Unchanged} unchanged";
    }
}
