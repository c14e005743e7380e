using System.Text;
using Indicators.Api.Kernel.Spreadsheets;
using Indicators.Tests.Support;

namespace Indicators.Tests.Kernel.Spreadsheets;

/// <summary>The CSV and xlsx readers on their own: what a cell is read as, row numbers, and every file refused whole.</summary>
public sealed class SheetReaderTests
{
    private static readonly string[] Wanted = ["indicator", "orgUnit", "period", "value", "status", "note"];

    private static SheetContent Csv(string text, string? charset = null) => CsvSheetReader.Read(Encoding.UTF8.GetBytes(text), Wanted, charset);

    private static SheetRefusedException CsvRefused(byte[] body, string? charset = null) =>
        Assert.Throws<SheetRefusedException>(() => CsvSheetReader.Read(body, Wanted, charset));

    private static SheetRefusedException XlsxRefused(byte[] body) => Assert.Throws<SheetRefusedException>(() => XlsxSheetReader.Read(body, Wanted));

    [Theory]
    [InlineData(0, "A")]
    [InlineData(25, "Z")]
    [InlineData(26, "AA")]
    [InlineData(701, "ZZ")]
    [InlineData(702, "AAA")]
    [InlineData(16383, "XFD")]
    public void Column_names_are_as_a_spreadsheet_shows_them(int index, string name)
    {
        Assert.Equal(name, CellNames.Column(index));
        Assert.True(CellNames.TryParse(name + "7", out var column, out var row));
        Assert.Equal((index, 7), (column, row));
    }

    [Theory]
    [InlineData("1235.6", false, "1235.6")]
    [InlineData(" -0.05 ", false, "-0.05")]
    [InlineData("007", false, "7")]
    [InlineData("1235,6", true, "1235.6")]
    [InlineData("1235.6", true, "1235.6")]
    [InlineData("-1,5", true, "-1.5")]
    [InlineData("99999999999999.9999", false, "99999999999999.9999")]
    [InlineData("0.1234567890123456789012345678", false, "0.1234567890123456789012345678")]
    public void Figures_are_read_exactly(string text, bool decimalComma, string expected)
    {
        Assert.True(SheetNumbers.TryParse(text, decimalComma, out var value, out var error), error);
        Assert.Equal(decimal.Parse(expected, System.Globalization.CultureInfo.InvariantCulture), value);
    }

    [Theory]
    [InlineData("1235,6", false)]
    [InlineData("1,235.6", false)]
    [InlineData("1.235,6", true)]
    [InlineData("1e3", false)]
    [InlineData("12%", false)]
    [InlineData("+5", false)]
    [InlineData(".5", false)]
    [InlineData("5.", false)]
    [InlineData("--5", false)]
    [InlineData("NaN", false)]
    [InlineData("١٢٣", false)]
    [InlineData("0.12345678901234567890123456789", false)]
    [InlineData("", false)]
    public void Anything_else_is_not_a_figure(string text, bool decimalComma) =>
        Assert.False(SheetNumbers.TryParse(text, decimalComma, out _, out _));

    [Theory]
    [InlineData("1235.5999999999999", "1235.6")]
    [InlineData("0.30000000000000004", "0.3")]
    [InlineData("-3.2500000000000004", "-3.25")]
    [InlineData("1E-2", "0.01")]
    [InlineData("7966", "7966")]
    [InlineData("12345678901234567", "12345678901234600")]
    public void A_stored_double_is_read_at_15_significant_digits(string stored, string shown)
    {
        Assert.True(SheetNumbers.TryReadStoredDouble(stored, out var value));
        Assert.Equal(decimal.Parse(shown, System.Globalization.CultureInfo.InvariantCulture), value);
    }

