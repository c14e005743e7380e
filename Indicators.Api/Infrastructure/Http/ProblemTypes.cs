namespace Indicators.Api.Infrastructure.Http;

/// <summary>
/// One kind of problem the service answers (RFC 9457 §3.1): the <c>type</c> URI, the <c>title</c> that goes with it and
/// the status it is answered with. The <c>detail</c> is each answer's own.
/// </summary>
internal sealed record ProblemType(string Slug, int Status, string Title)
{
    /// <summary><c>urn:indicators:problem:</c> and the slug: a name, never fetched (RFC 9457 §3.1.1 allows a non-resolvable URI).</summary>
    public string Uri => Problems.TypePrefix + Slug;
}

/// <summary>
/// Every problem type the service answers, in one table: the status-code pages, the exception handler, the request
/// limits, the rate limiter, authentication, FastEndpoints' validation answer, the endpoints and the OpenAPI examples
/// all take their type, title and status from here, so one kind of problem is written the same way everywhere.
/// </summary>
internal static class ProblemTypes
{
    public static readonly ProblemType Validation = new("validation", 400, "The request is not valid.");

    /// <summary>A request Kestrel could not read (a broken chunked body, say), answered with the 4xx Kestrel chose.</summary>
    public static readonly ProblemType BadRequest = new("bad-request", 400, "Bad request");

    public static readonly ProblemType Unauthorized = new("unauthorized", 401, "Unauthorized");
    public static readonly ProblemType Forbidden = new("forbidden", 403, "Forbidden");
    public static readonly ProblemType NotFound = new("not-found", 404, "Not found");
    public static readonly ProblemType MethodNotAllowed = new("method-not-allowed", 405, "Method not allowed");

    /// <summary>An Accept header naming only representations the view does not write (an SDMX version other than 2.0).</summary>
    public static readonly ProblemType NotAcceptable = new("not-acceptable", 406, "Not acceptable");
    public static readonly ProblemType RequestTimeout = new("request-timeout", 408, "Request timeout");
    public static readonly ProblemType Conflict = new("conflict", 409, "Conflict");
    public static readonly ProblemType PeriodLocked = new("period-locked", 409, "Period locked");
    /// <summary>SPEC "Approval": a batch touches a value of an approved report.</summary>
    public static readonly ProblemType ReportApproved = new("report-approved", 409, "Report approved");

    /// <summary>SPEC "Approval": only a complete report can be approved; the answer lists what is missing.</summary>
    public static readonly ProblemType ReportIncomplete = new("report-incomplete", 409, "Report incomplete");

    public static readonly ProblemType IdempotencyKeyInUse = new("idempotency-key-in-use", 409, "Request in progress");
    public static readonly ProblemType PayloadTooLarge = new("payload-too-large", 413, "Payload too large");
    public static readonly ProblemType UriTooLong = new("uri-too-long", 414, "URI too long");
    public static readonly ProblemType UnsupportedMediaType = new("unsupported-media-type", 415, "Unsupported media type");
    public static readonly ProblemType Unprocessable = new("unprocessable", 422, "Unprocessable request");
    public static readonly ProblemType IdempotencyKeyReused = new("idempotency-key-reused", 422, "Idempotency-Key reused");
    public static readonly ProblemType TooManyRequests = new("too-many-requests", 429, "Too many requests");
    public static readonly ProblemType Internal = new("internal", 500, "Internal server error");
    public static readonly ProblemType DatabaseUnavailable = new("database-unavailable", 503, "Service unavailable");

    /// <summary>A read that ran longer than <c>Api:RequestTimeoutSeconds</c>; 503 because a retry may well succeed.</summary>
    public static readonly ProblemType Timeout = new("timeout", 503, "Service unavailable");

    /// <summary>The readiness probe: the database is unreachable or its schema is behind.</summary>
    public static readonly ProblemType NotReady = new("not-ready", 503, "Service unavailable");

    public static IReadOnlyList<ProblemType> All { get; } =
    [
        Validation, BadRequest, Unauthorized, Forbidden, NotFound, MethodNotAllowed, NotAcceptable, RequestTimeout, Conflict, PeriodLocked,
        ReportApproved, ReportIncomplete, IdempotencyKeyInUse, PayloadTooLarge, UriTooLong, UnsupportedMediaType, Unprocessable, IdempotencyKeyReused,
        TooManyRequests, Internal, DatabaseUnavailable, Timeout, NotReady,
    ];

    /// <summary>
    /// The problem FastEndpoints' validation answer carries for the status it answers with (<c>ThrowError</c> and the
    /// like may choose one): the general type of that status, else <see cref="Validation"/> with FastEndpoints' status.
    /// </summary>
    public static ProblemType ForFailures(int status) => status switch
    {
        403 => Forbidden,
        404 => NotFound,
        409 => Conflict,
        413 => PayloadTooLarge,
        415 => UnsupportedMediaType,
        422 => Unprocessable,
        400 => Validation,
        _ => Validation with { Status = status },
    };

    /// <summary>
    /// A status that reaches the client without a problem of its own and has no entry above: <c>http-NNN</c> titled with
    /// the status's reason phrase (RFC 9110 §15), so that even such an answer is a problem document.
    /// </summary>
    public static ProblemType ForBareStatus(int status) => new("http-" + status, status, ReasonPhrase(status));

    private static string ReasonPhrase(int status) =>
        Microsoft.AspNetCore.WebUtilities.ReasonPhrases.GetReasonPhrase(status) is { Length: > 0 } phrase ? phrase : "Error";
}
