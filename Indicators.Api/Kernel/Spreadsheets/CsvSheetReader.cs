using System.Globalization;
using System.Text;
using System.Text.Unicode;
using CsvHelper;

namespace Indicators.Api.Kernel.Spreadsheets;

/// <summary>
/// A CSV body as a <see cref="SheetContent"/> (SPEC "Spreadsheets"): RFC 4180, UTF-8 with or without a BOM, the delimiter
/// (',' or ';') read from the header row, quoted fields holding delimiters, quotes and line breaks. Anything else is
/// refused whole with a sentence saying what to fix: another encoding (UTF-16, a Vietnamese 8-bit code page such as
/// windows-1258 or TCVN3), NUL bytes, or quoting that breaks RFC 4180 (a quoted field never closed, a stray quote).
/// Row N is the Nth record, as a spreadsheet program opening the file numbers it (the header is row 1; an empty line
/// is a row too, skipped).
/// </summary>
/// <remarks>
/// CsvHelper 34 (its SIMD reader) rather than Sep 0.17: both read 10,000 rows in a few milliseconds, but CsvHelper
/// reports malformed quoting with its record number where Sep reads an unclosed quote to the end of the file as one
/// field and keeps stray quotes, and it takes empty lines as records, which keeps row numbers true (README
/// "Submitting a spreadsheet" has the measurements).
/// </remarks>
internal static class CsvSheetReader
{
    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    /// <summary>Reads <paramref name="body"/>, keeping the cells of <paramref name="wanted"/> (header names, any letter
    /// case). <paramref name="charset"/> is the Content-Type's charset parameter, if any.</summary>
    public static SheetContent Read(ReadOnlyMemory<byte> body, IReadOnlyList<string> wanted, string? charset)
    {
        if (charset is { Length: > 0 } cs && !cs.Trim('"').Equals("utf-8", StringComparison.OrdinalIgnoreCase)
            && !cs.Trim('"').Equals("utf8", StringComparison.OrdinalIgnoreCase))
        {
            throw SheetRefusedException.Invalid(
                $"The CSV is declared as {Domain.Echo.Quote(cs)}; only UTF-8 is read. Save it as \"CSV UTF-8\" and send it with Content-Type: text/csv (or text/csv; charset=utf-8).");
        }
        var bytes = body.Span;
        if (bytes.IsEmpty)
        {
            throw SheetRefusedException.Invalid("The body is empty: send the CSV with a header row (indicator,orgUnit,period,value,status,note) and one row per value.");
        }
        CheckEncoding(bytes);
        var start = bytes.StartsWith((ReadOnlySpan<byte>)[0xEF, 0xBB, 0xBF]) ? 3 : 0;
        var text = body[start..];
        var delimiter = Delimiter(text.Span);

        CsvMalformedRecord? malformed = null;
        var options = new CsvReaderOptions
        {
            OnMalformedRecord = m => malformed ??= m,
            Separator = delimiter,
            HasHeader = false,
            Mode = CsvMode.Rfc4180,
            // Skip and report through OnMalformedRecord (its reason is an enum; the exception of Throw says it only in
            // words); the first malformed record refuses the sheet.
            MalformedData = CsvMalformedDataHandling.Skip,
            // Empty lines are records: row numbers stay those a spreadsheet program shows; empty rows are skipped below.
            SkipEmptyLines = false,
            AllowLineBreaksInQuotes = true,
            TrimWhitespace = false,
            DetectSeparatorHint = false,
            Encoding = Encoding.UTF8,
        };
        var rows = new List<SheetRow>();
        Dictionary<string, int>? columns = null;
        int[] indexes = [];
        var number = 0;
        try
        {
            using var csv = CsvReader.Create(text, options);
            while (csv.Read() && malformed is null)
            {
                number++;
                if (columns is null)
                {
                    var header = new string[csv.FieldCount];
                    for (var i = 0; i < header.Length; i++)
                    {
                        header[i] = csv.GetString(i);
                    }
                    columns = SheetHeader.Map(header, wanted);
                    indexes = wanted.Select(w => columns.GetValueOrDefault(w, -1)).ToArray();
                    continue;
                }
                var cells = new SheetCell?[wanted.Count];
                var blank = true;
                for (var w = 0; w < indexes.Length; w++)
                {
                    var i = indexes[w];
                    if (i < 0 || i >= csv.FieldCount)
                    {
                        continue;
                    }
                    var field = csv.GetString(i);
                    if (field.Length > 0)
                    {
                        var cell = new SheetCell(CellKind.Text, field);
                        cells[w] = cell;
                        blank &= cell.IsBlank;
                    }
                }
                if (blank)
                {
                    continue;
                }
                if (rows.Count == SheetLimits.MaxDataRows)
                {
                    throw SheetRefusedException.Invalid(
                        $"The sheet has more than {SheetLimits.MaxDataRows:N0} data rows (row {number} is the {SheetLimits.MaxDataRows + 1:N0}th); a batch holds at most {SheetLimits.MaxDataRows:N0}. Split it into several files.",
                        "rows");
                }
                rows.Add(new SheetRow(number, cells));
            }
        }
        catch (CsvFormatException ex)
        {
            // Too large a record or another fault the reader cannot skip.
            var row = ex.RecordNumber > 0 ? (int)Math.Min(ex.RecordNumber, int.MaxValue) : number + 1;
            throw SheetRefusedException.Invalid($"Row {row} is not valid CSV (RFC 4180): {QuotingProblem(null)}", $"rows[{row}]");
        }
        if (malformed is { } bad)
        {
            var row = (int)Math.Min(bad.RecordNumber, int.MaxValue);
            throw SheetRefusedException.Invalid($"Row {row} is not valid CSV (RFC 4180): {QuotingProblem(bad.Reason)}", $"rows[{row}]");
        }
        if (columns is null)
        {
            throw SheetRefusedException.Invalid("The body has no header row: row 1 must name the columns indicator, orgUnit, period, value, status (and note).");
        }
        return new SheetContent(SheetFormat.Csv, columns, rows, decimalComma: delimiter == ';');
    }

