using FastEndpoints.Swagger;
using Indicators.Api.Infrastructure.Http;
using NJsonSchema;
using NSwag;
using NSwag.Generation.AspNetCore;
using NSwag.Generation.Processors;
using NSwag.Generation.Processors.Contexts;

namespace Indicators.Api.Infrastructure.OpenApi;

/// <summary>Per operation: operation id, optional query parameters, shared answers (problems, 304, headers).</summary>
internal sealed class OperationFixes : IOperationProcessor
{
    public bool Process(OperationProcessorContext context)
    {
        var endpoint = context.GetEndpointDefinition();
        if (endpoint is null)
        {
            return true;
        }
        var op = context.OperationDescription.Operation;
        var path = context.OperationDescription.Path;
        var method = context.OperationDescription.Method;
        var isApi = path.StartsWith("/api/", StringComparison.Ordinal);

        // GetIndicatorEndpoint → getIndicator: what client generators name their methods.
        var name = endpoint.EndpointType.Name;
        name = name.EndsWith("Endpoint", StringComparison.Ordinal) && name.Length > "Endpoint".Length ? name[..^"Endpoint".Length] : name;
        op.OperationId = char.ToLowerInvariant(name[0]) + name[1..];

        // FastEndpoints' Tags(...) in Configure() only labels the endpoint; make them the operation's OpenAPI tags too.
        foreach (var tag in endpoint.EndpointTags ?? [])
        {
            if (!op.Tags.Contains(tag))
            {
                op.Tags.Add(tag);
            }
        }

        MediaTypes.Describe(op);
        QueryParameters.AddIgnored(context, op, endpoint);
        QueryParameters.MarkOptional(op, endpoint.ReqDtoType);
        QueryParameters.MarkRequired(op, endpoint);
        QueryParameters.Describe(op, endpoint.ReqDtoType);
        var metadata = ((AspNetCoreOperationProcessorContext)context).ApiDescription.ActionDescriptor.EndpointMetadata;
        foreach (var header in metadata.OfType<DocumentedHeader>())
        {
            if (header.Status is null)
            {
                op.Parameters.Add(new OpenApiParameter
                {
                    Name = header.Name,
                    Kind = OpenApiParameterKind.Header,
                    Description = header.Description,
                    Schema = new JsonSchema { Type = JsonObjectType.String },
                    Example = header.Example,
                });
            }
            else if (op.Responses.TryGetValue(header.Status.Value.ToString(System.Globalization.CultureInfo.InvariantCulture), out var answer))
            {
                answer.Headers[header.Name] = new OpenApiHeader
                {
                    Description = header.Description,
                    Schema = new JsonSchema { Type = JsonObjectType.String },
                    Example = header.Example,
                };
            }
        }

        if (isApi && method == OpenApiOperationMethod.Get)
        {
            // ETagMiddleware: every successful GET under /api.
            if (op.Parameters.All(p => !string.Equals(p.Name, "If-None-Match", StringComparison.OrdinalIgnoreCase)))
            {
                op.Parameters.Add(new OpenApiParameter
                {
                    Name = "If-None-Match",
                    Kind = OpenApiParameterKind.Header,
                    // No example: Swagger UI would put it into the Try-it-out field and send it.
                    Description = "The ETag of a copy you hold: if the answer is still the same, it is 304 Not Modified with no body.",
                    Schema = new JsonSchema { Type = JsonObjectType.String },
                });
            }
            if (op.Responses.TryGetValue("200", out var ok))
            {
                ok.Headers.TryAdd("ETag", new OpenApiHeader
                {
                    Description = "Strong validator of this exact answer; send it back in If-None-Match.",
                    Schema = new JsonSchema { Type = JsonObjectType.String },
                    Example = "\"3q2-7wHhE0xzVZ4wG8aZ3w\"",
                });
                if (op.Parameters.Any(p => p is { Kind: OpenApiParameterKind.Query, Name: "format" }) && !ok.Content.ContainsKey(Csv.MediaType))
                {
                    ok.Content[Csv.MediaType] = new OpenApiMediaType
                    {
                        Schema = new JsonSchema { Type = JsonObjectType.String, Description = "UTF-8 CSV with a header row (RFC 4180)." },
                    };
                }
            }
            op.Responses.TryAdd("304", new OpenApiResponse
            {
                Description = "Not Modified: the answer still has the ETag sent in If-None-Match. No body.",
            });
        }
        if (op.Parameters.Any(p => p.Kind == OpenApiParameterKind.Query))
        {
            AddProblem(op, 414); // RequestLimits: a query string over 8 KiB
        }
        if (op.RequestBody is not null)
        {
            AddProblem(op, 400);
            AddProblem(op, 413);
            AddProblem(op, 415);
        }

        foreach (var (code, response) in op.Responses)
        {
            if (string.IsNullOrWhiteSpace(response.Description) || GenericDescriptions.Contains(response.Description))
            {
                response.Description = StandardDescriptions.GetValueOrDefault(code, response.Description is { Length: > 0 } d ? d : "Answer " + code + ".");
            }
            if (code is "429" or "503")
            {
                response.Headers.TryAdd("Retry-After", new OpenApiHeader
                {
                    Description = "Seconds to wait before trying again.",
                    Schema = new JsonSchema { Type = JsonObjectType.Integer },
                    Example = 5,
                });
            }
            if (response.Content.TryGetValue(Problems.ContentType, out var problem) && problem.Example is null && problem.Examples.Count == 0)
            {
                problem.Example = ProblemExamples.For(int.Parse(code, System.Globalization.CultureInfo.InvariantCulture), op, path);
            }
        }
        return true;
    }

