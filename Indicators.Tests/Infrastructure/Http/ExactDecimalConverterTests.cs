using System.Text.Json;
using Indicators.Api.Infrastructure.Http;

namespace Indicators.Tests.Infrastructure.Http;

/// <summary>
/// A JSON number becomes a decimal only when the decimal holds it exactly, whether it is written as the decimal writes
/// itself (the quick comparison) or in any other notation (the canonical forms).
/// </summary>
public sealed class ExactDecimalConverterTests
{
    private static readonly JsonSerializerOptions Options = new() { Converters = { new ExactDecimalConverter() } };

    [Theory]
    [InlineData("12", "12")]
    [InlineData("10.50", "10.50")]
    [InlineData("-0.5", "-0.5")]
    [InlineData("0", "0")]
    [InlineData("-99999999999999.9999", "-99999999999999.9999")]
    [InlineData("1e2", "100")]
    [InlineData("1.250E-3", "0.001250")]
    [InlineData("-0", "0")]
    [InlineData("0.00", "0.00")]
    [InlineData("7966.5000", "7966.5000")]
    [InlineData("79228162514264337593543950335", "79228162514264337593543950335")]
    public void A_number_the_decimal_holds_is_read_as_that_decimal(string json, string expected)
    {
        var read = JsonSerializer.Deserialize<decimal>(json, Options);
        Assert.Equal(decimal.Parse(expected, System.Globalization.CultureInfo.InvariantCulture), read);
    }

    [Theory]
    [InlineData("1e-30")]
    [InlineData("0.10000000000000000000000000001")]
    [InlineData("79228162514264337593543950336")]
    [InlineData("1.00000000000000000000000000001")]
    [InlineData("123456789012345678901234567891")]
    public void A_number_the_decimal_would_round_is_refused(string json)
    {
        Assert.Throws<InexactDecimalException>(() => JsonSerializer.Deserialize<decimal>(json, Options));
    }
}
