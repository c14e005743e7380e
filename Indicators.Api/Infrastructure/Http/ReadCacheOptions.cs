namespace Indicators.Api.Infrastructure.Http;

/// <summary>Section <c>ReadCache</c>: the in-memory cache of the computed read views.</summary>
internal sealed class ReadCacheOptions
{
    public const string Section = "ReadCache";

    public bool Enabled { get; set; } = true;

    /// <summary>Bytes of response bodies kept, at most (the least recently used go first).</summary>
    public long MaxBytes { get; set; } = 32 * 1024 * 1024;
}
