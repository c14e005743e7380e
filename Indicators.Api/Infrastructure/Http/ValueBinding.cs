using Microsoft.Extensions.Primitives;

namespace Indicators.Api.Infrastructure.Http;

/// <summary>A route or query value that is not of its type: say what it must be, without echoing it back (see <see cref="Domain.Echo"/>).</summary>
internal static class ValueBinding
{
    /// <summary>FastEndpoints' <c>Binding.FailureMessage</c>.</summary>
    public static string FailureMessage(Type type, string name, StringValues value) =>
        $"{Domain.Echo.Quote(value.ToString())} is not valid for {name}: {Expected(type)}";

    private static string Expected(Type type) => (Nullable.GetUnderlyingType(type) ?? type) switch
    {
        var t when t == typeof(int) || t == typeof(long) => "expected a whole number.",
        var t when t == typeof(bool) => "expected true or false.",
        var t when t == typeof(decimal) => "expected a number.",
        var t when t == typeof(DateOnly) => "expected a date written yyyy-MM-dd.",
        _ => "expected a value of another form.",
    };
}
