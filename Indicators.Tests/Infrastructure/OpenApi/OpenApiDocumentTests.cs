using System.Net;
using System.Reflection;
using System.Text.Json;
using System.Text.Json.Nodes;
using FastEndpoints;
using Indicators.Api.Infrastructure.Http;
using Indicators.Api.Infrastructure.OpenApi;
using Indicators.Tests.Support;

namespace Indicators.Tests.Infrastructure.OpenApi;

/// <summary>
/// The OpenAPI document is a product: clients generate code from it and developers drive the API from its Swagger UI.
/// These tests hold what Redocly's linter cannot know (every /api operation needs the key, decimals are numbers, query
/// properties are query parameters), and write the document to <c>.ci/out/openapi.json</c> for <c>.ci/check-openapi</c>.
/// A failure names the operation and what to add, usually in the endpoint's Configure().
/// </summary>
public sealed class OpenApiDocumentTests(SqliteApi api) : IClassFixture<SqliteApi>
{
    private static readonly Assembly ApiAssembly = typeof(OpenApiSetup).Assembly;
    private static readonly string[] Methods = ["get", "put", "post", "delete", "patch"];

    private async Task<JsonObject> DocumentAsync()
    {
        // Anonymous: the document and the UI need no key.
        var response = await api.Client().GetAsync(OpenApiSetup.DocumentPath, TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return JsonNode.Parse(await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken))!.AsObject();
    }

    private static IEnumerable<(string Path, string Method, JsonObject Operation)> Operations(JsonObject doc) =>
        from path in doc["paths"]!.AsObject()
        from method in Methods
        where path.Value![method] is JsonObject
        select (path.Key, method, path.Value![method]!.AsObject());

    private static JsonObject Resolve(JsonObject doc, JsonNode node)
    {
        var o = node.AsObject();
        while (o["$ref"] is { } r)
        {
            var name = r.GetValue<string>().Split('/')[^1];
            o = doc["components"]!["schemas"]![name]!.AsObject();
        }
        return o;
    }

    private static void AssertAll(IEnumerable<string> failures, string what)
    {
        var list = failures.ToList();
        Assert.True(list.Count == 0, $"{what}:\n  " + string.Join("\n  ", list));
    }

