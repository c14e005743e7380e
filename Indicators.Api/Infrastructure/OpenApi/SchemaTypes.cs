using System.Runtime.CompilerServices;
using Indicators.Api.Infrastructure.Http;
using NJsonSchema;
using NJsonSchema.Generation;

namespace Indicators.Api.Infrastructure.OpenApi;

/// <summary>Remembers the CLR type behind each object schema, and describes the generic page.</summary>
internal sealed class SchemaTypes(ConditionalWeakTable<JsonSchema, Type> types) : ISchemaProcessor
{
    public void Process(SchemaProcessorContext context)
    {
        var type = context.ContextualType.Type;
        types.AddOrUpdate(context.Schema, type);
        if (type.IsGenericType && type.GetGenericTypeDefinition() == typeof(Paged<>))
        {
            var schema = context.Schema;
            schema.Description = "One page of a list, in a stable order.";
            Describe(schema, "items", "The items on this page (none past the last page).", null);
            Describe(schema, "page", "This page's number, from 1.", 1);
            Describe(schema, "pageSize", "Items per page, as asked for.", Paging.DefaultPageSize);
            Describe(schema, "total", "Items on all pages together.", 42);
        }
    }

    private static void Describe(JsonSchema schema, string name, string description, object? example)
    {
        if (schema.Properties.TryGetValue(name, out var property))
        {
            property.Description = description;
            property.Example ??= example;
        }
    }
}
