using System.Text;

namespace Indicators.Tests.Support;

/// <summary>A strict RFC 4180 reader for the tests: CRLF line ends, quoted fields with doubled quotes.</summary>
public static class CsvText
{
    public static List<List<string>> Parse(string text)
    {
        var rows = new List<List<string>>();
        var row = new List<string>();
        var field = new StringBuilder();
        var quoted = false;
        for (var i = 0; i < text.Length; i++)
        {
            var ch = text[i];
            if (quoted)
            {
                if (ch == '"' && i + 1 < text.Length && text[i + 1] == '"')
                {
                    field.Append('"');
                    i++;
                }
                else if (ch == '"')
                {
                    quoted = false;
                }
                else
                {
                    field.Append(ch);
                }
            }
            else if (ch == '"')
            {
                Assert.True(field.Length == 0, "A quote inside an unquoted field.");
                quoted = true;
            }
            else if (ch == ',')
            {
                row.Add(field.ToString());
                field.Clear();
            }
            else if (ch == '\r')
            {
                Assert.True(i + 1 < text.Length && text[i + 1] == '\n', "A bare CR.");
                row.Add(field.ToString());
                field.Clear();
                rows.Add(row);
                row = [];
                i++;
            }
            else
            {
                Assert.NotEqual('\n', ch);
                field.Append(ch);
            }
        }
        Assert.False(quoted, "An unterminated quoted field.");
        Assert.True(field.Length == 0 && row.Count == 0, "The last line does not end with CRLF.");
        return rows;
    }
}