    [Fact]
    public async Task Writes_the_document_for_the_ci_lint_and_serves_the_swagger_ui()
    {
        var response = await api.Client().GetAsync(OpenApiSetup.DocumentPath, TestContext.Current.CancellationToken);
        var text = await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("3.0.0", JsonNode.Parse(text)!["openapi"]!.GetValue<string>());

        var root = new DirectoryInfo(AppContext.BaseDirectory);
        while (root is not null && !File.Exists(Path.Combine(root.FullName, "Indicators.slnx")))
        {
            root = root.Parent;
        }
        Assert.NotNull(root);
        var output = Path.Combine(root.FullName, ".ci", "out");
        Directory.CreateDirectory(output);
        await File.WriteAllTextAsync(Path.Combine(output, "openapi.json"), text, TestContext.Current.CancellationToken);

        var ui = await api.Client().GetAsync("/swagger/index.html", TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.OK, ui.StatusCode);
        Assert.Contains("swagger-ui", await ui.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));
    }

    [Fact]
    public async Task Every_api_operation_requires_the_api_key_or_a_bearer_token_with_no_scopes_and_only_the_health_probes_are_anonymous()
    {
        var doc = await DocumentAsync();
        var scheme = doc["components"]!["securitySchemes"]!["ApiKey"]!;
        Assert.Equal("apiKey", scheme["type"]!.GetValue<string>());
        Assert.Equal("header", scheme["in"]!.GetValue<string>());
        Assert.Equal("X-Api-Key", scheme["name"]!.GetValue<string>());
        // The fixture's service takes tokens (Auth:Jwt): an http bearer scheme beside the key, either one sufficing.
        var bearer = doc["components"]!["securitySchemes"]!["Bearer"]!;
        Assert.Equal("http", bearer["type"]!.GetValue<string>());
        Assert.Equal("bearer", bearer["scheme"]!.GetValue<string>());
        Assert.Equal("JWT", bearer["bearerFormat"]!.GetValue<string>());
        AssertAll(Operations(doc).SelectMany(o =>
        {
            var security = o.Operation["security"] as JsonArray;
            var requirements = security?.Select(r => r!.AsObject()).ToList() ?? [];
            var failures = new List<string>();
            if (o.Path.StartsWith("/api/", StringComparison.Ordinal))
            {
                if (requirements.Count != 2 || requirements.Any(r => r.Count != 1)
                    || requirements[0]["ApiKey"] is not JsonArray { Count: 0 } || requirements[1]["Bearer"] is not JsonArray { Count: 0 })
                {
                    failures.Add($"{o.Method.ToUpperInvariant()} {o.Path}: security must be [{{\"ApiKey\": []}}, {{\"Bearer\": []}}] (either), is {security?.ToJsonString() ?? "absent"} (Roles(...) in Configure, not AllowAnonymous)");
                }
            }
            else if (!o.Path.StartsWith("/health/", StringComparison.Ordinal))
            {
                failures.Add($"{o.Method.ToUpperInvariant()} {o.Path}: only /api and /health operations are expected in the document");
            }
            else if (security is null || requirements.Any(r => r.Count > 0))
            {
                failures.Add($"{o.Method.ToUpperInvariant()} {o.Path}: a health probe is anonymous, so its security is the empty requirement, is {security?.ToJsonString() ?? "absent"}");
            }
            return failures;
        }), "Security requirements");
    }

    [Fact]
    public async Task Every_operation_has_a_summary_a_description_a_tag_and_a_unique_readable_operation_id()
    {
        var doc = await DocumentAsync();
        var operations = Operations(doc).ToList();
        Assert.NotEmpty(operations);
        AssertAll(operations.SelectMany(o =>
        {
            var id = $"{o.Method.ToUpperInvariant()} {o.Path}";
            var failures = new List<string>();
            if (string.IsNullOrWhiteSpace(o.Operation["summary"]?.GetValue<string>()))
            {
                failures.Add($"{id}: no summary (Summary(s => s.Summary = ...))");
            }
            if (string.IsNullOrWhiteSpace(o.Operation["description"]?.GetValue<string>()))
            {
                failures.Add($"{id}: no description (Summary(s => s.Description = ...))");
            }
            if (o.Operation["tags"] is not JsonArray { Count: > 0 })
            {
                failures.Add($"{id}: no tag (Tags(\"...\") in Configure)");
            }
            var operationId = o.Operation["operationId"]?.GetValue<string>() ?? "";
            if (!System.Text.RegularExpressions.Regex.IsMatch(operationId, "^[a-z][A-Za-z0-9]{2,40}$"))
            {
                failures.Add($"{id}: operationId '{operationId}' is not a short camelCase name");
            }
            return failures;
        }), "Operation documentation");
        var duplicates = operations.GroupBy(o => o.Operation["operationId"]?.GetValue<string>()).Where(g => g.Count() > 1).Select(g => g.Key).ToList();
        Assert.True(duplicates.Count == 0, "Duplicate operationIds (endpoint class names must differ): " + string.Join(", ", duplicates));
    }

    [Fact]
    public async Task Every_tag_has_a_description_and_every_listed_tag_is_used()
    {
        var doc = await DocumentAsync();
        var used = Operations(doc).SelectMany(o => o.Operation["tags"]?.AsArray().Select(t => t!.GetValue<string>()) ?? []).ToHashSet();
        var listed = doc["tags"]!.AsArray().Select(t => t!.AsObject()).ToList();
        AssertAll(
            used.Where(u => !listed.Any(t => t["name"]!.GetValue<string>() == u && !string.IsNullOrWhiteSpace(t["description"]?.GetValue<string>())))
                .Select(u => $"tag '{u}' has no description: add it to OpenApiSetup.TagDescriptions"),
            "Tags");
        Assert.All(listed, t => Assert.Contains(t["name"]!.GetValue<string>(), used));
    }

    [Fact]
    public async Task Every_operation_declares_its_client_errors_and_problems_are_rfc_9457_documents_with_matching_examples()
    {
        var doc = await DocumentAsync();
        AssertAll(Operations(doc).SelectMany(o =>
        {
            var id = $"{o.Method.ToUpperInvariant()} {o.Path}";
            var responses = o.Operation["responses"]!.AsObject();
            var codes = responses.Select(r => r.Key).ToHashSet();
            var failures = new List<string>();
            if (!codes.Any(c => c.StartsWith('4')))
            {
                failures.Add($"{id}: no 4xx answer");
            }
            if (o.Path.StartsWith("/api/", StringComparison.Ordinal))
            {
                failures.AddRange(new[] { "401", "403" }.Where(c => !codes.Contains(c)).Select(c => $"{id}: no {c} (.AuthProblems() in Description)"));
            }
            var hasQuery = o.Operation["parameters"]?.AsArray().Any(p => p!["in"]!.GetValue<string>() == "query") == true;
            if ((hasQuery || o.Operation["requestBody"] is not null) && !codes.Contains("400"))
            {
                failures.Add($"{id}: takes query parameters or a body but declares no 400 (.Problems(400))");
            }
            if (o.Operation["requestBody"] is not null)
            {
                failures.AddRange(new[] { "413", "415" }.Where(c => !codes.Contains(c)).Select(c => $"{id}: takes a body but declares no {c}"));
            }
            if (!codes.Any(c => c.StartsWith('2')))
            {
                failures.Add($"{id}: no success answer (.Produces<T>(200))");
            }
            foreach (var (code, response) in responses)
            {
                if (string.IsNullOrWhiteSpace(response!["description"]?.GetValue<string>()))
                {
                    failures.Add($"{id} {code}: no description");
                }
                var content = response["content"]?.AsObject();
                if (code[0] is '4' or '5' && content is not null)
                {
                    if (content.Count != 1 || content["application/problem+json"] is not JsonObject problem)
                    {
                        failures.Add($"{id} {code}: a problem must be application/problem+json only (.Problems({code})), is {string.Join(", ", content.Select(c => c.Key))}");
                        continue;
                    }
                    if (problem["schema"]?["$ref"]?.GetValue<string>() != "#/components/schemas/Problem")
                    {
                        failures.Add($"{id} {code}: the problem schema must be Problem");
                    }
                    if (problem["example"]?["status"]?.GetValue<int>().ToString(System.Globalization.CultureInfo.InvariantCulture) != code)
                    {
                        failures.Add($"{id} {code}: the problem example must have status {code}");
                    }
                }
            }
            return failures;
        }), "Answers");
    }

    [Fact]
    public async Task Every_problem_example_is_a_problem_type_of_the_table_with_its_title_and_status()
    {
        var doc = await DocumentAsync();
        var examples = Operations(doc)
            .SelectMany(o => o.Operation["responses"]!.AsObject().Select(r => (Id: $"{o.Method.ToUpperInvariant()} {o.Path} {r.Key}", Response: r.Value!)))
            .Select(r => (r.Id, Example: r.Response["content"]?["application/problem+json"]?["example"]))
            .Where(r => r.Example is not null)
            .ToList();

        Assert.NotEmpty(examples);
        AssertAll(examples.SelectMany(r =>
        {
            var type = r.Example!["type"]!.GetValue<string>();
            var title = r.Example["title"]!.GetValue<string>();
            var status = r.Example["status"]!.GetValue<int>();
            return ProblemTypes.All.Any(t => t.Uri == type && t.Title == title && t.Status == status)
                ? []
                : new[] { $"{r.Id}: {status} {type} \"{title}\" is not in ProblemTypes" };
        }), "Problem examples");
    }

    [Fact]
    public async Task Reads_declare_304_and_the_etag_and_have_no_request_body()
    {
        var doc = await DocumentAsync();
        AssertAll(Operations(doc).Where(o => o.Method == "get").SelectMany(o =>
        {
            var id = $"GET {o.Path}";
            var failures = new List<string>();
            if (o.Operation["requestBody"] is not null)
            {
                failures.Add($"{id}: a GET has no request body (mark its properties [QueryParam] or route values)");
            }
            if (o.Path.StartsWith("/api/", StringComparison.Ordinal))
            {
                var responses = o.Operation["responses"]!.AsObject();
                if (responses["304"] is null)
                {
                    failures.Add($"{id}: no 304 (ETagMiddleware answers If-None-Match)");
                }
                if (responses["200"]?["headers"]?["ETag"] is null)
                {
                    failures.Add($"{id}: 200 does not declare the ETag header");
                }
            }
            return failures;
        }), "Reads");
    }

    [Fact]
    public async Task Every_endpoint_is_documented_with_its_route_values_as_path_parameters_and_its_query_properties_as_query_parameters()
    {
        var doc = await DocumentAsync();
        var byId = Operations(doc).ToDictionary(o => o.Operation["operationId"]!.GetValue<string>());
        var endpoints = ApiAssembly.GetTypes().Where(t => t is { IsClass: true, IsAbstract: false } && typeof(BaseEndpoint).IsAssignableFrom(t)).ToList();
        Assert.NotEmpty(endpoints);
        AssertAll(endpoints.SelectMany(endpoint =>
        {
            var name = endpoint.Name.EndsWith("Endpoint", StringComparison.Ordinal) ? endpoint.Name[..^"Endpoint".Length] : endpoint.Name;
            var operationId = char.ToLowerInvariant(name[0]) + name[1..];
            if (!byId.TryGetValue(operationId, out var o))
            {
                return [$"{endpoint.FullName}: no operation '{operationId}' in the document"];
            }
            var id = $"{o.Method.ToUpperInvariant()} {o.Path}";
            var parameters = o.Operation["parameters"]?.AsArray().Select(p => p!.AsObject()).ToList() ?? [];
            var failures = new List<string>();
            var routeValues = System.Text.RegularExpressions.Regex.Matches(o.Path, "{([^}]+)}").Select(m => m.Groups[1].Value).ToList();
            foreach (var value in routeValues)
            {
                if (!parameters.Any(p => p["name"]!.GetValue<string>() == value && p["in"]!.GetValue<string>() == "path" && p["required"]?.GetValue<bool>() == true))
                {
                    failures.Add($"{id}: route value {{{value}}} is not a required path parameter");
                }
            }
            var request = RequestType(endpoint);
            if (request is not null)
            {
                var body = o.Operation["requestBody"]?["content"]?["application/json"]?["schema"] is { } schema ? Resolve(doc, schema) : null;
                foreach (var property in request.GetProperties(BindingFlags.Public | BindingFlags.Instance)
                             .Where(p => !p.IsDefined(typeof(FromHeaderAttribute)) && !p.IsDefined(typeof(FromClaimAttribute)) && !p.IsDefined(typeof(HideFromDocsAttribute))
                                         && (p.IsDefined(typeof(QueryParamAttribute)) || !p.IsDefined(typeof(System.Text.Json.Serialization.JsonIgnoreAttribute)))))
                {
                    var json = property.GetCustomAttribute<BindFromAttribute>()?.Name ?? JsonNamingPolicy.CamelCase.ConvertName(property.Name);
                    var isQuery = property.IsDefined(typeof(QueryParamAttribute)) || o.Method == "get" && !routeValues.Contains(json, StringComparer.OrdinalIgnoreCase);
                    if (isQuery && !parameters.Any(p => p["name"]!.GetValue<string>() == json && p["in"]!.GetValue<string>() == "query"))
                    {
                        failures.Add($"{id}: {request.Name}.{property.Name} is a query property but not a query parameter '{json}'");
                    }
                    if ((isQuery || routeValues.Contains(json, StringComparer.OrdinalIgnoreCase)) && body?["properties"]?[json] is not null)
                    {
                        failures.Add($"{id}: {request.Name}.{property.Name} appears in the request body as well");
                    }
                }
                if (body is not null && body["example"] is null && o.Operation["requestBody"]!["content"]!["application/json"]!["example"] is null)
                {
                    failures.Add($"{id}: the request body has no example (Summary(s => s.ExampleRequest = ...))");
                }
            }
            return failures;
        }), "Parameters");
    }

    [Fact]
    public async Task Header_parameters_have_no_example_so_that_swagger_ui_does_not_send_one_with_every_try()
    {
        // Swagger UI copies a parameter's example into the Try-it-out field: a fixed Idempotency-Key would replay the first
        // batch's answer and refuse the next batch with 422; a fixed If-None-Match would be sent with every read.
        var doc = await DocumentAsync();
        AssertAll(
            from o in Operations(doc)
            from p in o.Operation["parameters"]?.AsArray() ?? []
            where p!["in"]!.GetValue<string>() == "header" && (p["example"] is not null || p["schema"]?["example"] is not null || p["examples"] is not null)
            select $"{o.Method.ToUpperInvariant()} {o.Path}: header {p["name"]} has an example",
            "Header examples");
    }

    [Fact]
    public async Task Query_parameters_that_have_a_default_are_optional()
    {
        var doc = await DocumentAsync();
        var page = Operations(doc).Single(o => o.Operation["operationId"]!.GetValue<string>() == "listOrgUnits").Operation["parameters"]!
            .AsArray().Single(p => p!["name"]!.GetValue<string>() == "page")!;
        Assert.NotEqual(true, page["required"]?.GetValue<bool>());
        Assert.Equal(1, page["schema"]!["default"]!.GetValue<int>());
    }

    [Fact]
    public async Task No_schema_is_nullable_without_a_type_and_page_schemas_have_readable_names()
    {
        var doc = await DocumentAsync();
        var failures = new List<string>();
        Walk(doc, "#", failures);
        AssertAll(failures, "nullable without type (OpenAPI 3.0 needs a type beside nullable)");
        var names = doc["components"]!["schemas"]!.AsObject().Select(s => s.Key).ToList();
        Assert.Contains("OrgUnitPage", names);
        Assert.Contains("IndicatorPage", names);
        Assert.DoesNotContain(names, n => n.Contains("PagedOf", StringComparison.Ordinal) || n.Contains('`') || n.Contains('.'));

        static void Walk(JsonNode? node, string at, List<string> failures)
        {
            switch (node)
            {
                case JsonObject o:
                    if (o.ContainsKey("nullable") && !o.ContainsKey("type"))
                    {
                        failures.Add(at);
                    }
                    foreach (var (k, v) in o)
                    {
                        if (k is not ("example" or "examples" or "default"))
                        {
                            Walk(v, at + "/" + k, failures);
                        }
                    }
                    break;
                case JsonArray a:
                    for (var i = 0; i < a.Count; i++)
                    {
                        Walk(a[i], $"{at}/{i}", failures);
                    }
                    break;
            }
        }
    }

    [Fact]
    public async Task Decimals_are_json_numbers_and_dates_are_strings_in_every_schema()
    {
        var doc = await DocumentAsync();
        var schemas = doc["components"]!["schemas"]!.AsObject();
        var failures = new List<string>();
        var checkedDecimals = 0;
        foreach (var (name, schema) in schemas)
        {
            var type = ApiAssembly.GetTypes().SingleOrDefault(t => t.Name == name && !t.IsGenericType);
            if (type is null)
            {
                continue;
            }
            foreach (var property in type.GetProperties(BindingFlags.Public | BindingFlags.Instance))
            {
                var json = property.GetCustomAttribute<System.Text.Json.Serialization.JsonPropertyNameAttribute>()?.Name ?? JsonNamingPolicy.CamelCase.ConvertName(property.Name);
                if (schema!["properties"]?[json] is not JsonObject p)
                {
                    continue;
                }
                var t = Nullable.GetUnderlyingType(property.PropertyType) ?? property.PropertyType;
                var (expectedType, expectedFormat) =
                    t == typeof(decimal) ? ("number", null) :
                    t == typeof(DateOnly) ? ("string", "date") :
                    t == typeof(DateTimeOffset) ? ("string", "date-time") :
                    t == typeof(int) || t == typeof(long) ? ("integer", null) :
                    ((string?)null, (string?)null);
                if (expectedType is null)
                {
                    continue;
                }
                checkedDecimals += t == typeof(decimal) ? 1 : 0;
                if (p["type"]?.GetValue<string>() != expectedType || expectedFormat is not null && p["format"]?.GetValue<string>() != expectedFormat)
                {
                    failures.Add($"{name}.{json} ({t.Name}) is {p.ToJsonString()}, expected type {expectedType}{(expectedFormat is null ? "" : " format " + expectedFormat)}");
                }
            }
        }
        AssertAll(failures, "Property types");
        Assert.True(checkedDecimals >= 2, "expected decimal properties (IndicatorResponse.min/max at least)");
        Assert.Equal("number", schemas["IndicatorResponse"]!["properties"]!["min"]!["type"]!.GetValue<string>());
    }

    private static Type? RequestType(Type endpoint)
    {
        for (var t = endpoint.BaseType; t is not null; t = t.BaseType)
        {
            if (t.IsGenericType && t.GetGenericTypeDefinition().Name.StartsWith("Endpoint`", StringComparison.Ordinal))
            {
                var request = t.GetGenericArguments()[0];
                return request == typeof(EmptyRequest) ? null : request;
            }
        }
        return null;
    }
}
