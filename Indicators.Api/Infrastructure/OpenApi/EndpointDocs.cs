using Indicators.Api.Infrastructure.Http;

namespace Indicators.Api.Infrastructure.OpenApi;

public static class EndpointDocs
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
}
