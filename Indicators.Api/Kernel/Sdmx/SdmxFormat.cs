using Microsoft.Net.Http.Headers;

namespace Indicators.Api.Kernel.Sdmx;

/// <summary>The two SDMX representations a read view answers in (SPEC "Exchange formats (SDMX)").</summary>
internal enum SdmxFormat
{
    Csv,
    Json,
}

/// <summary>
/// Which answer a read asks for: <c>?format=sdmx-csv|sdmx-json</c> wins; without a format, the Accept header's most
/// preferred known type (q-values, then order) decides — <c>application/vnd.sdmx.data+csv;version=2.0.0</c> or
/// <c>application/vnd.sdmx.data+json;version=2.0.0</c> (the SDMX REST API's media types; a version other than 2.x of
/// them is not served).
/// </summary>
internal static class SdmxMedia
{
    public const string Csv = "application/vnd.sdmx.data+csv";
    public const string Json = "application/vnd.sdmx.data+json";
    public const string Version = "2.0.0";

    /// <summary>The media types as the answers' Content-Type and the OpenAPI document name them.</summary>
    public const string CsvVersioned = Csv + ";version=" + Version;
    public const string JsonVersioned = Json + ";version=" + Version;

    public const string CsvFormat = "sdmx-csv";
    public const string JsonFormat = "sdmx-json";

    /// <summary>
    /// The SDMX format asked for, if any; <paramref name="refusal"/> is the 406 problem to answer instead when the Accept
    /// header names SDMX only in versions this service does not write.
    /// </summary>
    public static SdmxFormat? Negotiate(HttpContext context, string? format, out IResult? refusal)
    {
        var requested = Requested(context, format, out var unsupported);
        refusal = requested is null && unsupported is not null
            ? new Infrastructure.Http.ProblemResult(Infrastructure.Http.ProblemTypes.NotAcceptable,
                $"{unsupported} is not written here: ask for {CsvVersioned} or {JsonVersioned} (or ?format={CsvFormat}, ?format={JsonFormat}), or for JSON or CSV.")
            : null;
        return requested;
    }

    /// <summary>The format asked for, if an SDMX one; <paramref name="unsupportedVersion"/> names an SDMX type asked for
    /// in a version this service does not write, when the Accept header offers nothing else it writes (then the answer
    /// is 406).</summary>
    public static SdmxFormat? Requested(HttpContext context, string? format, out string? unsupportedVersion)
    {
        unsupportedVersion = null;
        if (!string.IsNullOrEmpty(format))
        {
            return format switch
            {
                CsvFormat => SdmxFormat.Csv,
                JsonFormat => SdmxFormat.Json,
                _ => null,
            };
        }
        if (!MediaTypeHeaderValue.TryParseList(context.Request.Headers.Accept.Where(a => a is not null).Select(a => a!).ToList(), out var accepted))
        {
            return null;
        }
        foreach (var media in accepted.OrderByDescending(m => m.Quality ?? 1.0))
        {
            if ((media.Quality ?? 1.0) <= 0)
            {
                continue;
            }
            var type = media.MediaType.Value ?? "";
            var sdmx = type.Equals(Csv, StringComparison.OrdinalIgnoreCase) ? SdmxFormat.Csv
                : type.Equals(Json, StringComparison.OrdinalIgnoreCase) ? SdmxFormat.Json
                : (SdmxFormat?)null;
            if (sdmx is null)
            {
                // JSON, CSV or a wildcard preferred over any SDMX type: not an SDMX answer.
                if (type is "application/json" or "text/csv" or "*/*" or "application/*" or "text/*")
                {
                    unsupportedVersion = null;
                    return null;
                }
                continue;
            }
            var version = media.Parameters.FirstOrDefault(p => p.Name.Equals("version", StringComparison.OrdinalIgnoreCase))?.Value.Value?.Trim('"');
            if (version is null or "2" or "2.0" or Version || version.StartsWith("2.0.", StringComparison.Ordinal))
            {
                return sdmx;
            }
            unsupportedVersion ??= $"{type};version={version}";
        }
        return null;
    }
}
