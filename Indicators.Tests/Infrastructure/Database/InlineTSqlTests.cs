using System.Text;
using System.Text.RegularExpressions;
using Microsoft.SqlServer.TransactSql.ScriptDom;

namespace Indicators.Tests.Infrastructure.Database;

/// <summary>
/// SQL short enough to stay inline in C# is T-SQL too when the provider is SQL Server. This reads every C#
/// source file of the service, collects the string literals that are SQL statements (joining "a" + "b"),
/// fills interpolation holes and Dapper's expansions with valid stand-ins, and parses them with SQL Server's
/// own parser. SQLite-only statements (chosen when db.IsSqlite) are left out.
/// </summary>
public sealed partial class InlineTSqlTests
{
    public static TheoryData<string, int, string> InlineStatements()
    {
        var data = new TheoryData<string, int, string>();
        var root = RepoRoot();
        foreach (var file in Directory.EnumerateFiles(Path.Combine(root, "Indicators.Api"), "*.cs", SearchOption.AllDirectories)
                     .Where(f => !f.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}") && !f.Contains($"{Path.DirectorySeparatorChar}bin{Path.DirectorySeparatorChar}"))
                     .Order(StringComparer.Ordinal))
        {
            foreach (var (line, text) in Literals(File.ReadAllText(file)))
            {
                var sql = text.TrimStart();
                if (Statement().IsMatch(sql) && !SqliteOnly().IsMatch(sql))
                {
                    data.Add(Path.GetRelativePath(root, file), line, sql);
                }
            }
        }
        return data;
    }

    [Theory]
    [MemberData(nameof(InlineStatements))]
    public void Every_inline_SQL_statement_parses_as_TSql(string file, int line, string sql)
    {
        var parser = new TSql160Parser(initialQuotedIdentifiers: true);
        using var reader = new StringReader(sql);
        parser.Parse(reader, out var errors);
        Assert.True(errors.Count == 0, $"{file}:{line}: {sql}\n" + string.Join("\n", errors.Select(e => $"  column {e.Column}: {e.Message}")));
    }

    [Fact]
    public void The_scan_finds_inline_statements_and_fills_their_holes()
    {
        var statements = InlineStatements().Select(r => r.Data.Item3).ToList();
        Assert.True(statements.Count >= 20, $"only {statements.Count} inline statements found");
        Assert.Contains(statements, s => s.StartsWith("UPDATE data_version SET version = version + 1", StringComparison.Ordinal));
        var literals = Literals("x = $\"SELECT {Columns} FROM t{(db.IsSqlite ? \"\" : \" WITH (UPDLOCK)\")} WHERE y IN @ys \" +\n  $\"ORDER BY a {db.PageClause}\";").ToList();
        Assert.Equal("SELECT c1, c2 FROM t WITH (UPDLOCK) WHERE y IN (@ys) ORDER BY a OFFSET 0 ROWS FETCH NEXT 10 ROWS ONLY", Assert.Single(literals).Text);
    }

    [GeneratedRegex(@"^(SELECT|INSERT|UPDATE|DELETE|MERGE|WITH|DECLARE|IF) ")]
    private static partial Regex Statement();

    [GeneratedRegex(@"PRAGMA|ON CONFLICT|\bLIMIT\b|json_each|\btemp\.|\$[a-z]|INSERT OR |sqlite_")]
    private static partial Regex SqliteOnly();

    [GeneratedRegex(@"\bIN @(\w+)")]
    private static partial Regex DapperList();

