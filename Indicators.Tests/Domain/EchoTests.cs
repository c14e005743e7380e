using Indicators.Api.Domain;
using Indicators.Api.Infrastructure.Http;
using Indicators.Tests.Support;

namespace Indicators.Tests.Domain;

public sealed class EchoTests
{
    [Theory]
    [InlineData("TQ-SD")]
    [InlineData("industrial_output")]
    [InlineData("2020-M01..M09")]
    [InlineData("01980f3c-6a2b-7c41-9a8e-2f1d5b7c9e10")]
    [InlineData("ТQ-SD")]
    public void Quotes_code_shaped_text_as_sent(string text) => Assert.Equal($"'{text}'", Echo.Quote(text));

    [Theory]
    [InlineData("2021-M03' UNION SELECT key_hash FROM api_keys --")]
    [InlineData("<script>alert(1)</script>")]
    [InlineData("TQ-SD\u0000")]
    [InlineData("INDUSTRIAL\u200b_OUTPUT")]
    [InlineData("")]
    public void Describes_anything_else_without_echoing_it(string text)
    {
        var quoted = Echo.Quote(text);
        Assert.Equal($"the value sent ({text.Length} characters)", quoted);
    }

    [Fact]
    public void Describes_long_text_by_its_length() => Assert.Equal("the value sent (5,000 characters)", Echo.Quote(new string('A', 5000)));
}

public sealed class ExactDecimalTests
{
    [Theory]
    [InlineData("-1.250e-3", "-0.00125")]
    [InlineData("12.50", "12.5")]
    [InlineData("1E+2", "100")]
    [InlineData("0.000", "0")]
    [InlineData("-0", "0")]
    public void The_canonical_form_compares_values_not_spellings(string a, string b) =>
        Assert.Equal(ExactDecimalConverter.Canonical(a), ExactDecimalConverter.Canonical(b));

    [Theory]
    [InlineData("1e-30")]
    [InlineData("1.00000000000000000000000000000000001")]
    [InlineData("79228162514264337593543950336")]
    [InlineData("1e400")]
    public void Refuses_a_number_a_decimal_cannot_hold_exactly(string number)
    {
        var options = new System.Text.Json.JsonSerializerOptions { Converters = { new ExactDecimalConverter() } };
        Assert.Throws<InexactDecimalException>(() => System.Text.Json.JsonSerializer.Deserialize<decimal>(number, options));
    }

    [Theory]
    [InlineData("2700", "2700")]
    [InlineData("7966.0", "7966.0")]
    [InlineData("-0.0001", "-0.0001")]
    [InlineData("99999999999999.9999", "99999999999999.9999")]
    [InlineData("1.5e3", "1500")]
    public void Reads_numbers_a_decimal_holds_exactly(string number, string expected)
    {
        var options = new System.Text.Json.JsonSerializerOptions { Converters = { new ExactDecimalConverter() } };
        var value = System.Text.Json.JsonSerializer.Deserialize<decimal?>(number, options);
        Assert.Equal(decimal.Parse(expected, System.Globalization.CultureInfo.InvariantCulture), value);
    }
}
