using System.Globalization;
using System.Text;
using Microsoft.Net.Http.Headers;

namespace Indicators.Api.Infrastructure.Http;

/// <summary>CSV answers for read endpoints: UTF-8, a header row, CRLF, RFC 4180 quoting.</summary>
internal static class Csv
{
    public const string MediaType = "text/csv";

    /// <summary><c>?format=csv</c> wins; without a format, an Accept header that names text/csv with a quality above 0
    /// and prefers nothing that means JSON (application/json, application/*, */*) asks for it (RFC 9110 §12.5.1). A tie
    /// goes to CSV, which the client named; an Accept header that cannot be read asks for nothing in particular.</summary>
    public static bool Requested(HttpContext context, string? format)
    {
        if (!string.IsNullOrEmpty(format))
        {
            return format == "csv";
        }
        var accept = context.Request.Headers.Accept;
        if (accept.Count == 0 || !MediaTypeHeaderValue.TryParseList(accept.Where(a => a is not null).Select(a => a!).ToList(), out var accepted))
        {
            return false;
        }
        double csv = 0, json = 0;
        foreach (var media in accepted)
        {
            var quality = media.Quality ?? 1.0;
            var type = media.MediaType.Value ?? "";
            if (type.Equals(MediaType, StringComparison.OrdinalIgnoreCase))
            {
                csv = Math.Max(csv, quality);
            }
            else if (type.Equals("application/json", StringComparison.OrdinalIgnoreCase) || type is "application/*" or "*/*")
            {
                json = Math.Max(json, quality);
            }
        }
        return csv > 0 && csv >= json;
    }

    public static string Number(decimal? value) => value?.ToString(CultureInfo.InvariantCulture) ?? "";

    /// <summary>ISO 8601 with the offset, as in JSON.</summary>
    public static string Time(DateTimeOffset? value) => value?.ToString("O", CultureInfo.InvariantCulture) ?? "";

    /// <summary>
    /// One field, RFC 4180-quoted when it holds a delimiter (',' or the ';' a spreadsheet in a Vietnamese or European locale
    /// splits on), a quote or a line break, and neutralised against formula injection (OWASP "CSV Injection"): text that
    /// starts with =, +, -, @, a tab, CR or LF is prefixed with a single quote, which a spreadsheet reads as "this is text"
    /// and shows without evaluating. A plain decimal number (what <see cref="Number"/> writes, -5 included) stays a
    /// number: it is not a formula and must stay a figure for whoever sums the column.
    /// </summary>
    public static string Field(string? value)
    {
        if (string.IsNullOrEmpty(value))
        {
            return "";
        }
        if (FormulaTriggers.Contains(value[0]) && !IsPlainNumber(value))
        {
            value = "'" + value;
        }
        var quote = value.AsSpan().IndexOfAny(QuoteTriggers) >= 0;
        return quote ? "\"" + value.Replace("\"", "\"\"") + "\"" : value;
    }

    /// <summary>The first characters that make a spreadsheet read a cell as a formula (OWASP "CSV Injection").</summary>
    public const string FormulaTriggers = "=+-@\t\r\n";

    private static readonly System.Buffers.SearchValues<char> QuoteTriggers = System.Buffers.SearchValues.Create(",;\"\r\n\t");

    /// <summary><c>-?digits(.digits)?</c>: a number as this service writes one.</summary>
    public static bool IsPlainNumber(string value)
    {
        var s = value.AsSpan(value.StartsWith('-') ? 1 : 0);
        var dot = s.IndexOf('.');
        var whole = dot < 0 ? s : s[..dot];
        var fraction = dot < 0 ? "0" : s[(dot + 1)..];
        return whole.Length > 0 && fraction.Length > 0 && !whole.ContainsAnyExceptInRange('0', '9') && !fraction.ContainsAnyExceptInRange('0', '9');
    }

    public static string Build(IReadOnlyList<string> header, IEnumerable<IReadOnlyList<string?>> rows)
    {
        var text = new StringBuilder();
        text.AppendJoin(',', header.Select(Field)).Append("\r\n");
        foreach (var row in rows)
        {
            text.AppendJoin(',', row.Select(Field)).Append("\r\n");
        }
        return text.ToString();
    }

    public static async Task WriteAsync(HttpContext context, IReadOnlyList<string> header, IEnumerable<IReadOnlyList<string?>> rows, string fileName, CancellationToken ct)
    {
        context.Response.StatusCode = StatusCodes.Status200OK;
        context.Response.ContentType = "text/csv; charset=utf-8";
        context.Response.Headers.ContentDisposition = $"inline; filename=\"{fileName}.csv\"";
        await context.Response.WriteAsync(Build(header, rows), Encoding.UTF8, ct);
    }

    /// <summary>The CSV as an <see cref="IResult"/>, for endpoints to send with <c>Send.ResultAsync</c> (FastEndpoints then
    /// knows the response is written and adds nothing).</summary>
    public static IResult Result(IReadOnlyList<string> header, IEnumerable<IReadOnlyList<string?>> rows, string fileName) =>
        new CsvResult(Build(header, rows), fileName);

    private sealed class CsvResult(string text, string fileName) : IResult
    {
        public async Task ExecuteAsync(HttpContext httpContext)
        {
            httpContext.Response.StatusCode = StatusCodes.Status200OK;
            httpContext.Response.ContentType = "text/csv; charset=utf-8";
            httpContext.Response.Headers.ContentDisposition = $"inline; filename=\"{fileName}.csv\"";
            await httpContext.Response.WriteAsync(text, Encoding.UTF8, httpContext.RequestAborted);
        }
    }
}
