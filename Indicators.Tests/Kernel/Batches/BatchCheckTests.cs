using Indicators.Api.Domain;
using Indicators.Api.Kernel.Batches;
using Indicators.Api.Kernel.Catalogue;

namespace Indicators.Tests.Kernel.Batches;

/// <summary>
/// A batch reads each period text once and reuses it for the items that repeat it (a district's month is 100 items of
/// one period): the reuse must answer exactly what reading every item would.
/// </summary>
public sealed class BatchCheckTests
{
    private static BatchCheck Check() => new("values", new CatalogueSnapshot([], []));

    [Fact]
    public void A_repeated_period_text_is_the_same_period_each_time_and_keys_compare_after_canonicalising()
    {
        var check = Check();
        Assert.Equal(Period.Parse("2020-S1"), check.Period(0, "2020-M01..M06"));
        Assert.Equal(Period.Parse("2020-S1"), check.Period(1, "2020-M01..M06"));
        Assert.Equal(Period.Parse("2020-M03"), check.Period(2, " 2020-m03 "));
        Assert.Equal(Period.Parse("2020-M03"), check.Period(3, " 2020-m03 "));
        Assert.False(check.HasErrors);

        check.Unique(0, "I", "U", check.Period(0, "2020-M01..M06")!.Value);
        check.Unique(1, "I", "U", check.Period(1, "2020-S1")!.Value);
        Assert.Equal(["Repeats the key of values[0] (I, U, 2020-S1): a key may appear once per batch."], check.Errors["values[1]"]);
    }

    [Fact]
    public void A_repeated_bad_period_is_reported_for_every_item_that_has_it()
    {
        var check = Check();
        Assert.Null(check.Period(0, "2020-Q5"));
        Assert.Equal(Period.Parse("2020-Q4"), check.Period(1, "2020-Q4"));
        Assert.Null(check.Period(2, "2020-Q5"));
        Assert.Null(check.Period(3, null));
        Assert.Equal(["'2020-Q5' is not a period code: quarters are Q1 to Q4."], check.Errors["values[0].period"]);
        Assert.Equal(["'2020-Q5' is not a period code: quarters are Q1 to Q4."], check.Errors["values[2].period"]);
        Assert.Single(check.Errors["values[3].period"]);
        Assert.False(check.Errors.ContainsKey("values[1].period"));
    }
}
