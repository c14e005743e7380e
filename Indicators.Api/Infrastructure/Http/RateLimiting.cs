using System.Globalization;
using System.Threading.RateLimiting;
using Indicators.Api.Infrastructure.Auth;
using Microsoft.AspNetCore.RateLimiting;

namespace Indicators.Api.Infrastructure.Http;

/// <summary>Section <c>RateLimit</c>: requests per minute per API key (per client address for requests without a valid key).</summary>
public sealed class RateLimitOptions
{
    public const string Section = "RateLimit";

    public bool Enabled { get; set; } = true;

    /// <summary>Sustained requests per minute; a client may also burst up to this many at once.</summary>
    public int PermitsPerMinute { get; set; } = 600;
}

/// <summary>
/// SPEC "Callers and rights": too many requests from one key → 429 with Retry-After. A token bucket per
/// authenticated key (so a valid key is never throttled by its neighbours behind one NAT), and per client
/// address for anonymous requests and unknown keys. The buckets live in memory, so the limit holds per replica.
/// </summary>
public static class RateLimiting
{
    public static IServiceCollection AddIndicatorsRateLimiting(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<RateLimitOptions>().BindConfiguration(RateLimitOptions.Section)
            .Validate(o => o.PermitsPerMinute is >= 1 and <= 1_000_000, "RateLimit:PermitsPerMinute must be from 1 to 1000000.")
            .ValidateOnStart();
        var o = configuration.GetSection(RateLimitOptions.Section).Get<RateLimitOptions>() ?? new RateLimitOptions();
        if (!o.Enabled || o.PermitsPerMinute < 1)
        {
            return services;
        }
        // Refill at least a second's worth at a time: the limiter's timer ticks every 100 ms.
        var tokensPerPeriod = (int)Math.Ceiling(o.PermitsPerMinute / 60.0);
        var period = TimeSpan.FromSeconds(60.0 * tokensPerPeriod / o.PermitsPerMinute);
        services.AddRateLimiter(r =>
        {
            r.GlobalLimiter = PartitionedRateLimiter.Create<HttpContext, string>(context =>
                RateLimitPartition.GetTokenBucketLimiter(PartitionKey(context), _ => new TokenBucketRateLimiterOptions
                {
                    TokenLimit = o.PermitsPerMinute,
                    TokensPerPeriod = tokensPerPeriod,
                    ReplenishmentPeriod = period,
                    QueueLimit = 0,
                    AutoReplenishment = true,
                }));
            r.OnRejected = async (rejected, ct) =>
            {
                var wait = rejected.Lease.TryGetMetadata(MetadataName.RetryAfter, out var retryAfter) ? retryAfter : period;
                var seconds = Math.Max(1, (int)Math.Ceiling(wait.TotalSeconds));
                rejected.HttpContext.Response.Headers.RetryAfter = seconds.ToString(CultureInfo.InvariantCulture);
                await Problems.WriteAsync(rejected.HttpContext, ProblemTypes.TooManyRequests,
                    $"More than {o.PermitsPerMinute} requests a minute came from this API key (or, without a valid key, from this address). Retry after the time in Retry-After.");
            };
        });
        return services;
    }

    /// <summary>After authentication, so the partition is the key that was proven, not the text that was sent.</summary>
    public static WebApplication UseIndicatorsRateLimiting(this WebApplication app)
    {
        var o = app.Configuration.GetSection(RateLimitOptions.Section).Get<RateLimitOptions>() ?? new RateLimitOptions();
        if (o.Enabled)
        {
            app.UseRateLimiter();
        }
        return app;
    }

    public static string PartitionKey(HttpContext context) =>
        context.User.FindFirst(Caller.KeyIdClaim)?.Value is { Length: > 0 } keyId
            ? "key:" + keyId
            : "ip:" + context.Connection.RemoteIpAddress;
}