    private static string RepoRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Indicators.slnx")))
            {
                return dir.FullName;
            }
        }
        throw new InvalidOperationException("No Indicators.slnx above " + AppContext.BaseDirectory);
    }

    /// <summary>String literals (regular, verbatim, interpolated), adjacent ones joined across '+'.</summary>
    private static IEnumerable<(int Line, string Text)> Literals(string src)
    {
        var i = 0;
        var line = 1;
        StringBuilder? pending = null;
        var pendingLine = 0;
        while (i < src.Length)
        {
            var ch = src[i];
            if (ch == '\n')
            {
                line++;
                i++;
                continue;
            }
            if (ch == '/' && i + 1 < src.Length && src[i + 1] == '/')
            {
                while (i < src.Length && src[i] != '\n')
                {
                    i++;
                }
                continue;
            }
            if (ch == '\'' && i + 2 < src.Length)
            {
                // A char literal: '"' must not open a string.
                var end = src.IndexOf('\'', i + (src[i + 1] == '\\' ? 3 : 2));
                i = end < 0 ? i + 1 : end + 1;
                continue;
            }
            var start = i;
            var interpolated = false;
            var verbatim = false;
            while (i < src.Length && (src[i] == '$' || src[i] == '@'))
            {
                interpolated |= src[i] == '$';
                verbatim |= src[i] == '@';
                i++;
            }
            if (i >= src.Length || src[i] != '"')
            {
                i = start + 1;
                if (pending is not null && !char.IsWhiteSpace(ch) && ch != '+')
                {
                    yield return (pendingLine, pending.ToString());
                    pending = null;
                }
                continue;
            }
            var startLine = line;
            var text = ReadString(src, ref i, ref line, interpolated, verbatim);
            if (pending is null)
            {
                pending = new StringBuilder(text);
                pendingLine = startLine;
            }
            else
            {
                pending.Append(text);
            }
            // Join with the next literal only across a '+'.
            var j = i;
            while (j < src.Length && char.IsWhiteSpace(src[j]))
            {
                j++;
            }
            if (j >= src.Length || src[j] != '+')
            {
                yield return (pendingLine, pending.ToString());
                pending = null;
            }
        }
        if (pending is not null)
        {
            yield return (pendingLine, pending.ToString());
        }
    }

    private static string ReadString(string src, ref int i, ref int line, bool interpolated, bool verbatim)
    {
        var text = new StringBuilder();
        i++; // opening quote
        while (i < src.Length)
        {
            var ch = src[i];
            if (ch == '\n')
            {
                line++;
            }
            if (ch == '"')
            {
                if (verbatim && i + 1 < src.Length && src[i + 1] == '"')
                {
                    text.Append('"');
                    i += 2;
                    continue;
                }
                i++;
                break;
            }
            if (ch == '\\' && !verbatim)
            {
                text.Append(src[i + 1] switch { 'n' => '\n', 't' => '\t', var c => c });
                i += 2;
                continue;
            }
            if (interpolated && ch == '{')
            {
                if (i + 1 < src.Length && src[i + 1] == '{')
                {
                    text.Append('{');
                    i += 2;
                    continue;
                }
                var depth = 1;
                var hole = new StringBuilder();
                i++;
                while (i < src.Length && depth > 0)
                {
                    if (src[i] == '"')
                    {
                        // A string inside the hole: copy it whole.
                        hole.Append('"');
                        i++;
                        while (i < src.Length && src[i] != '"')
                        {
                            hole.Append(src[i]);
                            i++;
                        }
                    }
                    else if (src[i] == '{')
                    {
                        depth++;
                    }
                    else if (src[i] == '}')
                    {
                        depth--;
                        if (depth == 0)
                        {
                            break;
                        }
                    }
                    hole.Append(src[i]);
                    i++;
                }
                i++; // closing brace
                text.Append(Fill(hole.ToString()));
                continue;
            }
            if (interpolated && ch == '}' && i + 1 < src.Length && src[i + 1] == '}')
            {
                text.Append('}');
                i += 2;
                continue;
            }
            text.Append(ch);
            i++;
        }
        return DapperList().Replace(text.ToString().Replace("/**where**/", "WHERE 1 = 1", StringComparison.Ordinal), "IN (@$1)");
    }

    /// <summary>A stand-in for an interpolation hole, valid where such holes stand.</summary>
    private static string Fill(string hole)
    {
        if (hole.Contains("PageClause", StringComparison.Ordinal))
        {
            return "OFFSET 0 ROWS FETCH NEXT 10 ROWS ONLY";
        }
        var sqlite = hole.IndexOf("IsSqlite", StringComparison.OrdinalIgnoreCase) >= 0 || hole.TrimStart('(').StartsWith("sqlite", StringComparison.Ordinal);
        if (sqlite && hole.Contains('?') && hole.Contains(':'))
        {
            // (db.IsSqlite ? "sqlite text" : "T-SQL text"): the SQL Server branch.
            var otherwise = hole[(hole.LastIndexOf(':') + 1)..].Trim().TrimEnd(')').Trim();
            return otherwise.Trim('"');
        }
        if (hole.EndsWith("Columns", StringComparison.Ordinal))
        {
            return "c1, c2";
        }
        if (hole.Equals("where", StringComparison.OrdinalIgnoreCase))
        {
            return "WHERE 1 = 1";
        }
        return "x";
    }
}