    [Fact]
    public void A_CSV_keeps_the_wanted_columns_numbers_rows_as_a_spreadsheet_would_and_skips_empty_rows()
    {
        var sheet = Csv("\uFEFFNote;VALUE;Indicator;other;orgunit;period;status\r\n" +
                        "\"a;\"\"b\"\"\r\nc\";1,5;X;;U;2020;estimate\r\n" +
                        "\r\n" +
                        ";;;ignored;;;\r\n" +
                        ";2;Y;;U;2021;official");
        Assert.True(sheet.DecimalComma);
        Assert.Equal(new Dictionary<string, int> { ["note"] = 0, ["value"] = 1, ["indicator"] = 2, ["orgUnit"] = 4, ["period"] = 5, ["status"] = 6 }, sheet.Columns);
        Assert.Equal([2, 5], sheet.Rows.Select(r => r.Number));
        Assert.Equal("a;\"b\"\r\nc", sheet.Rows[0].Cells[5]!.Value.Text);
        Assert.Equal("1,5", sheet.Rows[0].Cells[3]!.Value.Text);
        Assert.Null(sheet.Rows[1].Cells[5]);
    }

    [Theory]
    [InlineData("indicator,value\r\nX,\"unterminated\r\nY,2\r\n", 2, "never closed")]
    [InlineData("indicator,value\r\nX,1\r\nY,ab\"c\r\n", 3, "inside a field that is not quoted")]
    [InlineData("indicator,value\r\n\r\n\"X\"Y,1\r\n", 3, "text follows the closing quote")]
    public void Broken_quoting_is_refused_naming_its_row(string csv, int row, string why)
    {
        var refused = CsvRefused(Encoding.UTF8.GetBytes(csv));
        Assert.Equal($"rows[{row}]", refused.Key);
        Assert.Contains($"Row {row} is not valid CSV", refused.Message);
        Assert.Contains(why, refused.Message);
    }

    [Fact]
    public void Other_encodings_NUL_bytes_and_other_charsets_are_refused_saying_what_to_do()
    {
        var text = "indicator,orgUnit,period,value,status,note\r\nINDUSTRIAL_OUTPUT,TQ-SD,2020-S1,1,estimate,Sơn Dương\r\n";
        Assert.Contains("UTF-16", CsvRefused(Encoding.Unicode.GetPreamble().Concat(Encoding.Unicode.GetBytes(text)).ToArray()).Message);
        Assert.Contains("UTF-16", CsvRefused(Encoding.BigEndianUnicode.GetBytes(text)).Message);
        Assert.Contains("NUL byte", CsvRefused(Encoding.UTF8.GetBytes(text.Replace("Sơn", "S\0n"))).Message);
        // "Dương" in windows-1258: ư is 0xFD, ơ 0xF5 — not UTF-8.
        var cp1258 = Encoding.ASCII.GetBytes(text.Replace("Sơn Dương", "S?n D??ng"));
        cp1258[Array.IndexOf(cp1258, (byte)'?')] = 0xF5;
        var refused = CsvRefused(cp1258);
        Assert.Contains("not UTF-8", refused.Message);
        Assert.Contains("row 2", refused.Message);
        Assert.Contains("windows-1258", CsvRefused(Encoding.UTF8.GetBytes(text), "windows-1258").Message);
        Assert.Equal(2, Csv(text, "UTF-8").Rows[0].Number);
        Assert.Contains("empty", CsvRefused([]).Message);
    }

    [Fact]
    public void An_xlsx_cell_is_read_with_its_kind()
    {
        var sheet = XlsxSheetReader.Read(Xlsx.Build(
        [
            ["x", "VALUE", "note", "Period"],
            [null, "#n:1235.5999999999999", "=1+1", "#n:2020"],
            [null, "#f:SUM(A1)|3", "#d:43831.5", "#p:0.5"],
            [null, "#b:0", "#e:#DIV/0!", "2020-S1"],
        ], new Xlsx.Options { SharedStrings = false }), Wanted);
        Assert.Equal(new Dictionary<string, int> { ["value"] = 1, ["note"] = 2, ["period"] = 3 }, sheet.Columns);
        var cells = sheet.Rows.Select(r => new[] { r.Cells[3], r.Cells[5], r.Cells[2] }).ToList();
        Assert.Equal(new SheetCell(CellKind.Number, "1235.6", 1235.6m), cells[0][0]);
        Assert.Equal(new SheetCell(CellKind.Text, "=1+1"), cells[0][1]);
        Assert.Equal(new SheetCell(CellKind.Number, "2020", 2020m), cells[0][2]);
        Assert.Equal(CellKind.Formula, cells[1][0]!.Value.Kind);
        Assert.Equal(new SheetCell(CellKind.Date, "2020-01-01 12:00:00"), cells[1][1]);
        Assert.Equal(new SheetCell(CellKind.Percent, "0.5"), cells[1][2]);
        Assert.Equal(new SheetCell(CellKind.Boolean, "FALSE"), cells[2][0]);
        Assert.Equal(new SheetCell(CellKind.Error, "#DIV/0!"), cells[2][1]);
        Assert.Equal(new SheetCell(CellKind.Text, "2020-S1"), cells[2][2]);
    }

