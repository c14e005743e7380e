using System.Text.Json.Serialization;
using FastEndpoints;
using Indicators.Api.Infrastructure.Auth;
using Indicators.Api.Infrastructure.Database;
using Indicators.Api.Infrastructure.Http;
using Indicators.Api.Infrastructure.Observability;
using Indicators.Api.Infrastructure.OpenApi;
using Indicators.Api.Infrastructure.Seeding;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Indicators.Api.Kernel.Batches;
using Indicators.Api.Kernel.Batches.Sqlite;
using Indicators.Api.Kernel.Batches.SqlServer;
using Indicators.Api.Infrastructure.Auth.Sqlite;
using Indicators.Api.Infrastructure.Auth.SqlServer;
using Microsoft.Extensions.Options;

namespace Indicators.Api.Infrastructure;

/// <summary>Composition of the service: what Program.cs calls.</summary>
internal static class Startup
{
    public static WebApplicationBuilder AddIndicators(this WebApplicationBuilder builder, bool command)
    {
        DapperSetup.Register();
        if (command)
        {
            // A command's output is its answer (the last line of keys create is the key): logs go to stderr.
            builder.Logging.ClearProviders();
            builder.Logging.AddConsole(o => o.LogToStandardErrorThreshold = LogLevel.Trace);
            builder.Logging.SetMinimumLevel(LogLevel.Warning);
        }
        else if (!builder.Environment.IsDevelopment())
        {
            builder.Logging.ClearProviders();
            // SPEC "Observability": each line carries the trace and span it was written in, as the one "Scopes" entry that
            // the activity adds (with the request's own scope); every other field keeps its shape.
            builder.Logging.AddJsonConsole(o =>
            {
                o.UseUtcTimestamp = true;
                o.IncludeScopes = true;
            });
        }
        builder.Logging.Configure(o => o.ActivityTrackingOptions = ActivityTrackingOptions.TraceId | ActivityTrackingOptions.SpanId);

        var services = builder.Services;
        // Every setting is read through validated options: a bad value stops the start with its message.
        services.AddOptions<SeedOptions>().BindConfiguration(SeedOptions.Section).ValidateOnStart();
        services.AddOptions<ApiOptions>().BindConfiguration(ApiOptions.Section)
            .Validate(o => o.MaxRequestBodyBytes >= 1024, "Api:MaxRequestBodyBytes must be at least 1024.")
            .Validate(o => o.RequestTimeoutSeconds is > 0 and <= 3600, "Api:RequestTimeoutSeconds must be from 1 to 3600.")
            .ValidateOnStart();
        services.AddOptions<RateLimitOptions>().BindConfiguration(RateLimitOptions.Section)
            .Validate(o => o.PermitsPerMinute is >= 1 and <= 1_000_000, "RateLimit:PermitsPerMinute must be from 1 to 1000000.")
            .ValidateOnStart();
        services.AddOptions<SwaggerOptions>().BindConfiguration(SwaggerOptions.Section).ValidateOnStart();
        services.AddOptions<Kernel.Sdmx.SdmxOptions>().BindConfiguration(Kernel.Sdmx.SdmxOptions.Section)
            .Validate(o => Kernel.Sdmx.SdmxOptions.IsValidId(o.AgencyId),
                "Sdmx:AgencyId must be an SDMX id: a letter, then letters, digits, '_' or '-' (at most 255), e.g. INDICATORS.")
            .ValidateOnStart();
        services.AddOptions<ReadCacheOptions>().BindConfiguration(ReadCacheOptions.Section)
            .Validate(o => o.MaxBytes >= 0, "ReadCache:MaxBytes must not be negative.")
            .Validate(o => o.MaxFigures >= 0, "ReadCache:MaxFigures must not be negative.")
            .ValidateOnStart();

        services.TryAddSingleton(TimeProvider.System);
        services.AddDatabase();
        services.AddPerDialect<IKeyLookup, SqliteKeyLookup, SqlServerKeyLookup>();
        services.AddPerDialect<IBatchStaging, SqliteBatchStaging, SqlServerBatchStaging>();
        // Every [Singleton] of the slices, the kernel and the infrastructure (writers, seed steps, commands): Scrutor
        // scans the assembly, so adding a slice's service needs no line here.
        services.Scan(scan => scan.FromAssemblyOf<Db>()
            .AddClasses(c => c.WithAttribute<SingletonAttribute>(), publicOnly: false)
            .AsSelfWithInterfaces()
            .WithSingletonLifetime());

        services.AddIndicatorsAuthentication(builder.Configuration);
        services.AddIndicatorsTelemetry(builder.Configuration, command);
        services.AddAuthorization();
        services.AddIndicatorsRateLimiting();
        services.AddExceptionHandler<UnhandledExceptionHandler>();
        services.AddProblemDetails();
        services.AddFastEndpoints(o => o.IncludeAbstractValidators = false);
        services.AddIndicatorsOpenApi(bearer: AuthenticationSetup.JwtEnabled(builder.Configuration));

        if (!command)
        {
            // Building the app builds Kestrel, so a bad Api setting stops a server there, before the database is touched;
            // a command never serves and does not depend on these settings.
            services.AddOptions<KestrelServerOptions>().Configure<IOptions<ApiOptions>, IOptions<JwtOptions>>((k, api, jwt) =>
            {
                // A half-configured Auth:Jwt stops a server here too, before the database is touched.
                _ = jwt.Value;
                k.Limits.MaxRequestBodySize = api.Value.MaxRequestBodyBytes;
                // Long enough that a long query string reaches RequestLimits and gets a 414 problem, not a bare 414.
                k.Limits.MaxRequestLineSize = 64 * 1024;
                k.Limits.MaxRequestHeadersTotalSize = 32 * 1024;
                k.AddServerHeader = false;
            });
        }
        return builder;
    }

