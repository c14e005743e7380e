using Indicators.Api.Infrastructure.Http;
using NJsonSchema.Generation;

namespace Indicators.Api.Infrastructure.OpenApi;

/// <summary><c>Paged&lt;OrgUnitResponse&gt;</c> is <c>OrgUnitPage</c>, not <c>PagedOfOrgUnitResponse</c>.</summary>
internal sealed class SchemaNames(ISchemaNameGenerator inner) : ISchemaNameGenerator
{
    public string Generate(Type type)
    {
        if (type.IsGenericType && type.GetGenericTypeDefinition() == typeof(Paged<>))
        {
            return ItemName(type.GetGenericArguments()[0]) + "Page";
        }
        return inner.Generate(type);
    }

    public string ItemName(Type item)
    {
        var name = inner.Generate(item);
        return name.EndsWith("Response", StringComparison.Ordinal) && name.Length > "Response".Length ? name[..^"Response".Length] : name;
    }
}
