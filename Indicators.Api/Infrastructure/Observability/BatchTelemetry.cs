using System.Diagnostics;

namespace Indicators.Api.Infrastructure.Observability;

/// <summary>
/// Batch writes in traces and metrics (SPEC "Observability"): a span per batch write (<see cref="StartWrite"/>, in the
/// one write path), the values a stored batch created, updated or left unchanged (<see cref="Stored"/>), and the
/// result of every batch request (<see cref="BatchResults"/>).
/// </summary>
internal static class BatchTelemetry
{
    public const string Values = "values";
    public const string Targets = "targets";

    /// <summary>The span of one batch write: its kind (values or targets) and items now, its outcome when it ends.</summary>
    public static Activity? StartWrite(string kind, int items, bool dryRun)
    {
        if (!Telemetry.Source.HasListeners())
        {
            return null;
        }
        var span = Telemetry.Source.StartActivity("batch write " + kind);
        span?.SetTag("indicators.batch.kind", kind);
        span?.SetTag("indicators.batch.items", items);
        span?.SetTag("indicators.batch.dry_run", dryRun);
        return span;
    }

    /// <summary>How the write ended: <c>written</c>, <c>unchanged</c> (every item as stored), <c>dry-run</c> or
    /// <c>refused</c> (a guard — the period locks — refused it), with the receipt's counts.</summary>
    public static void Ended(Activity? span, string outcome, int created, int updated, int unchanged)
    {
        if (span is null)
        {
            return;
        }
        span.SetTag("indicators.batch.outcome", outcome);
        span.SetTag("indicators.batch.created", created);
        span.SetTag("indicators.batch.updated", updated);
        span.SetTag("indicators.batch.unchanged", unchanged);
    }

    public static void Failed(Activity? span, Exception exception)
    {
        span?.AddException(exception);
        span?.SetStatus(ActivityStatusCode.Error, exception.GetType().Name);
    }

    /// <summary>A batch request was answered with its stored receipt (not a dry run, not a replay): what its items did.</summary>
    public static void Stored(string kind, int created, int updated, int unchanged)
    {
        var counter = kind == Targets ? Telemetry.TargetsWritten : Telemetry.ValuesWritten;
        if (!counter.Enabled)
        {
            return;
        }
        counter.Add(created, new KeyValuePair<string, object?>("outcome", "created"));
        counter.Add(updated, new KeyValuePair<string, object?>("outcome", "updated"));
        counter.Add(unchanged, new KeyValuePair<string, object?>("outcome", "unchanged"));
    }

    /// <summary>The <c>result</c> of a batch request, from its answer: 200/201 accepted (or replayed, when it is the
    /// stored answer to an earlier request with the same Idempotency-Key); 400, 413 and 415 invalid; 403 forbidden;
    /// 409 (a lock, a request in progress) and 422 (an Idempotency-Key reused) conflict. 401, 429 and 5xx are not a
    /// batch's result (no caller, or no answer about the batch), so they are not counted here.</summary>
    public static string? ResultOf(HttpResponse response) => response.StatusCode switch
    {
        200 or 201 => response.Headers[ReplayedHeader] == "true" ? "replayed" : "accepted",
        400 or 413 or 415 => "invalid",
        403 => "forbidden",
        409 or 422 => "conflict",
        _ => null,
    };

    /// <summary>Set by the batch endpoints on a replayed answer (Kernel/Batches/BatchHttp.cs).</summary>
    public const string ReplayedHeader = "Idempotent-Replayed";
}

/// <summary>Endpoint metadata: the endpoint takes a batch, so <see cref="BatchResults"/> counts its answers.</summary>
internal sealed class BatchEndpointMetadata
{
    public static readonly BatchEndpointMetadata Instance = new();
}

/// <summary>
/// Counts <c>indicators.batches</c> by result for the endpoints marked with <see cref="BatchEndpointMetadata"/>, from
/// the answer as it starts (so a client that has its answer can already read the count), whatever wrote it: the
/// endpoint, FastEndpoints' validation, the authorization (a role that may not write). Sits before authentication.
/// </summary>
internal sealed class BatchResults(RequestDelegate next)
{
    public Task InvokeAsync(HttpContext context)
    {
        if (context.GetEndpoint()?.Metadata.GetMetadata<BatchEndpointMetadata>() is not null)
        {
            context.Response.OnStarting(Record, context);
        }
        return next(context);
    }

    private static Task Record(object state)
    {
        var response = ((HttpContext)state).Response;
        if (BatchTelemetry.ResultOf(response) is { } result)
        {
            Telemetry.Batches.Add(1, new KeyValuePair<string, object?>("result", result));
            Telemetry.RecordedCurrent?.SetTag("indicators.batch.result", result);
        }
        return Task.CompletedTask;
    }
}
