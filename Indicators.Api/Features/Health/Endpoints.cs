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

internal sealed class ReadyEndpoint(Db db, Migrator migrator) : EndpointWithoutRequest<HealthResponse>
{
    public override void Configure()
    {
        Get("/health/ready");
        AllowAnonymous();
        Description(b => b.Produces<HealthResponse>(200).HeaderLimitProblem().Problems(503));
        Summary(s =>
        {
            s.Summary = "Readiness";
            s.Description = "200 when the database answers and every migration is applied; otherwise 503 with Retry-After.";
            s.Responses[503] = "Not ready: the database is not reachable, or migrations are pending. Retry after the seconds in Retry-After.";
            s.ResponseExamples[503] = new Problem
            {
                Type = Problems.TypePrefix + "not-ready",
                Title = "Service unavailable",
                Status = 503,
                Detail = "The database is not reachable.",
                Instance = "/health/ready",
                TraceId = "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01",
            };
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
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            problem = "The database is not reachable.";
        }
        if (problem is not null)
        {
            HttpContext.Response.Headers.RetryAfter = "5";
            await Problems.WriteAsync(HttpContext, 503, "not-ready", "Service unavailable", problem);
            return;
        }
        await Send.OkAsync(new HealthResponse(), ct);
    }
}
