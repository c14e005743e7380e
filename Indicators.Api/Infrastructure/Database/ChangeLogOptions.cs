namespace Indicators.Api.Infrastructure.Database;

/// <summary>Section <c>ChangeLog</c>: how much of the change log writers keep (<see cref="ChangeLogPruner"/>).</summary>
internal sealed class ChangeLogOptions
{
    public const string Section = "ChangeLog";

    /// <summary>Versions kept. A replica whose caches are further behind than this drops them all and computes afresh;
    /// it is also the most a replica reads to catch up (about 100 rows a version for a district's monthly report).</summary>
    public int RetainVersions { get; set; } = 1000;

    /// <summary>Seconds between deletions of versions older than <see cref="RetainVersions"/>.</summary>
    public int PruneIntervalSeconds { get; set; } = 30;
}
