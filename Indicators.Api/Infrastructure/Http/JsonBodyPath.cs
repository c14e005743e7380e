using System.Text.Json.Serialization.Metadata;
using Indicators.Api.Domain;

namespace Indicators.Api.Infrastructure.Http;

/// <summary>
/// A JSON path as System.Text.Json writes it in <see cref="System.Text.Json.JsonException.Path"/>: <c>$.values[0].value</c>,
/// with <c>['…']</c> around a name that is not a plain identifier (which only an unknown field can be). It is shown to the
/// client only as far as its names are code-shaped (<see cref="Echo"/>): a hostile or huge field name is never echoed.
/// </summary>
internal sealed class JsonBodyPath
{
    private readonly List<Segment> segments;
    private readonly string? bracketedName;
    private readonly int shownCount;

    private JsonBodyPath(List<Segment> segments, string? bracketedName)
    {
        this.segments = segments;
        this.bracketedName = bracketedName;
        shownCount = segments.TakeWhile(s => s.Name.Length == 0 || Echo.IsCodeShaped(s.Name)).Count();
    }

    /// <summary>The path as the answer's key: <c>values[0].value</c>, or <see cref="Problems.GeneralField"/> for the whole body.</summary>
    public string Shown => shownCount == 0 ? Problems.GeneralField : string.Join('.', segments.Take(shownCount).Select(s => s.Text));

    /// <summary>Whether <see cref="Shown"/> is the whole path, the last name included.</summary>
    public bool IsShownWhole => shownCount == segments.Count && bracketedName is null;

    public static JsonBodyPath Parse(string? path)
    {
        var text = path ?? "";
        var bracket = text.IndexOf("['", StringComparison.Ordinal);
        string? bracketedName = null;
        if (bracket >= 0)
        {
            // The name runs to the "']" that ends the path: STJ does not escape a quote inside it on every runtime.
            var rest = text[(bracket + 2)..];
            bracketedName = rest.EndsWith("']", StringComparison.Ordinal) ? rest[..^2] : rest;
        }
        var dotted = (bracket >= 0 ? text[..bracket] : text).TrimStart('$');
        return new JsonBodyPath(dotted.Split('.', StringSplitOptions.RemoveEmptyEntries).Select(Segment.Parse).ToList(), bracketedName);
    }

    /// <summary>
    /// The contract of the value at this path in a body that <paramref name="root"/> describes; null when the path leaves
    /// the contract, with <paramref name="unknownField"/> set when it does so at its last name, one the object there lacks.
    /// </summary>
    public JsonTypeInfo? Resolve(JsonTypeInfo root, out bool unknownField)
    {
        unknownField = false;
        var current = root;
        for (var i = 0; i < segments.Count; i++)
        {
            var segment = segments[i];
            if (segment.Name.Length > 0)
            {
                var property = Property(current, segment.Name);
                if (property is null)
                {
                    unknownField = current.Kind == JsonTypeInfoKind.Object && i == segments.Count - 1 && bracketedName is null;
                    return null;
                }
                current = current.Options.GetTypeInfo(property.PropertyType);
            }
            for (var index = 0; index < segment.Indexes; index++)
            {
                if (current is not { Kind: JsonTypeInfoKind.Enumerable, ElementType: { } element })
                {
                    return null;
                }
                current = current.Options.GetTypeInfo(element);
            }
        }
        if (bracketedName is not null)
        {
            var property = Property(current, bracketedName);
            if (property is null)
            {
                unknownField = current.Kind == JsonTypeInfoKind.Object;
                return null;
            }
            current = current.Options.GetTypeInfo(property.PropertyType);
        }
        return current;
    }

    /// <summary>The property a name in the body binds to, matched as the serializer matches it.</summary>
    private static JsonPropertyInfo? Property(JsonTypeInfo type, string name)
    {
        if (type.Kind != JsonTypeInfoKind.Object)
        {
            return null;
        }
        var comparison = type.Options.PropertyNameCaseInsensitive ? StringComparison.OrdinalIgnoreCase : StringComparison.Ordinal;
        return type.Properties.FirstOrDefault(p => string.Equals(p.Name, name, comparison));
    }

    /// <summary>One dotted step: <c>values[0]</c> is the name <c>values</c> and one index (a plain name holds no '[').</summary>
    private sealed record Segment(string Text, string Name, int Indexes)
    {
        public static Segment Parse(string text)
        {
            var open = text.IndexOf('[');
            return new Segment(text, open >= 0 ? text[..open] : text, text.Count(c => c == '['));
        }
    }
}
