using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Indicators.Api.Infrastructure.Http;

/// <summary>
/// Reads a JSON number into a decimal only when the decimal holds it exactly. System.Text.Json rounds silently:
/// <c>1e-30</c> becomes 0 and a 35-digit number loses its last digits. Figures are evidence (SPEC "Actual values":
/// values round-trip exactly as submitted), so such a number is refused instead of stored as something else.
/// Writing is unchanged.
/// </summary>
internal sealed class ExactDecimalConverter : JsonConverter<decimal>
{
    public override decimal Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        if (reader.TokenType != JsonTokenType.Number)
        {
            // Strings, booleans, null in a non-nullable field: a value of the wrong kind, which the serializer reports as
            // for any other type (without a message, it writes its own with the path).
            throw new JsonException();
        }
        var text = reader.HasValueSequence ? Encoding.ASCII.GetString(reader.ValueSequence) : Encoding.ASCII.GetString(reader.ValueSpan);
        if (text.Length > 100
            || !decimal.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var value)
            || !Exact(text, value))
        {
            throw new InexactDecimalException();
        }
        return value;
    }

    public override void Write(Utf8JsonWriter writer, decimal value, JsonSerializerOptions options) => writer.WriteNumberValue(value);

    /// <summary>The decimal holds the number written exactly. Most numbers are written as the decimal writes itself
    /// ("12", "10.50"), which says so without the canonical forms (~8 strings a number, 8,000 in a batch of 1,000 values).</summary>
    private static bool Exact(string text, decimal value)
    {
        var written = value.ToString(CultureInfo.InvariantCulture);
        return written == text || Canonical(text) == Canonical(written);
    }

    /// <summary>A number's value as (sign, significant digits, power of ten): "-1.250e-3" and "-0.00125" are both "-125e-5".</summary>
    public static string Canonical(string number)
    {
        var negative = number.StartsWith('-');
        var body = number.TrimStart('-', '+');
        var exponent = 0;
        var e = body.IndexOfAny(['e', 'E']);
        if (e >= 0)
        {
            exponent = int.Parse(body[(e + 1)..], NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture);
            body = body[..e];
        }
        var dot = body.IndexOf('.');
        if (dot >= 0)
        {
            exponent -= body.Length - dot - 1;
            body = body.Remove(dot, 1);
        }
        body = body.TrimStart('0');
        if (body.Length == 0)
        {
            return "0";
        }
        var trimmed = body.TrimEnd('0');
        exponent += body.Length - trimmed.Length;
        return $"{(negative ? "-" : "")}{trimmed}e{exponent}";
    }
}

/// <summary>
/// A JSON number that <see cref="ExactDecimalConverter"/> refused because a decimal cannot hold it exactly. Its own type,
/// so that the answer (<see cref="JsonBodyErrors"/>) tells it from a value of the wrong kind without reading the message.
/// </summary>
internal sealed class InexactDecimalException() : JsonException("The JSON number cannot be held exactly as a decimal.");
