using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;
using FluentValidation.Results;

namespace Indicators.Api.Infrastructure.Http;

/// <summary>
/// A request body that System.Text.Json refused, as the validation failure the client reads: the field's JSON path and
/// what a value there must be, nothing internal. The kind of refusal comes from the exception's shape, never from its
/// message (text for people, which also quotes the client's own property names):
/// <list type="number">
/// <item>an <see cref="InexactDecimalException"/>: a number that a decimal cannot hold exactly;</item>
/// <item>an inner <see cref="JsonException"/> (the reader's own): the text is not JSON;</item>
/// <item>thrown by STJ's duplicate-property check: a name given twice in one object;</item>
/// <item>a path whose last name is no property of the object it is in: an unknown field;</item>
/// <item>otherwise the .NET type at the path, looked up in the request type's JSON contract: the value there is not of
/// that type (STJ reports this with an inner <see cref="InvalidOperationException"/> or <see cref="FormatException"/>
/// from the reader, or none for an object or array of the wrong kind).</item>
/// </list>
/// </summary>
internal static class JsonBodyErrors
{
    public const string NotJson = "is not valid JSON for this request.";
    public const string Inexact = "must be a JSON number that a decimal holds exactly: at most 28 decimal places and 28 to 29 significant digits " +
                                  "(it would otherwise be stored as a different number).";
    public const string Number = "must be a JSON number within ±99,999,999,999,999.9999 (NaN, Infinity and strings are not numbers).";
    public const string WholeNumber = "must be a whole number.";
    public const string String = "must be a JSON string.";
    public const string Boolean = "must be true or false.";
    public const string Date = "must be a date written yyyy-MM-dd.";
    public const string Array = "must be a JSON array.";
    public const string Duplicate = "appears more than once in the same object.";
    public const string Unknown = "is not a field of this request (unknown fields are refused so that typos are not silently ignored).";
    public const string UnknownUnnamed = "has a field that is not one of this request's (unknown fields are refused so that typos are not silently ignored).";

    /// <summary>
    /// FastEndpoints' request deserializer: its default (the body read as JSON), except that a refusal is rethrown as a
    /// <see cref="JsonBodyException"/> carrying the answer, worked out here where the request type is known.
    /// </summary>
    public static Func<HttpRequest, Type, JsonSerializerContext?, CancellationToken, ValueTask<object?>> Deserializer(JsonSerializerOptions options) =>
        async (request, type, context, ct) =>
        {
            var json = context?.Options ?? options;
            try
            {
                return await request.ReadFromJsonAsync(type, json, ct);
            }
            catch (JsonException ex)
            {
                throw new JsonBodyException(Failure(ex, json.GetTypeInfo(type)), ex);
            }
        };

    /// <summary>FastEndpoints' <c>JsonExceptionTransformer</c>: the failure worked out by <see cref="Deserializer"/>.</summary>
    public static ValidationFailure Transform(JsonException ex) => ex is JsonBodyException body ? body.Failure : Failure(ex, null);

    /// <summary>The failure for a refusal of a body of the type <paramref name="root"/> describes (null: unknown).</summary>
    public static ValidationFailure Failure(JsonException ex, JsonTypeInfo? root)
    {
        var path = JsonBodyPath.Parse(ex.Path);
        string detail;
        if (ex is InexactDecimalException)
        {
            detail = Inexact;
        }
        else if (ex.InnerException is JsonException)
        {
            detail = NotJson;
        }
        else if (IsDuplicateProperty(ex))
        {
            detail = Duplicate;
        }
        else
        {
            var unknownField = false;
            var target = root is null ? null : path.Resolve(root, out unknownField);
            detail = unknownField ? (path.IsShownWhole ? Unknown : UnknownUnnamed) : target is null ? NotJson : Expected(target);
        }
        var key = path.Shown;
        return new ValidationFailure(key, key == Problems.GeneralField ? "The body " + detail : $"{key} {detail}");
    }

    /// <summary>What a value of this type is, in JSON.</summary>
    private static string Expected(JsonTypeInfo target) => (Nullable.GetUnderlyingType(target.Type) ?? target.Type) switch
    {
        var t when t == typeof(decimal) => Number,
        var t when t == typeof(int) || t == typeof(long) => WholeNumber,
        var t when t == typeof(string) => String,
        var t when t == typeof(bool) => Boolean,
        var t when t == typeof(DateOnly) => Date,
        _ when target.Kind == JsonTypeInfoKind.Enumerable => Array,
        _ => NotJson,
    };

    /// <summary>
    /// STJ refuses a repeated property (<c>AllowDuplicateProperties = false</c>) with a bare <see cref="JsonException"/>: no
    /// inner exception, no subclass, and the same path as a value of the wrong kind there. Where it was thrown is the one
    /// structural difference: its ThrowHelper's duplicate-property methods (the bad-input corpus and
    /// <c>JsonBodyErrorTests</c> fail if a runtime renames them).
    /// </summary>
    private static bool IsDuplicateProperty(JsonException ex) =>
        ex.TargetSite is { DeclaringType: { } thrower } site
        && thrower.Assembly == typeof(JsonException).Assembly
        && site.Name.StartsWith("ThrowJsonException_DuplicateProperty", StringComparison.Ordinal);
}

/// <summary>A request body refused by System.Text.Json, with the failure to answer (see <see cref="JsonBodyErrors"/>).</summary>
internal sealed class JsonBodyException(ValidationFailure failure, JsonException cause)
    : JsonException(cause.Message, cause.Path, cause.LineNumber, cause.BytePositionInLine, cause)
{
    public ValidationFailure Failure { get; } = failure;
}
