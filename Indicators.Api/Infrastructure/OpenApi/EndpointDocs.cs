using Indicators.Api.Infrastructure.Http;

namespace Indicators.Api.Infrastructure.OpenApi;

internal static class EndpointDocs
{
    /// <summary>Declares the problem responses an endpoint can answer, so the document lists every status code.</summary>
    public static RouteHandlerBuilder Problems(this RouteHandlerBuilder b, params int[] statusCodes)
    {
        foreach (var status in statusCodes)
        {
            b.Produces<Problem>(status, Http.Problems.ContentType);
        }
        return b;
    }

    /// <summary>401 and 403 for every endpoint behind an API key, 429 for the rate limit, 500/503 for the server.</summary>
    public static RouteHandlerBuilder AuthProblems(this RouteHandlerBuilder b) => b.Problems(401, 403, 429, 500, 503);

    /// <summary>
    /// 431: Kestrel refuses request headers over 32 KB before routing, with no body. Every endpoint can answer it; only the
    /// anonymous probes, which have no other client error, declare it (OpenAPI wants a 4xx on every operation).
    /// </summary>
    public static RouteHandlerBuilder HeaderLimitProblem(this RouteHandlerBuilder b) => b.Produces(431);

    /// <summary>
    /// A request header the endpoint reads itself (not bound from the request DTO), shown as an optional header parameter.
    /// It takes no example on purpose: Swagger UI would put it into the Try-it-out field and send it with every try (the same
    /// Idempotency-Key on every batch would replay the first answer, then refuse the second batch with 422).
    /// </summary>
    public static RouteHandlerBuilder RequestHeader(this RouteHandlerBuilder b, string name, string description) =>
        b.WithMetadata(new DocumentedHeader(name, description, null, null));

    /// <summary>A header the endpoint sets on answers with this status.</summary>
    public static RouteHandlerBuilder ResponseHeader(this RouteHandlerBuilder b, int status, string name, string description, string? example = null) =>
        b.WithMetadata(new DocumentedHeader(name, description, example, status));
}

/// <summary>A header for the OpenAPI document (see <see cref="EndpointDocs.RequestHeader"/>); <c>Status</c> null: a request header.</summary>
internal sealed record DocumentedHeader(string Name, string Description, string? Example, int? Status);
