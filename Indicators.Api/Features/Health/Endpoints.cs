using FastEndpoints;
using Indicators.Api.Infrastructure.Database;
using Indicators.Api.Infrastructure.Http;
using Indicators.Api.Infrastructure.OpenApi;

namespace Indicators.Api.Features.Health;

internal sealed class HealthResponse
{
    /// <example>ok</example>
    public string Status { get; set; } = "ok";
}

internal sealed class LiveEndpoint : EndpointWithoutRequest<HealthResponse>
{
    public override void Configure()
    {
        Get("/health/live");
        AllowAnonymous();
        Description(b => b.Produces<HealthResponse>(200).HeaderLimitProblem());
        Summary(s =>
        {
            s.Summary = "Liveness";
            s.Description = "200 while the process is serving requests. It does not touch the database.";
        });
        Tags("Health");
    }

    public override Task HandleAsync(CancellationToken ct) => Send.OkAsync(new HealthResponse(), ct);
}

internal sealed class ReadyEndpoint(Db db, Migrator migrator, ViewWarmUp warmUp) : EndpointWithoutRequest<HealthResponse>
{
    public override void Configure()
    {
        Get("/health/ready");
        AllowAnonymous();
        Description(b => b.Produces<HealthResponse>(200).HeaderLimitProblem().Problems(503));
        Summary(s =>
        {
            s.Summary = "Readiness";
            s.Description = "200 when the database answers, every migration is applied and the views dashboards ask first have been computed " +
                "(the warm-up, a second or two after a start); otherwise 503 with Retry-After.";
            s.Responses[503] = "Not ready: the database is not reachable, migrations are pending, or the views are warming up. Retry after the seconds in Retry-After.";
            s.ResponseExamples[503] = Problems.Example(ProblemTypes.NotReady, "/health/ready", "The database is not reachable.");
        });
        Tags("Health");
    }

    public override async Task HandleAsync(CancellationToken ct)
    {
        string? problem = null;
        try
        {
            await using var c = await db.OpenAsync(ct);
            await DataVersion.ReadAsync(db, c);
            if (!migrator.IsUpToDate())
            {
                problem = "The database schema is not up to date: run the migrate command.";
            }
            else if (!warmUp.Done)
            {
                problem = "The views dashboards ask first are being computed (warm-up).";
            }
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            problem = "The database is not reachable.";
        }
        if (problem is not null)
        {
            HttpContext.Response.Headers.RetryAfter = warmUp.Done ? "5" : "1";
            await Problems.WriteAsync(HttpContext, ProblemTypes.NotReady, problem);
            return;
        }
        await Send.OkAsync(new HealthResponse(), ct);
    }
}
