using System.Text.Json;
using System.Text.Json.Nodes;
using Json.Schema;

namespace Indicators.Tests.Kernel.Sdmx;

/// <summary>
/// The published SDMX-JSON 2.0.0 data-message schema (a copy beside this file; see its .SOURCE.md), evaluated with
/// JsonSchema.Net as draft 7 with formats asserted.
/// </summary>
public static class SdmxSchema
{
    private static readonly Lazy<JsonSchema> Schema = new(() =>
    {
        var text = File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Kernel", "Sdmx", "sdmx-json-data-schema-2.0.0.json"));
        // "$schema": "http://json-schema.org/schema#" names no draft (it means "the latest", which no validator can look up);
        // the schema is written for draft 4 to 7 (definitions, const), so it is built as draft 7 without that line.
        var node = JsonNode.Parse(text)!.AsObject();
        node.Remove("$schema");
        return JsonSchema.Build(JsonDocument.Parse(node.ToJsonString()).RootElement.Clone(),
            new BuildOptions { Dialect = Dialect.Draft07, SchemaRegistry = new SchemaRegistry() },
            new Uri("https://raw.githubusercontent.com/sdmx-twg/sdmx-json/master/data-message/tools/schemas/2.0.0/sdmx-json-data-schema.json"));
    });

    /// <summary>The schema's errors for a message (empty when it is valid).</summary>
    public static IReadOnlyList<string> Errors(JsonElement message)
    {
        var result = Schema.Value.Evaluate(message, new EvaluationOptions { OutputFormat = OutputFormat.List, RequireFormatValidation = true });
        if (result.IsValid)
        {
            return [];
        }
        return (result.Details ?? [])
            .Where(d => d.Errors is { Count: > 0 })
            .SelectMany(d => d.Errors!.Select(e => $"{d.InstanceLocation} ({d.EvaluationPath}): {e.Key}: {e.Value}"))
            .DefaultIfEmpty("invalid (no details)")
            .ToList();
    }

    public static void AssertValid(JsonElement message)
    {
        var errors = Errors(message);
        Assert.True(errors.Count == 0, "Not a valid SDMX-JSON 2.0.0 data message:\n" + string.Join("\n", errors.Take(20)));
    }
}
