using Indicators.Api.Kernel.Batches;
using Indicators.Api.Infrastructure;
using Indicators.Api.Infrastructure.Database;
using Indicators.Api.Infrastructure.Seeding;

namespace Indicators.Api.Features.Submissions.Submit;

/// <summary>seeds/values.json, a submissions batch, written as an admin of the province after the targets.</summary>
[Singleton]
internal sealed class ValuesSeedStep(Db db, SubmissionWriter writer) : ISeedStep
{
    public int Order => 20;

    public async Task<string> RunAsync(Seeder seeder, CancellationToken ct)
    {
        var request = seeder.Read<SubmitValuesRequest>("values.json");
        var caller = await SeedIdentity.ProvinceAdminAsync(db, ct);
        var result = await writer.SubmitAsync(request, caller, new BatchOptions { ReceiptOnlyWhenChanged = true }, ct);
        Seeder.Check(result.Errors, "values.json");
        var r = result.Receipt!;
        return $"values: {r.Received} read, {r.Created} created, {r.Updated} updated, {r.Unchanged} unchanged";
    }
}