    private static void AddProblem(OpenApiOperation op, int status)
    {
        var code = status.ToString(System.Globalization.CultureInfo.InvariantCulture);
        if (op.Responses.ContainsKey(code) || !op.Responses.Values.Any(r => r.Content.ContainsKey(Problems.ContentType)))
        {
            return;
        }
        var schema = op.Responses.Values.First(r => r.Content.ContainsKey(Problems.ContentType)).Content[Problems.ContentType].Schema;
        var response = new OpenApiResponse();
        response.Content[Problems.ContentType] = new OpenApiMediaType { Schema = schema };
        op.Responses[code] = response;
    }

    private static readonly HashSet<string> GenericDescriptions =
        ["Success", "Created", "Bad Request", "Unauthorized", "Forbidden", "Not Found", "Too Many Requests", "Server Error", "No Content", "Accepted"];

    private static readonly Dictionary<string, string> StandardDescriptions = new()
    {
        ["200"] = "OK.",
        ["201"] = "Created.",
        ["204"] = "Done; no body.",
        ["400"] = "The request is not valid; `errors` names each offending field by its JSON path. Nothing was changed.",
        ["401"] = "No valid credential: no API key in X-Api-Key (nor, where the service takes them, a bearer token in Authorization), " +
                  "or a key that is unknown or revoked, or a token that is expired, not yet valid, for another issuer or audience, not " +
                  "signed by a trusted key, or naming an unknown org unit or role.",
        ["403"] = "The caller's role or org unit (the key's, or the token's claims) may not do this. Nothing was changed.",
        ["404"] = "There is no such resource.",
        ["406"] = "The Accept header names only representations this view does not write (an SDMX version other than 2.0).",
        ["409"] = "The request conflicts with the current state. Nothing was changed.",
        ["414"] = "The query string is longer than this service accepts (8 KiB).",
        ["413"] = "The request body is larger than this service accepts (Api:MaxRequestBodyBytes).",
        ["415"] = "The body is not sent as application/json (or, for POST /api/v1/submissions, as text/csv or xlsx).",
        ["422"] = "The request is well formed but cannot be carried out. Nothing was changed.",
        ["431"] = "The request headers are larger than 32 KB; refused before routing, with no body.",
        ["429"] = "Too many requests from this key; retry after the seconds in Retry-After.",
        ["500"] = "The server failed to answer; the traceId identifies the failure in its logs. No internal details are shown.",
        ["503"] = "The database is not available right now; retry after the seconds in Retry-After. Nothing was changed.",
    };
}
