using Indicators.Api.Infrastructure.Http;
using NSwag;

namespace Indicators.Api.Infrastructure.OpenApi;

/// <summary>
/// The example of each problem answer an operation documents (unless the endpoint gives its own): type, title and status
/// from <see cref="ProblemTypes"/>, so the document shows what the service really sends.
/// </summary>
internal static class ProblemExamples
{
    /// <summary>The problem each status stands for in the examples, with a detail it might carry.</summary>
    private static readonly Dictionary<int, (ProblemType Type, string Detail)> Texts = new()
    {
        [400] = (ProblemTypes.Validation, ""),
        [401] = (ProblemTypes.Unauthorized, "This endpoint needs an API key in the X-Api-Key header."),
        [403] = (ProblemTypes.Forbidden, "This API key's role may not use this endpoint."),
        [404] = (ProblemTypes.NotFound, "There is no resource at this address."),
        [406] = (ProblemTypes.NotAcceptable,
            "application/vnd.sdmx.data+json;version=1.0.0 is not written here: ask for application/vnd.sdmx.data+csv;version=2.0.0 or application/vnd.sdmx.data+json;version=2.0.0 (or ?format=sdmx-csv, ?format=sdmx-json), or for JSON or CSV."),
        [409] = (ProblemTypes.Conflict, "The request conflicts with the current state of the resource."),
        [413] = (ProblemTypes.PayloadTooLarge, "The request body is larger than this service accepts."),
        [414] = (ProblemTypes.UriTooLong, "The query string is longer than this service accepts (8,192 characters)."),
        [415] = (ProblemTypes.UnsupportedMediaType,
            "Send the body as application/json (POST /api/v1/submissions also takes a spreadsheet as text/csv or application/vnd.openxmlformats-officedocument.spreadsheetml.sheet)."),
        [422] = (ProblemTypes.Unprocessable, "The request cannot be carried out."),
        [429] = (ProblemTypes.TooManyRequests, "This API key has sent too many requests; retry after the time in Retry-After."),
        [500] = (ProblemTypes.Internal, "The server failed to answer this request. The trace id identifies it in the service's logs."),
        [503] = (ProblemTypes.DatabaseUnavailable, "The database is not available right now. Nothing was changed; retry after the time in Retry-After."),
    };

    /// <summary>A problem as this operation would answer it, so Swagger UI shows the right status under each code.</summary>
    public static Dictionary<string, object> For(int status, OpenApiOperation op, string path)
    {
        var (type, detail) = Texts.TryGetValue(status, out var known) ? known : (ProblemTypes.ForBareStatus(status), "The request failed.");
        var instance = path;
        foreach (var p in op.Parameters.Where(p => p.Kind == OpenApiParameterKind.Path))
        {
            instance = instance.Replace("{" + p.Name + "}", p.Example?.ToString() ?? p.Name, StringComparison.Ordinal);
        }
        var example = new Dictionary<string, object>
        {
            ["type"] = type.Uri,
            ["title"] = type.Title,
            ["status"] = status,
            ["detail"] = detail,
            ["instance"] = instance,
            ["traceId"] = Problems.ExampleTraceId,
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