    [Theory]
    [InlineData("General", "Number")]
    [InlineData("#,##0.00", "Number")]
    [InlineData("0.00E+00", "Number")]
    [InlineData("#,##0 \"đồng\"", "Number")]
    [InlineData("[Red]#,##0", "Number")]
    [InlineData("dd/mm/yyyy", "Date")]
    [InlineData("[$-42A]d mmmm yyyy", "Date")]
    [InlineData("[h]:mm", "Date")]
    [InlineData("0.0%", "Percent")]
    [InlineData("0\"%\"", "Number")]
    public void A_custom_number_format_is_a_number_a_date_or_a_percentage(string code, string kind) =>
        Assert.Equal(Enum.Parse<CellKind>(kind), CellStyles.KindOfFormat(code));

    [Fact]
    public void A_zip_bomb_is_refused_on_its_central_directory_before_anything_is_expanded()
    {
        var bomb = Xlsx.Build([["indicator"]], new Xlsx.Options { Padding = 200L * 1024 * 1024 });
        Assert.True(bomb.Length < 1024 * 1024, $"{bomb.Length} bytes");
        var allocated = GC.GetAllocatedBytesForCurrentThread();
        var refused = XlsxRefused(bomb);
        allocated = GC.GetAllocatedBytesForCurrentThread() - allocated;
        Assert.Equal(413, refused.Type.Status);
        Assert.Contains("would expand to 200.0 MiB", refused.Message);
        Assert.True(allocated < 8 * 1024 * 1024, $"{allocated:N0} bytes allocated");
    }

    [Fact]
    public void A_central_directory_that_understates_a_part_is_refused_without_expanding_it()
    {
        var lying = Xlsx.LyingSizes(Xlsx.Build([["indicator"]], new Xlsx.Options { Padding = 200L * 1024 * 1024 }), 4096);
        var allocated = GC.GetAllocatedBytesForCurrentThread();
        var refused = XlsxRefused(lying);
        allocated = GC.GetAllocatedBytesForCurrentThread() - allocated;
        Assert.Equal(400, refused.Type.Status);
        Assert.Contains("damaged or truncated", refused.Message);
        Assert.True(allocated < 32 * 1024 * 1024, $"{allocated:N0} bytes allocated");
    }

    [Fact]
    public void Files_that_are_not_plain_workbooks_are_refused_saying_why()
    {
        var good = Xlsx.Build([Wanted]);
        Assert.Contains("zip directory is missing or damaged", XlsxRefused(good[..(good.Length / 2)]).Message);
        Assert.Contains("zip archive", XlsxRefused(Encoding.UTF8.GetBytes("indicator,orgUnit\r\n")).Message);
        Assert.Contains("encrypted", XlsxRefused([0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1, 0, 0]).Message);
        Assert.Contains("macros", XlsxRefused(Xlsx.Build([Wanted], new Xlsx.Options
        {
            ExtraParts = new Dictionary<string, byte[]> { ["xl/vbaProject.bin"] = [1, 2, 3] },
        })).Message);
        Assert.Contains("macros", XlsxRefused(Xlsx.Build([Wanted], new Xlsx.Options
        {
            WorkbookContentType = "application/vnd.ms-excel.sheet.macroEnabled.main+xml",
        })).Message);
        Assert.Contains("external links", XlsxRefused(Xlsx.Build([Wanted], new Xlsx.Options
        {
            ExtraParts = new Dictionary<string, byte[]> { ["xl/externalLinks/externalLink1.xml"] = Encoding.UTF8.GetBytes("<externalLink/>") },
        })).Message);
        Assert.Contains("shared-string table is too large", XlsxRefused(Xlsx.Build([Wanted], new Xlsx.Options { ExtraSharedStrings = 250_000 })).Message);
        Assert.Contains("out of order", XlsxRefused(Xlsx.Build([Wanted, Wanted, Wanted], new Xlsx.Options { RowNumbers = [1, 3, 2] })).Message);
        // Never extracted anywhere, but no valid package names a part outside itself.
        Assert.Contains("part name", XlsxRefused(Xlsx.Build([Wanted], new Xlsx.Options
        {
            ExtraParts = new Dictionary<string, byte[]> { ["../../etc/cron.d/evil"] = [1] },
        })).Message);
    }

