namespace Indicators.Api.Infrastructure.Http;

/// <summary>Section <c>ReadCache</c>: the in-memory cache of the computed read views.</summary>
internal sealed class ReadCacheOptions
{
    public const string Section = "ReadCache";

    public bool Enabled { get; set; } = true;

    /// <summary>Bytes of answers kept, at most: their bodies with their keys and headers (<see cref="ViewResponses.SizeOf"/>;
    /// the least recently used go first).</summary>
    public long MaxBytes { get; set; } = 32 * 1024 * 1024;

    /// <summary>Stored figures (values and targets) the views keep in memory with what they resolved from them, at most
    /// (the blocks of the least recently used indicator, org unit and year go first). About 100 bytes each.</summary>
    public long MaxFigures { get; set; } = 600_000;

    /// <summary>Compute the views the dashboards ask first (the province's figures of the latest year) before the
    /// service reports ready, so a new replica answers them without a cold computation (<see cref="ViewWarmUp"/>).</summary>
    public bool WarmUp { get; set; } = true;
}
