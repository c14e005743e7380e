using Indicators.Api.Infrastructure.Database;
using Microsoft.SqlServer.TransactSql.ScriptDom;
using Indicators.Tests.Support;

namespace Indicators.Tests.Infrastructure.Database;

/// <summary>
/// No SQL Server runs here, so every T-SQL text the service can send is parsed with SQL Server's own
/// parser (ScriptDom, SQL Server 2022 grammar): a syntax error fails the build's tests, naming file and line.
/// </summary>
public sealed class TSqlTests
{
    public static TheoryData<string> SqlServerScripts()
    {
        var data = new TheoryData<string>();
        foreach (var name in SqlScripts.ResourceNames().Where(n => !n.EndsWith(".sqlite.sql", StringComparison.Ordinal) && !n.Contains(".Migrations.Sqlite.", StringComparison.Ordinal)).Order())
        {
            data.Add(name);
        }
        return data;
    }

    [Theory]
    [MemberData(nameof(SqlServerScripts))]
    public void Every_TSql_script_parses_with_the_SQL_Server_2022_grammar(string resource)
    {
        var errors = Parse(SqlScripts.Read(resource));
        Assert.True(errors.Count == 0, $"{resource}:\n" + string.Join("\n", errors.Select(e => $"  line {e.Line}, column {e.Column}: {e.Message}")));
    }

    [Fact]
    public void The_check_finds_the_SQL_Server_migrations_and_catches_a_syntax_error()
    {
        Assert.Contains(SqlServerScripts(), row => row.Data.Contains(".Migrations.SqlServer.0001_", StringComparison.Ordinal));
        var errors = Parse("SELECT 1;\nSELECT FROM WHERE;");
        Assert.NotEmpty(errors);
        Assert.Equal(2, errors[0].Line);
    }

    /// <summary>DbUp splits SQL Server scripts on GO lines; so does the parser.</summary>
    private static IList<ParseError> Parse(string sql)
    {
        var parser = new TSql160Parser(initialQuotedIdentifiers: true);
        using var reader = new StringReader(sql);
        parser.Parse(reader, out var errors);
        return errors;
    }
}