    [Fact]
    public void Reading_stops_at_the_10001st_data_row()
    {
        var rows = Enumerable.Range(0, 10_001).Select(i => new[] { "X", "U", "2020", "1", "estimate" }).Prepend(Wanted).ToArray<string?[]>();
        var refused = XlsxRefused(Xlsx.Build(rows));
        Assert.Equal("rows", refused.Key);
        Assert.Contains("row 10002 is the 10,001th", refused.Message);
        var csv = string.Join("\r\n", rows.Select(r => string.Join(',', r)));
        Assert.Equal("rows", CsvRefused(Encoding.UTF8.GetBytes(csv)).Key);
        Assert.Equal(10_000, Csv(string.Join("\r\n", rows[..^1].Select(r => string.Join(',', r)))).Rows.Count);
    }
}

/// <summary>
/// Damaged files of every kind (seeded, so a failure repeats): whatever the bytes, a reader either reads a sheet or
/// refuses it with its problem — never another exception, which the service would answer with a 500.
/// </summary>
public sealed class SheetReaderFuzzTests
{
    private static readonly string[] Wanted = ["indicator", "orgUnit", "period", "value", "status", "note"];

    private static void ReadsOrRefuses(Action read, string what)
    {
        try
        {
            read();
        }
        catch (SheetRefusedException)
        {
        }
        catch (Exception ex)
        {
            Assert.Fail($"{what}: {ex.GetType().Name}: {ex.Message}");
        }
    }

    [Fact]
    public void A_damaged_xlsx_is_read_or_refused_never_anything_else()
    {
        var good = Xlsx.Build(
        [
            Wanted,
            ["INDUSTRIAL_OUTPUT", "TQ-SD", "2021-M03", "#n:1235.5999999999999", "estimate", "ghi chú"],
            ["RETAIL_SALES", "TQ-SD", "2021-M03", "#f:SUM(D2)|3", "estimate", "#d:43831"],
        ]);
        var random = new Random(20201216);
        for (var i = 0; i < 400; i++)
        {
            var bytes = (byte[])good.Clone();
            var flips = 1 + random.Next(8);
            for (var f = 0; f < flips; f++)
            {
                bytes[random.Next(bytes.Length)] = (byte)random.Next(256);
            }
            if (i % 5 == 0)
            {
                bytes = bytes[..random.Next(bytes.Length)];
            }
            ReadsOrRefuses(() => XlsxSheetReader.Read(bytes, Wanted), $"xlsx variant {i}");
        }
    }

    [Fact]
    public void A_damaged_CSV_is_read_or_refused_never_anything_else()
    {
        var good = Encoding.UTF8.GetBytes(Xlsx.Csv(';', Wanted,
            ["INDUSTRIAL_OUTPUT", "TQ-SD", "2021-M03", "1235,6", "estimate", "ghi \"chú\"; dòng\r\nhai"],
            ["RETAIL_SALES", "TQ-SD", "2021-M03", "7", "estimate", null]));
        var random = new Random(20201217);
        const string alphabet = "\"';,\r\n \tA1.-=é";
        for (var i = 0; i < 600; i++)
        {
            var bytes = (byte[])good.Clone();
            var flips = 1 + random.Next(6);
            for (var f = 0; f < flips; f++)
            {
                bytes[random.Next(bytes.Length)] = i % 2 == 0 ? (byte)random.Next(256) : (byte)alphabet[random.Next(alphabet.Length)];
            }
            ReadsOrRefuses(() => CsvSheetReader.Read(bytes, Wanted, null), $"CSV variant {i}");
        }
    }
}
