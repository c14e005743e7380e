namespace Indicators.Api.Infrastructure.Http;

/// <summary>Section <c>RateLimit</c>: requests per minute per API key (per client address for requests without a valid key).</summary>
internal sealed class RateLimitOptions
{
    public const string Section = "RateLimit";

    public bool Enabled { get; set; } = true;

    /// <summary>Sustained requests per minute; a client may also burst up to this many at once.</summary>
    public int PermitsPerMinute { get; set; } = 600;
}
