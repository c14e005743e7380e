using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.Extensions.Options;
using Microsoft.Net.Http.Headers;

namespace Indicators.Api.Infrastructure.Auth;

/// <summary>
/// API keys and, when <c>Auth:Jwt</c> is set, bearer tokens side by side (SPEC "Identity"): then a policy scheme sends a
/// request under /api that carries an <c>Authorization</c> header to the bearer handler and every other request to
/// the API-key handler, so each request is judged by the one credential it presents, and the 401 or 403 is written
/// by the handler that judged it.
/// </summary>
internal static class AuthenticationSetup
{
    public const string SchemeName = "Indicators";

    public static IServiceCollection AddIndicatorsAuthentication(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<JwtOptions>().BindConfiguration(JwtOptions.Section).ValidateOnStart();
        services.AddSingleton<IValidateOptions<JwtOptions>, JwtOptionsValidation>();
        // Which handlers exist is decided here, at composition; the settings themselves are checked at start.
        if (!JwtEnabled(configuration))
        {
            // API keys alone: their handler is the default scheme itself. A policy scheme in front of it would resolve a
            // second handler on every request for nothing (measured on the cached one-row view, bench (b)).
            services.AddAuthentication(ApiKeyAuthentication.SchemeName)
                .AddScheme<AuthenticationSchemeOptions, ApiKeyAuthentication>(ApiKeyAuthentication.SchemeName, null);
            return services;
        }
        services.AddAuthentication(SchemeName)
            .AddPolicyScheme(SchemeName, "API key or bearer token", o => o.ForwardDefaultSelector = Select)
            .AddScheme<AuthenticationSchemeOptions, ApiKeyAuthentication>(ApiKeyAuthentication.SchemeName, null)
            .AddJwtBearer(TokenAuthentication.SchemeName, _ => { });
        services.AddSingleton<TokenEvents>();
        services.AddOptions<JwtBearerOptions>(TokenAuthentication.SchemeName)
            .Configure<IOptions<JwtOptions>, TimeProvider, ILoggerFactory>(TokenAuthentication.Configure);
        return services;
    }

    /// <summary>Whether the configuration turns bearer tokens on (any setting of <c>Auth:Jwt</c> that
    /// <see cref="JwtOptions.Enabled"/> looks at).</summary>
    public static bool JwtEnabled(IConfiguration configuration) =>
        (configuration.GetSection(JwtOptions.Section).Get<JwtOptions>() ?? new JwtOptions()).Enabled;

    private static string Select(HttpContext context) =>
        context.Request.Path.StartsWithSegments("/api") && context.Request.Headers.ContainsKey(HeaderNames.Authorization)
            ? TokenAuthentication.SchemeName
            : ApiKeyAuthentication.SchemeName;
}
