using System.Globalization;
using System.Threading.RateLimiting;
using Indicators.Api.Infrastructure.Auth;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.Options;

namespace Indicators.Api.Infrastructure.Http;

/// <summary>
/// SPEC "Callers and rights": too many requests from one key → 429 with Retry-After. A token bucket per
/// authenticated key (so a valid key is never throttled by its neighbours behind one NAT), and per client
/// address for anonymous requests and unknown keys. The buckets live in memory, so the limit holds per replica.
/// </summary>
internal static class RateLimiting
{
    /// <summary>The limiter, configured from the validated <see cref="RateLimitOptions"/> when it is first needed.</summary>
    public static IServiceCollection AddIndicatorsRateLimiting(this IServiceCollection services)
    {
        services.AddRateLimiter(_ => { });
        services.AddOptions<RateLimiterOptions>().Configure<IOptions<RateLimitOptions>>((r, settings) =>
        {
            var o = settings.Value;
            if (!o.Enabled)
            {
                return;
            }
            // Refill at least a second's worth at a time: the limiter's timer ticks every 100 ms.
            var tokensPerPeriod = (int)Math.Ceiling(o.PermitsPerMinute / 60.0);
            var period = TimeSpan.FromSeconds(60.0 * tokensPerPeriod / o.PermitsPerMinute);
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
        if (app.Services.GetRequiredService<IOptions<RateLimitOptions>>().Value.Enabled)
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