    private static string QuotingProblem(CsvMalformedReason? reason) => reason switch
    {
        CsvMalformedReason.UnterminatedQuote =>
            "a quoted field is never closed (an unbalanced \"). Close the field, and double every quote inside a quoted field (\"\").",
        CsvMalformedReason.TextAfterClosingQuote =>
            "text follows the closing quote of a quoted field. Quote the whole field and double the quotes inside it (\"\").",
        CsvMalformedReason.StrayQuote =>
            "a quote (\") inside a field that is not quoted. Quote the whole field and double the quotes inside it (\"\").",
        _ => "its quoting is broken. Quote fields that hold the delimiter, quotes or line breaks, and double the quotes inside them (\"\").",
    };

    /// <summary>UTF-8 only (SPEC): a UTF-16/32 byte order mark, NUL bytes or bytes that are not UTF-8 are refused, naming
    /// the likely cause.</summary>
    private static void CheckEncoding(ReadOnlySpan<byte> bytes)
    {
        if (bytes.StartsWith((ReadOnlySpan<byte>)[0xFF, 0xFE]) || bytes.StartsWith((ReadOnlySpan<byte>)[0xFE, 0xFF]))
        {
            throw SheetRefusedException.Invalid(
                "The CSV is in UTF-16 (\"Unicode text\"); only UTF-8 is read. Save it as \"CSV UTF-8 (Comma delimited)\" and send it again.");
        }
        var nul = bytes.IndexOf((byte)0);
        if (nul >= 0)
        {
            var utf16 = bytes.Length >= 4 && (bytes[1] == 0 || bytes[0] == 0);
            throw SheetRefusedException.Invalid(utf16
                ? "The CSV looks like UTF-16 (every other byte is zero); only UTF-8 is read. Save it as \"CSV UTF-8 (Comma delimited)\" and send it again."
                : $"The CSV holds a NUL byte (at byte {nul:N0}, row {RowAt(bytes, nul)}); a CSV is text. Send the file as it was saved, not a binary one.");
        }
        if (!Utf8.IsValid(bytes))
        {
            var at = FirstInvalid(bytes);
            throw SheetRefusedException.Invalid(
                $"The CSV is not UTF-8 (byte {at:N0}, row {RowAt(bytes, at)}, is not valid UTF-8): it seems to be saved in another encoding, such as windows-1258 or TCVN3. " +
                "Save it as \"CSV UTF-8 (Comma delimited)\" and send it again.");
        }
    }

    private static int FirstInvalid(ReadOnlySpan<byte> bytes)
    {
        try
        {
            _ = StrictUtf8.GetCharCount(bytes);
            return 0;
        }
        catch (DecoderFallbackException ex)
        {
            return Math.Max(0, ex.Index);
        }
    }

    /// <summary>The line of a byte (1-based), counting line feeds: a good enough pointer for an encoding fault.</summary>
    private static int RowAt(ReadOnlySpan<byte> bytes, int index) => bytes[..Math.Min(index, bytes.Length)].Count((byte)'\n') + 1;

    /// <summary>',' or ';', whichever the header row holds more of outside quotes (',' when it holds neither).</summary>
    private static char Delimiter(ReadOnlySpan<byte> text)
    {
        int commas = 0, semicolons = 0;
        var quoted = false;
        foreach (var b in text)
        {
            if (b == (byte)'"')
            {
                quoted = !quoted;
            }
            else if (!quoted && b is (byte)'\n' or (byte)'\r')
            {
                break;
            }
            else if (!quoted && b == (byte)',')
            {
                commas++;
            }
            else if (!quoted && b == (byte)';')
            {
                semicolons++;
            }
        }
        return semicolons > commas ? ';' : ',';
    }
}

/// <summary>The header row: wanted column names matched in any letter case (SPEC "Spreadsheets"); other columns ignored.</summary>
internal static class SheetHeader
{
    /// <summary>Wanted name → its column index; a wanted name given to two columns is refused.</summary>
    public static Dictionary<string, int> Map(IReadOnlyList<string?> header, IReadOnlyList<string> wanted)
    {
        var columns = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var i = 0; i < header.Count; i++)
        {
            var name = header[i]?.Trim();
            var match = wanted.FirstOrDefault(w => string.Equals(w, name, StringComparison.OrdinalIgnoreCase));
            if (match is null)
            {
                continue;
            }
            if (columns.TryGetValue(match, out var first))
            {
                throw SheetRefusedException.Invalid(
                    $"Row 1 names the column {match} twice ({CellNames.Cell(first, 1)} and {CellNames.Cell(i, 1)}); name each column once.", "rows[1]");
            }
            columns[match] = i;
        }
        return columns;
    }
}
