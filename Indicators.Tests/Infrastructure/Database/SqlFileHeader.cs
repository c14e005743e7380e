using System.Diagnostics.CodeAnalysis;
using Microsoft.SqlServer.TransactSql.ScriptDom;
using Indicators.Tests.Support;

namespace Indicators.Tests.Infrastructure.Database;

/// <summary>
/// One parameter a SQL Server query file declares in its header: <see cref="Name"/> without the '@';
/// <see cref="Type"/> normalised (lower-case built-in name with its arguments and no blanks, <c>nvarchar(64)</c>,
/// <c>decimal(19,4)</c>, <c>nvarchar(max)</c>; a user-defined type as <c>schema.name</c>, <c>dbo.batch_rows</c>);
/// <see cref="ReadOnly"/> for a table-valued parameter; <see cref="Declaration"/> as written in the file.
/// </summary>
public sealed record SqlFileParameter(string Name, string Type, bool ReadOnly, string Declaration);

/// <summary>
/// The header every SQL Server query file starts with: the parameters the code binds, declared once, with the SQL
/// types it binds them as, exactly as they would stand in a CREATE PROCEDURE parameter list:
/// <code>
/// -- Parameters: @Indicator nvarchar(64), @Year smallint
/// -- Parameters: @Rows dbo.batch_rows READONLY
/// </code>
/// (the lines of a long list concatenate with a comma between them), or <c>-- Parameters: none</c>. The model check
/// (<see cref="SqlServerModel"/>) compiles the file as a procedure with these parameters, so a parameter the body uses
/// but the header lacks, or one of the wrong kind, fails there; a test of the code compares the same list with the
/// parameter objects the code passes, so a parameter renamed or retyped on one side only fails too.
/// </summary>
public static class SqlFileHeader
{
    public const string Prefix = "-- Parameters:";

    /// <summary>The declared parameters, in order (empty for <c>none</c>); <see cref="FormatException"/> if the file
    /// has no header or a malformed one.</summary>
    public static IReadOnlyList<SqlFileParameter> Parse(string sql) =>
        TryParse(sql, out var parameters, out var error) ? parameters : throw new FormatException(error);

    public static bool TryParse(string sql, [NotNullWhen(true)] out IReadOnlyList<SqlFileParameter>? parameters, [NotNullWhen(false)] out string? error)
    {
        parameters = null;
        var lines = sql.Split('\n').Select(l => l.TrimEnd('\r')).ToList();
        var header = lines.TakeWhile(l => l.StartsWith(Prefix, StringComparison.Ordinal)).Select(l => l[Prefix.Length..].Trim()).ToList();
        if (header.Count == 0)
        {
            error = $"no header: the file must start with a line '{Prefix} @Name type, …' (or '{Prefix} none')";
            return false;
        }
        var stray = lines.Skip(header.Count).Select((l, i) => (Line: header.Count + i + 1, Text: l)).FirstOrDefault(l => l.Text.Contains(Prefix, StringComparison.Ordinal));
        if (stray.Text is not null)
        {
            error = $"line {stray.Line}: a '{Prefix}' line after the header (the header is the file's first lines, together)";
            return false;
        }
        if (header.Contains("none", StringComparer.Ordinal))
        {
            if (header.Count > 1)
            {
                error = $"'{Prefix} none' must be the header's only line";
                return false;
            }
            parameters = [];
            error = null;
            return true;
        }
        if (header.Any(h => h.Length == 0 || h.StartsWith(',') || h.EndsWith(',')))
        {
            error = "a header line with an empty declaration (each line is a comma-separated list; lines join with a comma)";
            return false;
        }
        // The declarations as the parameter list of a procedure: SQL Server's own parser reads them.
        var list = string.Join(", ", header);
        var parser = new TSql160Parser(initialQuotedIdentifiers: true);
        using var reader = new StringReader($"CREATE PROCEDURE p {list} AS RETURN;");
        var script = (TSqlScript)parser.Parse(reader, out var errors);
        if (errors.Count > 0 || script.Batches.Count != 1 || script.Batches[0].Statements is not [CreateProcedureStatement procedure])
        {
            error = $"the declarations '{list}' are not a procedure's parameter list: " + string.Join("; ", errors.Select(e => e.Message));
            return false;
        }
        var result = new List<SqlFileParameter>();
        foreach (var p in procedure.Parameters)
        {
            var declaration = Text(p);
            if (p.Value is not null || p.Modifier == ParameterModifier.Output || p.IsVarying)
            {
                error = $"'{declaration}': no default, OUTPUT or VARYING (the code binds every parameter, as input)";
                return false;
            }
            if (p.DataType is SqlDataTypeReference { Parameters.Count: 0, SqlDataTypeOption: var option } && MustHaveLength(option))
            {
                error = $"'{declaration}': {option.ToString().ToLowerInvariant()} without a length or precision is {(option is SqlDataTypeOption.Decimal or SqlDataTypeOption.Numeric ? "decimal(18,0)" : "one character or byte long")}";
                return false;
            }
            var name = p.VariableName.Value.TrimStart('@');
            if (result.Any(r => r.Name.Equals(name, StringComparison.OrdinalIgnoreCase)))
            {
                error = $"@{name} is declared twice";
                return false;
            }
            result.Add(new SqlFileParameter(name, TypeText(p.DataType), p.Modifier == ParameterModifier.ReadOnly, declaration));
        }
        parameters = result;
        error = null;
        return true;
    }

    private static bool MustHaveLength(SqlDataTypeOption option) => option is
        SqlDataTypeOption.Char or SqlDataTypeOption.VarChar or SqlDataTypeOption.NChar or SqlDataTypeOption.NVarChar or
        SqlDataTypeOption.Binary or SqlDataTypeOption.VarBinary or SqlDataTypeOption.Decimal or SqlDataTypeOption.Numeric;

    private static string TypeText(DataTypeReference type) => type switch
    {
        SqlDataTypeReference sql => sql.SqlDataTypeOption.ToString().ToLowerInvariant() +
            (sql.Parameters.Count == 0 ? "" : "(" + string.Join(",", sql.Parameters.Select(a => a is MaxLiteral ? "max" : a.Value)) + ")"),
        _ => string.Join(".", type.Name.Identifiers.Select(i => i.Value)),
    };

    private static string Text(TSqlFragment fragment) =>
        string.Concat(Enumerable.Range(fragment.FirstTokenIndex, fragment.LastTokenIndex - fragment.FirstTokenIndex + 1).Select(i => fragment.ScriptTokenStream[i].Text));
}
