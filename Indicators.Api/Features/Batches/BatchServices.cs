using Indicators.Api.Features.Submissions.Submit;
using Indicators.Api.Features.Targets.Put;

namespace Indicators.Api.Features.Batches;

public static class BatchServices
{
    /// <summary>The write path of values and targets (the seed steps are registered as every ISeedStep is).</summary>
    public static IServiceCollection AddBatchWrites(this IServiceCollection services) => services
        .AddSingleton<RevisionedBatchWriter>()
        .AddSingleton<IdempotencyStore>()
        .AddSingleton<BatchHttp>()
        .AddSingleton<SubmissionWriter>()
        .AddSingleton<TargetWriter>()
        .AddSingleton<Locks.LockWriter>();
}
