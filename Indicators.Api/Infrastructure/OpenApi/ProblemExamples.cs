using Indicators.Api.Infrastructure.Http;
using NSwag;

namespace Indicators.Api.Infrastructure.OpenApi;

/// <summary>The example of each problem answer an operation documents (unless the endpoint gives its own).</summary>
internal static class ProblemExamples
{
    /// <summary>The problem each status stands for in the examples, with a detail it might carry.</summary>
    private static readonly Dictionary<int, (string Type, string Title, string Detail)> Texts = new()
    {
        [400] = ("validation", "The request is not valid.", ""),
        [401] = ("unauthorized", "Unauthorized", "This endpoint needs an API key in the X-Api-Key header."),
        [403] = ("forbidden", "Forbidden", "This API key's role may not use this endpoint."),
        [404] = ("not-found", "Not found", "There is no resource at this address."),
        [409] = ("conflict", "Conflict", "The request conflicts with the current state of the resource."),
        [413] = ("payload-too-large", "Payload too large", "The request body is larger than this service accepts."),
        [414] = ("uri-too-long", "URI too long", "The query string is longer than this service accepts (8,192 characters)."),
        [415] = ("unsupported-media-type", "Unsupported media type", "Send the body as application/json."),
        [422] = ("unprocessable", "Unprocessable request", "The request cannot be carried out."),
        [429] = ("too-many-requests", "Too many requests", "This API key has sent too many requests; retry after the time in Retry-After."),
        [500] = ("internal", "Internal server error", "The server failed to answer this request. The trace id identifies it in the service's logs."),
        [503] = ("database-unavailable", "Service unavailable", "The database is not available right now. Nothing was changed; retry after the time in Retry-After."),
    };

    /// <summary>A problem as this operation would answer it, so Swagger UI shows the right status under each code.</summary>
    public static Dictionary<string, object> For(int status, OpenApiOperation op, string path)
    {
        var (type, title, detail) = Texts.GetValueOrDefault(status, ("http-" + status, "Error", "The request failed."));
        var instance = path;
        foreach (var p in op.Parameters.Where(p => p.Kind == OpenApiParameterKind.Path))
        {
            instance = instance.Replace("{" + p.Name + "}", p.Example?.ToString() ?? p.Name, StringComparison.Ordinal);
        }
        var example = new Dictionary<string, object>
        {
            ["type"] = Problems.TypePrefix + type,
            ["title"] = title,
            ["status"] = status,
            ["detail"] = detail,
            ["instance"] = instance,
            ["traceId"] = "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01",
        };
        if (status == 400)
        {
            var field = op.Parameters.FirstOrDefault(p => p.Kind == OpenApiParameterKind.Query)?.Name
                        ?? op.RequestBody?.Content.Values.FirstOrDefault()?.Schema?.ActualSchema.ActualProperties.Keys.FirstOrDefault()
                        ?? Problems.GeneralField;
            example["detail"] = $"{field}: {field} is not valid.";
            example["errors"] = new Dictionary<string, string[]> { [field] = [$"{field} is not valid."] };
        }
        return example;
    }
}
