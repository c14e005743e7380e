using System.Diagnostics;
using System.Text.Json;
using System.Text.Json.Serialization;
using FluentValidation.Results;

namespace Indicators.Api.Infrastructure.Http;

/// <summary>An RFC 9457 problem. <c>errors</c> maps the JSON path of each offending field to its messages.</summary>
internal sealed class Problem
{
    /// <example>urn:indicators:problem:validation</example>
    public required string Type { get; init; }

    /// <example>The request is not valid.</example>
    public required string Title { get; init; }

    /// <example>400</example>
    public required int Status { get; init; }

    /// <example>2 fields are not valid: values[0].period, values[3].value.</example>
    public required string Detail { get; init; }

    /// <example>/api/v1/submissions</example>
    public required string Instance { get; init; }

    /// <summary>The W3C trace id of the request (32 hex digits): continued from a <c>traceparent</c> header when one was sent.</summary>
    /// <example>4bf92f3577b34da6a3ce929d0e0e4736</example>
    public required string TraceId { get; init; }

    /// <summary>Messages by the JSON path of the field at fault (validation problems only).</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public Dictionary<string, string[]>? Errors { get; init; }
}

internal static class Problems
{
    public const string TypePrefix = "urn:indicators:problem:";
    public const string ContentType = "application/problem+json";

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.Create(System.Text.Unicode.UnicodeRanges.All),
    };

    public static Problem Create(HttpContext context, ProblemType type, string detail, Dictionary<string, string[]>? errors = null) => new()
    {
        Type = type.Uri,
        Title = type.Title,
        Status = type.Status,
        Detail = detail,
        Instance = context.Request.Path.Value ?? "/",
        // SPEC "Observability": the trace's id (W3C, 32 hex digits), the one an incoming traceparent named, the logs carry
        // and a trace backend finds the request by.
        TraceId = Activity.Current is { } activity ? activity.TraceId.ToHexString() : context.TraceIdentifier,
        Errors = errors,
    };

    /// <summary>The trace id the OpenAPI examples show (the trace id of the W3C Trace Context specification's own example).</summary>
    public const string ExampleTraceId = "4bf92f3577b34da6a3ce929d0e0e4736";

    /// <summary>A problem as an endpoint's OpenAPI example shows it.</summary>
    public static Problem Example(ProblemType type, string instance, string detail, Dictionary<string, string[]>? errors = null) => new()
    {
        Type = type.Uri,
        Title = type.Title,
        Status = type.Status,
        Detail = detail,
        Instance = instance,
        TraceId = ExampleTraceId,
        Errors = errors,
    };

    public static async Task WriteAsync(HttpContext context, ProblemType type, string detail, Dictionary<string, string[]>? errors = null)
    {
        if (context.Response.HasStarted)
        {
            return;
        }
        context.Response.StatusCode = type.Status;
        context.Response.ContentType = ContentType;
        await JsonSerializer.SerializeAsync(context.Response.Body, Create(context, type, detail, errors), Json, context.RequestAborted);
    }

    /// <summary>FastEndpoints' error response builder: validation failures become one problem keyed by JSON path.</summary>
    public static object FromFailures(List<ValidationFailure> failures, HttpContext context, int status)
    {
        var errors = failures
            .GroupBy(f => JsonPath(f.PropertyName))
            .ToDictionary(g => g.Key, g => g.Select(f => f.ErrorMessage).Distinct().ToArray());
        var fields = errors.Keys.Where(k => k != GeneralField).ToList();
        var detail = fields.Count switch
        {
            0 => string.Join(" ", errors.Values.SelectMany(v => v)),
            1 => $"{fields[0]}: {errors[fields[0]][0]}",
            _ => $"{fields.Count} fields are not valid: {string.Join(", ", fields.Take(10))}{(fields.Count > 10 ? ", …" : "")}.",
        };
        return Create(context, ProblemTypes.ForFailures(status), detail, errors);
    }

    public const string GeneralField = "request";

    /// <summary>Messages keyed by JSON path (what the writers return) as FastEndpoints validation failures.</summary>
    public static IEnumerable<ValidationFailure> Failures(IReadOnlyDictionary<string, string[]> errors) =>
        errors.SelectMany(e => e.Value.Select(m => new ValidationFailure(e.Key, m)));

    /// <summary><c>Values[3].Period</c> → <c>values[3].period</c>: the path as the client wrote it in JSON.</summary>
    public static string JsonPath(string propertyName)
    {
        if (string.IsNullOrEmpty(propertyName))
        {
            return GeneralField;
        }
        var parts = propertyName.Split('.');
        for (var i = 0; i < parts.Length; i++)
        {
            var p = parts[i];
            if (p.Length > 0 && char.IsUpper(p[0]))
            {
                parts[i] = char.ToLowerInvariant(p[0]) + p[1..];
            }
        }
        return string.Join('.', parts);
    }
}

/// <summary>A problem as an <see cref="IResult"/>, for endpoints to send with <c>Send.ResultAsync</c>.</summary>
internal sealed class ProblemResult(ProblemType type, string detail, Dictionary<string, string[]>? errors = null) : IResult
{
    public Task ExecuteAsync(HttpContext httpContext) => Problems.WriteAsync(httpContext, type, detail, errors);

    public static ProblemResult NotFound(string detail) => new(ProblemTypes.NotFound, detail);
}
