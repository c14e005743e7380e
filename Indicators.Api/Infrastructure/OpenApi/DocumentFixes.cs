using System.Reflection;
using System.Runtime.CompilerServices;
using System.Text.Json.Serialization;
using NJsonSchema;
using NSwag;
using NSwag.Generation.Processors;
using NSwag.Generation.Processors.Contexts;

namespace Indicators.Api.Infrastructure.OpenApi;

/// <summary>Corrections over the whole document, so it passes Redocly's recommended rules.</summary>
internal sealed class DocumentFixes(ConditionalWeakTable<JsonSchema, Type> types) : IDocumentProcessor
{
    public void Process(DocumentProcessorContext context)
    {
        var doc = context.Document;
        doc.Info.License = new OpenApiLicense { Name = "MIT", Url = "https://opensource.org/licenses/MIT" };
        doc.Info.Contact = new OpenApiContact { Name = "Provincial planning office IT", Email = "it@example.gov.vn" };

        foreach (var description in doc.Operations)
        {
            var operation = description.Operation;
            if (operation.Security is null || operation.Security.Count == 0)
            {
                // Anonymous (the health probes): said explicitly with the empty requirement `security: [{}]`, since
                // NSwag's serializer drops empty lists and an absent `security` would mean "as the document says".
                operation.Security = [new OpenApiSecurityRequirement()];
            }
            // OpenAPI 3.0: apiKey security requirements list no scopes; FastEndpoints writes the roles there.
            foreach (var requirement in operation.Security)
            {
                foreach (var key in requirement.Keys.ToList())
                {
                    requirement[key] = [];
                }
            }
            // Swagger UI lists the answers in document order: 2xx, 3xx, 4xx, 5xx.
            var responses = operation.Responses.OrderBy(r => r.Key, StringComparer.Ordinal).ToList();
            operation.Responses.Clear();
            foreach (var (code, response) in responses)
            {
                operation.Responses[code] = response;
            }
            if (operation.RequestBody is { } body)
            {
                body.Description = string.IsNullOrEmpty(body.Description)
                    ? body.Content.Values.FirstOrDefault()?.Schema?.ActualSchema.Description
                    : body.Description;
            }
        }

        foreach (var schema in doc.Components.Schemas.Values)
        {
            FixNullable(schema, []);
        }
        foreach (var parameter in doc.Operations.SelectMany(o => o.Operation.Parameters))
        {
            if (parameter.Schema is { Type: var t } && t.HasFlag(JsonObjectType.String) && parameter.Example is Newtonsoft.Json.Linq.JValue { Type: not Newtonsoft.Json.Linq.JTokenType.String and not Newtonsoft.Json.Linq.JTokenType.Null } v)
            {
                parameter.Example = Convert.ToString(v.Value, System.Globalization.CultureInfo.InvariantCulture);
            }
        }
        MarkResponsePropertiesRequired(doc);

        var used = doc.Operations.SelectMany(o => o.Operation.Tags).ToHashSet(StringComparer.Ordinal);
        doc.Tags.Clear();
        foreach (var (name, text) in OpenApiSetup.TagDescriptions.Where(t => used.Contains(t.Name)))
        {
            doc.Tags.Add(new OpenApiTag { Name = name, Description = text });
        }
        foreach (var name in used.Where(u => OpenApiSetup.TagDescriptions.All(t => t.Name != u)).Order(StringComparer.Ordinal))
        {
            doc.Tags.Add(new OpenApiTag { Name = name });
        }
    }

