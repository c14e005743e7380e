using System.Globalization;
using Indicators.Api.Domain;
using Indicators.Api.Kernel.Catalogue;

namespace Indicators.Api.Kernel.Batches;

/// <summary>The limits of a batch (README "Submitting values").</summary>
internal static class BatchLimits
{
    /// <summary>Items per batch. A 10,000-value batch is about 2 MB of JSON, well inside Api:MaxRequestBodyBytes (8 MB).</summary>
    public const int MaxItems = 10_000;

    public const int MaxNoteLength = 1_000;

    public const int MaxSourceLength = 500;
}

/// <summary>
/// The checks values and targets share, collecting every error of the batch keyed by its JSON path
/// (<c>values[3].period</c>) so that one answer lists them all.
/// </summary>
internal sealed class BatchCheck(string collection, CatalogueSnapshot catalogue)
{
    private readonly Dictionary<string, List<string>> errors = new(StringComparer.Ordinal);
    private readonly Dictionary<(string, string, Period, string), int> seen = [];

    /// <summary>The periods read so far, by their text: a batch names few periods many times over (a district's month
    /// is 100 items of one period), and reading one costs a regular-expression match.</summary>
    private readonly Dictionary<string, Period> periods = new(StringComparer.Ordinal);

    public bool HasErrors => errors.Count > 0;

    public Dictionary<string, string[]> Errors => errors.ToDictionary(e => e.Key, e => e.Value.ToArray(), StringComparer.Ordinal);

    public string Path(int i, string? field = null) => field is null ? $"{collection}[{i}]" : $"{collection}[{i}].{field}";

    public void Add(int i, string? field, string message)
    {
        var path = Path(i, field);
        if (!errors.TryGetValue(path, out var list))
        {
            errors[path] = list = [];
        }
        list.Add(message);
    }

    /// <summary>1 to <see cref="BatchLimits.MaxItems"/> items; false (and an error keyed by the collection) otherwise.</summary>
    public bool Count<T>(IReadOnlyCollection<T>? items)
    {
        var message = items switch
        {
            null => $"{collection} is required: an array of 1 to {BatchLimits.MaxItems:N0} items.",
            { Count: 0 } => $"{collection} is empty: send 1 to {BatchLimits.MaxItems:N0} items.",
            { Count: > BatchLimits.MaxItems } => string.Create(CultureInfo.InvariantCulture,
                $"{collection} has {items.Count:N0} items; a batch holds at most {BatchLimits.MaxItems:N0}. Split it into several batches."),
            _ => null,
        };
        if (message is null)
        {
            seen.EnsureCapacity(items!.Count);
            return true;
        }
        errors[collection] = [message];
        return false;
    }

    public bool Present(int i, object? item)
    {
        if (item is null)
        {
            Add(i, null, "must be an object, not null.");
        }
        return item is not null;
    }

    public IndicatorRow? Indicator(int i, string? code)
    {
        if (string.IsNullOrEmpty(code))
        {
            Add(i, "indicator", "indicator is required: an indicator code such as INDUSTRIAL_OUTPUT.");
            return null;
        }
        var indicator = catalogue.Indicator(code);
        if (indicator is null)
        {
            Add(i, "indicator", $"There is no indicator {Echo.Quote(code)} (codes are case-sensitive).");
        }
        return indicator;
    }

    public OrgUnitRow? OrgUnit(int i, string? code)
    {
        if (string.IsNullOrEmpty(code))
        {
            Add(i, "orgUnit", "orgUnit is required: an org unit code such as TQ-SD.");
            return null;
        }
        var unit = catalogue.OrgUnit(code);
        if (unit is null)
        {
            Add(i, "orgUnit", $"There is no org unit {Echo.Quote(code)} (codes are case-sensitive).");
        }
        return unit;
    }

    public Period? Period(int i, string? text)
    {
        if (text is not null && periods.TryGetValue(text, out var known))
        {
            return known;
        }
        if (Domain.Period.TryParse(text, out var period, out var error))
        {
            periods[text!] = period;
            return period;
        }
        Add(i, "period", error);
        return null;
    }

    /// <summary>SPEC "Org units": values and targets only for periods the unit existed on every day of.</summary>
    public void CoveredBy(int i, OrgUnitRow unit, Period period)
    {
        if (!OrgUnitValidity.CoversPeriod(unit.ValidFrom, unit.ValidTo, period))
        {
            var from = unit.ValidFrom is { } f ? $"from {f:yyyy-MM-dd} " : "";
            var to = unit.ValidTo is { } t ? $"until {t:yyyy-MM-dd}" : "onwards";
            Add(i, "orgUnit", $"{unit.Code} exists only {from}{to}, so it cannot report for {period.Code} ({period.Start:yyyy-MM-dd} to {period.End:yyyy-MM-dd}).");
        }
    }

    /// <summary>SPEC "Actual values": present, within ±<see cref="Amounts.MaxAbs"/>, at most the indicator's decimals
    /// (significant ones: 2.50 fits 1 decimal), within its min and max.</summary>
    public void Value(int i, decimal? value, IndicatorRow? indicator)
    {
        if (value is not { } v)
        {
            Add(i, "value", "value is required: a JSON number.");
            return;
        }
        if (Math.Abs(v) > Amounts.MaxAbs)
        {
            Add(i, "value", $"value is beyond ±{Amounts.Text(Amounts.MaxAbs)}, the range this service stores.");
            return;
        }
        if (indicator is null)
        {
            return;
        }
        if (!Rounding.HasAtMostDecimals(v, indicator.Decimals))
        {
            Add(i, "value", $"{indicator.Code} takes at most {indicator.Decimals} decimal place{(indicator.Decimals == 1 ? "" : "s")}; {Amounts.Text(v)} has {Amounts.SignificantDecimals(v)}.");
        }
        if (indicator.MinValue is { } min && v < min)
        {
            Add(i, "value", $"{indicator.Code} is at least {Amounts.Text(min)}; {Amounts.Text(v)} is below it.");
        }
        if (indicator.MaxValue is { } max && v > max)
        {
            Add(i, "value", $"{indicator.Code} is at most {Amounts.Text(max)}; {Amounts.Text(v)} is above it.");
        }
    }

    /// <summary>An optional free text of at most <paramref name="max"/> characters; empty means none.</summary>
    public string? Text(int i, string field, string? text, int max)
    {
        if (text is not null && text.Length > max)
        {
            Add(i, field, string.Create(CultureInfo.InvariantCulture, $"{field} is at most {max:N0} characters; this one has {text.Length:N0}."));
        }
        return string.IsNullOrEmpty(text) ? null : text;
    }

    /// <summary>A key at most once per batch, compared after canonicalising the period (2020-M01..M06 is 2020-S1).</summary>
    public void Unique(int i, string indicator, string orgUnit, Period period, string kind = "")
    {
        if (seen.TryAdd((indicator, orgUnit, period, kind), i))
        {
            return;
        }
        var first = seen[(indicator, orgUnit, period, kind)];
        var what = kind.Length == 0 ? $"{indicator}, {orgUnit}, {period.Code}" : $"{indicator}, {orgUnit}, {period.Code}, {kind}";
        Add(i, null, $"Repeats the key of {Path(first)} ({what}): a key may appear once per batch.");
    }
}
