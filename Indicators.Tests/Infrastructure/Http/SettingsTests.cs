using Indicators.Api.Infrastructure;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Indicators.Tests.Support;

namespace Indicators.Tests.Infrastructure.Http;

/// <summary>
/// Settings reach Kestrel and the rate limiter only through the validated options (not read from configuration
/// beside them), and a bad value stops the start with a message that names the setting.
/// </summary>
public sealed class SettingsTests
{
    private static async Task<T> WithAppAsync<T>(Func<IServiceProvider, T> read, params (string Key, string Value)[] settings)
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { EnvironmentName = "Testing", ContentRootPath = AppContext.BaseDirectory });
        builder.Configuration.AddInMemoryCollection(settings.Select(s => new KeyValuePair<string, string?>(s.Key, s.Value)));
        builder.AddIndicators(command: false);
        await using var app = builder.Build();
        return read(app.Services);
    }

    [Fact]
    public async Task Kestrel_takes_the_body_limit_from_the_api_options()
    {
        var limits = await WithAppAsync(sp => sp.GetRequiredService<IOptions<KestrelServerOptions>>().Value, ("Api:MaxRequestBodyBytes", "4096"));

        Assert.Equal(4096, limits.Limits.MaxRequestBodySize);
        Assert.Equal(64 * 1024, limits.Limits.MaxRequestLineSize);
        Assert.Equal(32 * 1024, limits.Limits.MaxRequestHeadersTotalSize);
        Assert.False(limits.AddServerHeader);
        Assert.Equal(8 * 1024 * 1024, (await WithAppAsync(sp => sp.GetRequiredService<IOptions<KestrelServerOptions>>().Value)).Limits.MaxRequestBodySize);
    }

    [Fact]
    public async Task The_rate_limiter_is_configured_from_the_rate_limit_options()
    {
        var on = await WithAppAsync(sp => sp.GetRequiredService<IOptions<RateLimiterOptions>>().Value, ("RateLimit:PermitsPerMinute", "120"));
        var off = await WithAppAsync(sp => sp.GetRequiredService<IOptions<RateLimiterOptions>>().Value, ("RateLimit:Enabled", "false"));

        Assert.NotNull(on.GlobalLimiter);
        Assert.NotNull(on.OnRejected);
        Assert.Null(off.GlobalLimiter);
    }

    /// <summary>Building the app for a server (Kestrel reads the Api settings), then what the host checks when it starts.</summary>
    private static async Task<Exception?> StartFailureAsync(params (string Key, string Value)[] settings)
    {
        try
        {
            await WithAppAsync(sp =>
            {
                sp.GetRequiredService<IStartupValidator>().Validate();
                return 0;
            }, settings);
            return null;
        }
        catch (Exception ex)
        {
            return ex;
        }
    }

    [Theory]
    [InlineData("Api:MaxRequestBodyBytes", "100", "Api:MaxRequestBodyBytes must be at least 1024.")]
    [InlineData("Api:RequestTimeoutSeconds", "0", "Api:RequestTimeoutSeconds must be from 1 to 3600.")]
    [InlineData("RateLimit:PermitsPerMinute", "0", "RateLimit:PermitsPerMinute must be from 1 to 1000000.")]
    [InlineData("ReadCache:MaxBytes", "-1", "ReadCache:MaxBytes must not be negative.")]
    public async Task A_bad_value_stops_the_start_with_its_message(string key, string value, string message)
    {
        var ex = await StartFailureAsync((key, value));

        Assert.Equal(message, Assert.IsType<OptionsValidationException>(ex).Message);
    }

    [Fact]
    public async Task A_value_that_does_not_bind_stops_the_start_too()
    {
        Assert.IsType<InvalidOperationException>(await StartFailureAsync(("Swagger:Enabled", "maybe")));
        Assert.Null(await StartFailureAsync());
    }
}