    /// <summary>
    /// NJsonSchema writes a nullable (or explicitly non-nullable) reference as <c>{ nullable, oneOf: [ $ref ] }</c>;
    /// OpenAPI 3.0 wants a <c>type</c> beside <c>nullable</c> and Redocly one-armed <c>allOf</c> rather than <c>oneOf</c>.
    /// </summary>
    private static void FixNullable(JsonSchema schema, HashSet<JsonSchema> seen)
    {
        if (!seen.Add(schema))
        {
            return;
        }
        foreach (var property in schema.Properties.Values)
        {
            // <example>2020</example> on a string property is read as the number 2020.
            if (property.Type.HasFlag(JsonObjectType.String) && property.Example is Newtonsoft.Json.Linq.JValue { Type: Newtonsoft.Json.Linq.JTokenType.Integer or Newtonsoft.Json.Linq.JTokenType.Float or Newtonsoft.Json.Linq.JTokenType.Boolean } v)
            {
                property.Example = Convert.ToString(v.Value, System.Globalization.CultureInfo.InvariantCulture);
            }
            else if (property.Type.HasFlag(JsonObjectType.String) && property.Example is int or long or double or decimal or bool)
            {
                property.Example = Convert.ToString(property.Example, System.Globalization.CultureInfo.InvariantCulture);
            }
            FixOne(property);
            FixNullable(property, seen);
        }
        if (schema.Item is { } item)
        {
            // An array of nullable references ({ nullable, allOf: [ $ref ] } items) makes client generators invent an
            // item class named after the property ("Values : SubmittedValue"); the items are the referenced type.
            if (item.Reference is null && item.Properties.Count == 0 && item.OneOf.Count + item.AllOf.Count == 1
                && item.OneOf.Concat(item.AllOf).Single() is { Reference: { } target })
            {
                schema.Item = new JsonSchema { Reference = target };
            }
            else
            {
                FixOne(item);
                FixNullable(item, seen);
            }
        }
        if (schema.AdditionalPropertiesSchema is { } additional)
        {
            FixOne(additional);
            FixNullable(additional, seen);
        }
    }

    private static void FixOne(JsonSchema s)
    {
        if (s.OneOf.Count == 1 && s.AllOf.Count == 0 && s.Reference is null)
        {
            var only = s.OneOf.Single();
            s.OneOf.Clear();
            s.AllOf.Add(only);
        }
        if (s.IsNullableRaw is null || s.Type != JsonObjectType.None || s.Reference is not null)
        {
            return;
        }
        if (s.IsNullableRaw == false)
        {
            s.IsNullableRaw = null;
            return;
        }
        var target = s.AllOf.Concat(s.OneOf).Select(x => x.ActualSchema).FirstOrDefault();
        s.Type = target is null || target.Type == JsonObjectType.None ? JsonObjectType.Object : target.Type;
    }

    /// <summary>
    /// Responses write every property (null included: SPEC "a figure that cannot be computed is null, never absent"),
    /// so each property of a schema that only responses use is required; [JsonIgnore(WhenWritingNull)] ones are not.
    /// </summary>
    private void MarkResponsePropertiesRequired(OpenApiDocument doc)
    {
        var inRequests = new HashSet<JsonSchema>();
        var inResponses = new HashSet<JsonSchema>();
        foreach (var op in doc.Operations.Select(o => o.Operation))
        {
            foreach (var media in op.RequestBody?.Content.Values ?? [])
            {
                Collect(media.Schema, inRequests);
            }
            foreach (var p in op.Parameters)
            {
                Collect(p.Schema, inRequests);
            }
            foreach (var media in op.Responses.Values.SelectMany(r => r.Content.Values))
            {
                Collect(media.Schema, inResponses);
            }
        }
        foreach (var schema in inResponses.Where(s => !inRequests.Contains(s) && s.RequiredProperties.Count == 0 && s.Properties.Count > 0))
        {
            if (!types.TryGetValue(schema, out var type))
            {
                continue;
            }
            var omitted = type.GetProperties(BindingFlags.Public | BindingFlags.Instance)
                .Where(p => p.GetCustomAttribute<JsonIgnoreAttribute>() is { Condition: not JsonIgnoreCondition.Never })
                .Select(p => p.GetCustomAttribute<JsonPropertyNameAttribute>()?.Name ?? JsonNamingPolicyCamel(p.Name))
                .ToHashSet(StringComparer.Ordinal);
            foreach (var name in schema.Properties.Keys.Where(k => !omitted.Contains(k)))
            {
                schema.RequiredProperties.Add(name);
            }
        }
    }

    private static string JsonNamingPolicyCamel(string name) => System.Text.Json.JsonNamingPolicy.CamelCase.ConvertName(name);

    private static void Collect(JsonSchema? schema, HashSet<JsonSchema> into)
    {
        if (schema is null)
        {
            return;
        }
        var actual = schema.ActualSchema;
        if (!into.Add(actual))
        {
            return;
        }
        foreach (var s in actual.Properties.Values.Cast<JsonSchema>().Concat(actual.AllOf).Concat(actual.OneOf).Concat(actual.AnyOf))
        {
            Collect(s, into);
        }
        Collect(actual.Item, into);
        Collect(actual.AdditionalPropertiesSchema, into);
    }
}
