using System.Globalization;
using Indicators.Api.Infrastructure.Database;

namespace Indicators.Tests.Infrastructure.Database;

/// <summary>SQLite holds times as fixed-width UTC text; reading it back digit by digit gives the same instant as the
/// general parser, and any other text still goes to the general parser.</summary>
public sealed class TimeTextTests
{
    [Theory]
    [InlineData("2024-03-10T02:00:00.0000000Z")]
    [InlineData("2020-02-29T23:59:59.9999999Z")]
    [InlineData("2100-12-31T00:00:00.1234567Z")]
    [InlineData("0001-01-01T00:00:00.0000000Z")]
    public void The_fixed_width_text_reads_as_the_general_parser_reads_it(string text)
    {
        var expected = DateTimeOffset.Parse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal);
        var read = DapperSetup.ParseTime(text);
        Assert.Equal(expected, read);
        Assert.Equal(TimeSpan.Zero, read.Offset);
    }

    [Fact]
    public void Every_instant_round_trips_through_the_text_the_handler_writes()
    {
        var random = new Random(20200716);
        for (var i = 0; i < 1000; i++)
        {
            var instant = new DateTimeOffset(new DateTime(2000, 1, 1, 0, 0, 0, DateTimeKind.Utc).AddTicks((long)(random.NextDouble() * TimeSpan.FromDays(36_500).Ticks)));
            var text = instant.ToString("yyyy-MM-dd'T'HH:mm:ss.fffffff'Z'", CultureInfo.InvariantCulture);
            Assert.Equal(instant, DapperSetup.ParseTime(text));
        }
    }

    [Theory]
    [InlineData("2024-03-10T09:00:00+07:00", "2024-03-10T02:00:00Z")]
    [InlineData("2024-03-10 02:00:00", "2024-03-10T02:00:00Z")]
    [InlineData("2024-02-30T02:00:00.0000000Z", null)]
    [InlineData("2024-03-10T02:00:00.00000x0Z", null)]
    public void Other_text_goes_to_the_general_parser(string text, string? expected)
    {
        if (expected is null)
        {
            Assert.Throws<FormatException>(() => DapperSetup.ParseTime(text));
            return;
        }
        Assert.Equal(DateTimeOffset.Parse(expected, CultureInfo.InvariantCulture), DapperSetup.ParseTime(text));
    }
}
