using FluentValidation;
using Indicators.Api.Domain;

namespace Indicators.Api.Kernel.Queries;

/// <summary>Validation shared by the read views' query strings. An empty parameter counts as absent.</summary>
internal static class QueryRules
{
    /// <summary>A period code, canonicalised later; the failure is the parser's own sentence naming the bad code.</summary>
    public static IRuleBuilderOptionsConditions<T, string?> MustBeAPeriod<T>(this IRuleBuilder<T, string?> rule, bool required) =>
        rule.Custom((value, context) =>
        {
            if (!required && string.IsNullOrEmpty(value))
            {
                return;
            }
            if (!Period.TryParse(value, out _, out var error))
            {
                context.AddFailure(error);
            }
        });

    public static IRuleBuilderOptions<T, string?> MustBeALang<T>(this IRuleBuilder<T, string?> rule) =>
        rule.Must(l => string.IsNullOrEmpty(l) || l is "vi" or "en")
            .WithMessage("lang must be vi or en (without it, Accept-Language decides, else vi).");

    public static IRuleBuilderOptions<T, string?> MustBeAFormat<T>(this IRuleBuilder<T, string?> rule) =>
        rule.Must(f => string.IsNullOrEmpty(f) || f is "csv" or "json")
            .WithMessage("format must be csv or json (without it, an Accept header naming text/csv asks for CSV).");

    /// <summary>A comma-separated list of codes: blanks trimmed, empty items dropped, duplicates dropped, order kept.</summary>
    public static IReadOnlyList<string> Codes(string? list) =>
        (list ?? "").Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries).Distinct(StringComparer.Ordinal).ToList();

    /// <summary>The formats of the views that also answer SDMX (SPEC "Exchange formats (SDMX)").</summary>
    public static IRuleBuilderOptions<T, string?> MustBeAFormatOrSdmx<T>(this IRuleBuilder<T, string?> rule) =>
        rule.Must(f => string.IsNullOrEmpty(f) || f is "csv" or "json" or Sdmx.SdmxMedia.CsvFormat or Sdmx.SdmxMedia.JsonFormat)
            .WithMessage("format must be json, csv, sdmx-csv or sdmx-json (without it, the Accept header decides: text/csv, " +
                         "application/vnd.sdmx.data+csv;version=2.0.0 or application/vnd.sdmx.data+json;version=2.0.0).");

    public static IRuleBuilderOptions<T, string?> MustBeA<T, TEnum>(this IRuleBuilder<T, string?> rule, string name)
        where TEnum : struct, Enum =>
        rule.Must(k => string.IsNullOrEmpty(k) || WireNames.TryParse<TEnum>(k, out _))
            .WithMessage($"{name} must be one of {string.Join(", ", WireNames.All<TEnum>())}.");

    /// <summary>Parses a value the validator has already accepted; <paramref name="fallback"/> when absent.</summary>
    public static TEnum Parse<TEnum>(string? text, TEnum fallback) where TEnum : struct, Enum =>
        string.IsNullOrEmpty(text) ? fallback : Stored.Wire<TEnum>(text);

    /// <summary>A filter as a query parameter: null when it was not given (an empty parameter counts as absent).</summary>
    public static string? Given(string? filter) => string.IsNullOrEmpty(filter) ? null : filter;
}