    /// <summary>Migrations, first-start seeding and the Development demo keys, before the first request.</summary>
    public static async Task PrepareDatabaseAsync(this WebApplication app)
    {
        var sp = app.Services;
        var db = sp.GetRequiredService<Db>();
        if (sp.GetRequiredService<IOptions<DatabaseOptions>>().Value.MigrateOnStartup)
        {
            await sp.GetRequiredService<Migrator>().MigrateAsync();
        }
        // The embedded database starts with the province's data; production starts empty unless asked (Seed:OnStartup).
        var seed = sp.GetRequiredService<IOptions<SeedOptions>>().Value.OnStartup ?? (db.SeedsByDefault && !app.Environment.IsProduction());
        if (seed)
        {
            await sp.GetRequiredService<Seeder>().SeedAsync(force: false, CancellationToken.None);
        }
        if (app.Environment.IsDevelopment() && sp.GetRequiredService<IOptions<ApiOptions>>().Value.DemoKeys)
        {
            await DemoKeys.EnsureAsync(sp.GetRequiredService<ApiKeyStore>(), app.Logger);
        }
    }

    public static WebApplication UseIndicators(this WebApplication app)
    {
        // The warm-up sends its requests into the pipeline from here, so routing is placed explicitly after it (where
        // WebApplication would put it anyway: first).
        app.UseMiddleware<WarmUpEntry>();
        app.UseRouting();
        app.UseMiddleware<SecurityHeaders>();
        app.UseExceptionHandler();
        app.UseStatusCodePages(StatusCodePages.WriteAsync);
        app.UseMiddleware<RequestLimits>();
        app.UseIndicatorsMetricsEndpoint();
        app.UseMiddleware<ETagMiddleware>();
        app.UseIndicatorsBatchResults();
        app.UseAuthentication();
        app.UseIndicatorsRateLimiting();
        app.UseAuthorization();
        app.UseMiddleware<ReadCache>();
        app.UseMiddleware<JsonContentTypeRequired>();
        app.UseFastEndpoints(c =>
        {
            c.Serializer.Options.UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow;
            c.Serializer.Options.AllowDuplicateProperties = false;
            // Numbers are JSON numbers (SPEC "Shapes"): "12" is a string, not twelve.
            c.Serializer.Options.NumberHandling = JsonNumberHandling.Strict;
            c.Serializer.Options.Converters.Add(new ExactDecimalConverter());
            // A query or route value that is not of its type: say what it must be, without echoing it back.
            c.Binding.FailureMessage = ValueBinding.FailureMessage;
            // Vietnamese stays readable; HTML-significant characters in stored text (<, >, &, ') go out as \u escapes, so a note
            // holding markup is data in every answer, never markup.
            c.Serializer.Options.Encoder = System.Text.Encodings.Web.JavaScriptEncoder.Create(System.Text.Unicode.UnicodeRanges.All);
            c.Serializer.Options.DefaultIgnoreCondition = JsonIgnoreCondition.Never;
            c.Errors.ContentType = Problems.ContentType;
            c.Errors.ProducesMetadataType = typeof(Problem);
            c.Errors.ResponseBuilder = Problems.FromFailures;
            c.Errors.GeneralErrorsField = Problems.GeneralField;
            c.Serializer.SerializerErrorsField = Problems.GeneralField;
            c.Serializer.RequestDeserializer = JsonBodyErrors.Deserializer(c.Serializer.Options);
            c.Binding.JsonExceptionTransformer = JsonBodyErrors.Transform;
        });
        if (app.Services.GetRequiredService<IOptions<SwaggerOptions>>().Value.Enabled)
        {
            app.UseIndicatorsOpenApi();
        }
        app.Lifetime.ApplicationStarted.Register(() =>
        {
            var warmUp = app.Services.GetRequiredService<ViewWarmUp>();
            _ = Task.Run(() => warmUp.RunAsync(app.Services, app.Lifetime.ApplicationStopping));
            var addresses = app.Services.GetService<Microsoft.AspNetCore.Hosting.Server.IServer>()?.Features.Get<IServerAddressesFeature>()?.Addresses ?? [];
            foreach (var address in addresses)
            {
                app.Logger.LogInformation("Indicators API listening on {Address}; Swagger UI at {Address}/swagger", address, address.TrimEnd('/'));
            }
        });
        return app;
    }
}
