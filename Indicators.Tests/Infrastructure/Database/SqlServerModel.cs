using System.Text;
using System.Text.RegularExpressions;
using Indicators.Api.Infrastructure.Database;
using Microsoft.SqlServer.Dac;
using Microsoft.SqlServer.Dac.Model;
using Microsoft.SqlServer.TransactSql.ScriptDom;
using Indicators.Tests.Support;

namespace Indicators.Tests.Infrastructure.Database;

/// <summary>A model error or validation message, with the file it comes from and, where known, the line.</summary>
public sealed record ModelProblem(string Source, int? Line, string Code, string Message)
{
    public override string ToString() => $"{Source}{(Line is { } l ? $":{l}" : "")}: {Code}: {Message}";
}

/// <summary>
/// A DacFx model of SQL Server (<see cref="SqlServerVersion.Sql160"/>) built from the migrations
/// (<see cref="SqlServerSchema"/>), one object per call, into which every SQL Server query file goes as a procedure
/// <c>[dbo].[&lt;resource name&gt;]</c> whose parameters are the file's header (<see cref="SqlFileHeader"/>). DacFx then
/// resolves every table, column and variable the file names, as SQL Server would compile it: a wrong column, a table
/// that is not there, a parameter the header does not declare all come back as errors naming the file.
/// </summary>
public sealed partial class SqlServerModel : IDisposable
{
    /// <summary>
    /// SQL Server files not compiled against the model, and why. Each is still parsed (TSqlTests), and
    /// <c>SqlServerModelTests</c> checks that everything DacFx says about it is an unresolved reference to a
    /// <c>sys.*</c> object and nothing else.
    /// </summary>
    public static readonly IReadOnlyDictionary<string, string> Excluded = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["Indicators.Api.Infrastructure.Database.SqlServer.ReadCommittedSnapshot.sql"] =
            "reads sys.databases and calls sys.sp_executesql, server objects that live in master: resolving them needs master.dacpac, " +
            "which neither the DacFx package nor any package this build can restore ships (SSDT and Visual Studio install it).",
    };

    private static readonly TSqlObjectOptions Options = new() { SkipExistingModelValidation = true };

    private readonly TSqlModel model = new(SqlServerVersion.Sql160, new TSqlModelOptions());
    private readonly Dictionary<string, string> queries = new(StringComparer.Ordinal);
    private readonly List<ModelProblem> addProblems = [];

    public SqlServerSchema Schema { get; }

    public TSqlModel Model => model;

    /// <summary>Every SQL Server query file: each embedded .sql that is neither a SQLite file nor a migration.</summary>
    public static IReadOnlyList<string> QueryFiles() =>
        SqlScripts.ResourceNames()
            .Where(n => !n.EndsWith(".sqlite.sql", StringComparison.Ordinal) && !n.Contains(".Infrastructure.Database.Migrations.", StringComparison.Ordinal))
            .Order(StringComparer.Ordinal)
            .ToList();

    /// <summary>The model of the schema the migrations build, without any query file.</summary>
    public SqlServerModel(SqlServerSchema schema)
    {
        Schema = schema;
        AddSchema(model, schema.Objects, addProblems);
        foreach (var type in schema.Objects.Where(o => o.Kind == "type"))
        {
            Add(model, StandIn(type), $"{type.Source} ({type.Name}, as a table)", addProblems);
        }
    }

    private static string StandInName(string type) => $"[dbo].[table type {type.ToLowerInvariant()}]";

    /// <summary>
    /// DacFx does not resolve the columns of a table variable or table-valued parameter (b.no_such_column FROM @Rows
    /// AS b passes validation): so each table type of the schema also stands in the model as a table with its columns,
    /// and in a query file's procedure a READONLY parameter read as a table (FROM / JOIN / USING @Rows) is replaced by
    /// that table, whose columns DacFx does resolve.
    /// </summary>
    private static string StandIn(SchemaObject type)
    {
        var parser = new TSql160Parser(initialQuotedIdentifiers: true);
        using var reader = new StringReader(type.Script);
        var create = (CreateTypeTableStatement)((TSqlScript)parser.Parse(reader, out _)).Batches[0].Statements[0];
        var table = new CreateTableStatement
        {
            SchemaObjectName = new SchemaObjectName(),
            Definition = create.Definition,
        };
        table.SchemaObjectName.Identifiers.Add(new Identifier { Value = "dbo", QuoteType = QuoteType.SquareBracket });
        table.SchemaObjectName.Identifiers.Add(new Identifier { Value = $"table type {type.Key}", QuoteType = QuoteType.SquareBracket });
        new Sql160ScriptGenerator().GenerateScript(table, out var script);
        return script;
    }

    /// <summary>The schema plus every query file not <see cref="Excluded"/>.</summary>
    public static SqlServerModel WithQueryFiles()
    {
        var built = new SqlServerModel(SqlServerSchema.FromMigrations());
        foreach (var name in QueryFiles().Where(n => !Excluded.ContainsKey(n)))
        {
            built.AddQuery(name, SqlScripts.Read(name));
        }
        return built;
    }

    public void Dispose() => model.Dispose();

    private static void AddSchema(TSqlModel model, IEnumerable<SchemaObject> objects, List<ModelProblem> problems)
    {
        foreach (var o in objects)
        {
            // A script taken from its migration as it is is padded to its place there, so DacFx's lines are the file's.
            var script = o.Line > 0 ? new string('\n', o.Line - 1) + new string(' ', o.Column - 1) + o.Script : o.Script;
            Add(model, script, o.Line > 0 ? $"{o.Source} ({o.Name})" : o.Source, problems);
        }
    }

    private static void Add(TSqlModel model, string script, string source, List<ModelProblem> problems)
    {
        try
        {
            model.AddOrUpdateObjects(script, source, Options);
        }
        catch (DacModelException e)
        {
            // The errors stay in the model (GetModelErrors, with source and line); these are kept in case one does not.
            problems.AddRange(e.Messages.Select(m => new ModelProblem(source, null, $"{m.Prefix}{m.Number}", m.Message)));
        }
    }

    /// <summary>
    /// Adds (or replaces) a query file as the procedure <c>[dbo].[name]</c>. Its text keeps its lines: the procedure's
    /// head stands on line 1 in front of the header comment, so a line DacFx reports is the file's line.
    /// </summary>
    public void AddQuery(string name, string sql)
    {
        addProblems.RemoveAll(p => p.Source == name);
        queries[name] = sql;
        if (Procedure(name, sql, out var problem) is { } procedure)
        {
            Add(model, procedure, name, addProblems);
        }
        else
        {
            model.DeleteObjects(name, Options);
            addProblems.Add(problem!);
        }
    }

    /// <summary>Takes a query file (or a test's stand-in for one) out of the model.</summary>
    public void RemoveQuery(string name)
    {
        addProblems.RemoveAll(p => p.Source == name);
        queries.Remove(name);
        model.DeleteObjects(name, Options);
    }

    /// <summary>CREATE PROCEDURE [dbo].[name] &lt;header's parameters&gt; AS BEGIN &lt;the file&gt; END, or null with the reason.</summary>
    public static string? Procedure(string name, string sql, out ModelProblem? problem)
    {
        problem = null;
        if (!SqlFileHeader.TryParse(sql, out var parameters, out var headerError))
        {
            problem = new ModelProblem(name, 1, "header", headerError);
            return null;
        }
        var parser = new TSql160Parser(initialQuotedIdentifiers: true);
        using var reader = new StringReader(sql);
        var script = (TSqlScript)parser.Parse(reader, out var errors);
        if (errors.Count > 0)
        {
            problem = new ModelProblem(name, errors[0].Line, "parse", errors[0].Message);
            return null;
        }
        if (script.Batches.Count != 1)
        {
            problem = new ModelProblem(name, null, "GO", "a query file is one batch (the code sends it as one command): no GO");
            return null;
        }
        // Edits from the end of the text back, so that offsets hold; each stays on its line.
        var edits = new List<(int Offset, int Length, string Text)>();
        // Inside BEGIN … END a statement that starts with a CTE must follow a ';' (as a statement of the batch
        // it need not): one goes in front of it.
        foreach (var statement in script.Batches[0].Statements)
        {
            if (statement.ScriptTokenStream[statement.FirstTokenIndex].TokenType == TSqlTokenType.With)
            {
                edits.Add((statement.StartOffset, 0, ";"));
            }
        }
        // A table-valued parameter read as a table: the stand-in table of its type (see StandIn).
        var tables = new TableVariables();
        script.Accept(tables);
        foreach (var reference in tables.Found)
        {
            if (parameters.FirstOrDefault(p => p.ReadOnly && ("@" + p.Name).Equals(reference.Variable.Name, StringComparison.OrdinalIgnoreCase)) is { } parameter)
            {
                var type = parameter.Type.Contains('.', StringComparison.Ordinal) ? parameter.Type : "dbo." + parameter.Type;
                edits.Add((reference.Variable.StartOffset, reference.Variable.FragmentLength, StandInName(type)));
            }
        }
        var body = new StringBuilder(sql);
        foreach (var (offset, length, text) in edits.OrderByDescending(e => e.Offset))
        {
            body.Remove(offset, length).Insert(offset, text);
        }
        var declarations = string.Join(", ", parameters.Select(p => p.Declaration));
        return $"CREATE PROCEDURE [dbo].[{name.Replace("]", "]]", StringComparison.Ordinal)}] {declarations} AS BEGIN {body}\nEND";
    }

    /// <summary>
    /// Every model error, and every validation message that is an error or a warning: SQL71502 (a reference to an
    /// object that is not there) and SQL71005 (a column of a CTE, derived table or OPENJSON … WITH that is not there)
    /// are warnings to DacFx and mistakes to us.
    /// </summary>
    public IReadOnlyList<ModelProblem> Problems()
    {
        var problems = new List<ModelProblem>(addProblems);
        foreach (var e in model.GetModelErrors())
        {
            var p = new ModelProblem(e.SourceName, e.Line, $"{e.Prefix}{e.ErrorCode}", e.Message);
            problems.RemoveAll(a => a.Source == p.Source && a.Line is null && a.Code == p.Code && a.Message == p.Message);
            problems.Add(p);
        }
        var sources = new Dictionary<string, (string Source, int Line)>(StringComparer.OrdinalIgnoreCase);
        foreach (var message in model.Validate().Where(Fails))
        {
            problems.Add(Locate(message, sources));
        }
        return problems.Distinct().ToList();
    }

    private static bool Fails(DacModelMessage m) => m.MessageType is DacMessageType.Error or DacMessageType.Warning;

    /// <summary>The problems of one file (a query file's resource name, or a migration's).</summary>
    public IReadOnlyList<ModelProblem> Problems(string source) =>
        Problems().Where(p => p.Source.Contains(source, StringComparison.Ordinal)).ToList();

    /// <summary>
    /// DacFx's validation messages name the element, not the file: the element's source is asked of the model, and for
    /// a query file the line is where the unresolved name stands in it.
    /// </summary>
    private ModelProblem Locate(DacModelMessage message, Dictionary<string, (string Source, int Line)> sources)
    {
        var code = $"{message.Prefix}{message.Number}";
        var element = Element().Match(message.Message);
        if (!element.Success)
        {
            return new ModelProblem("(model)", null, code, message.Message);
        }
        var name = element.Groups[1].Value;
        if (sources.Count == 0)
        {
            foreach (var o in model.GetObjects(DacQueryScopes.UserDefined))
            {
                if (o.GetSourceInformation() is { } info && o.Name.HasName)
                {
                    sources.TryAdd(o.Name.ToString(), (info.SourceName, info.StartLine));
                }
            }
        }
        if (!sources.TryGetValue(name, out var source))
        {
            return new ModelProblem("(model)", null, code, message.Message);
        }
        int? line = source.Line;
        if (queries.TryGetValue(source.Source, out var sql) && Referenced().Match(message.Message) is { Success: true } reference)
        {
            line = LineOf(sql, reference.Groups["part"].Captures[^1].Value) ?? line;
        }
        return new ModelProblem(source.Source, line, code, message.Message);
    }

    /// <summary>The first line of the file where the identifier stands (as a name, not in a comment or a string).</summary>
    private static int? LineOf(string sql, string identifier)
    {
        var parser = new TSql160Parser(initialQuotedIdentifiers: true);
        using var reader = new StringReader(sql);
        var tokens = parser.GetTokenStream(reader, out _);
        return tokens.FirstOrDefault(t => t.TokenType is TSqlTokenType.Identifier or TSqlTokenType.QuotedIdentifier &&
            t.Text.Trim('[', ']', '"').Equals(identifier, StringComparison.OrdinalIgnoreCase))?.Line;
    }

    [GeneratedRegex(@"^Error validating element (\[.*?\])(?:: |$)")]
    private static partial Regex Element();

    [GeneratedRegex(@"reference to (?:an object\..*?following objects: )?(?:object )?(?:\[(?<part>[^\]]*)\]\.?)+")]
    private static partial Regex Referenced();

    /// <summary>
    /// Every data statement of the migrations, as a procedure in a model of the schema as it stood when the statement
    /// ran (one model per state), so an UPDATE of a column added earlier in the same script is checked against it.
    /// </summary>
    public static IReadOnlyList<ModelProblem> CheckDataStatements(SqlServerSchema schema)
    {
        var problems = new List<ModelProblem>();
        foreach (var state in schema.DataStatements.GroupBy(d => d.Schema))
        {
            using var model = new TSqlModel(SqlServerVersion.Sql160, new TSqlModelOptions());
            AddSchema(model, state.Key, problems);
            foreach (var (statement, _) in state)
            {
                var source = $"{statement.File}:{statement.Line}";
                Add(model, $"CREATE PROCEDURE [dbo].[{source}] AS BEGIN\n{statement.Text}\nEND", source, problems);
            }
            problems.AddRange(model.GetModelErrors().Select(e => new ModelProblem(e.SourceName, e.Line, $"{e.Prefix}{e.ErrorCode}", e.Message)));
            problems.AddRange(model.Validate().Where(Fails)
                .Select(m => new ModelProblem("(migration data statement)", null, $"{m.Prefix}{m.Number}", m.Message)));
        }
        return problems.Distinct().ToList();
    }

    /// <summary>
    /// The file with its first reference to a real column (of a table or table type of the schema) renamed
    /// <c>no_such_column</c>: what a wrong column looks like. Null when the file names no column.
    /// </summary>
    public string? WithAWrongColumn(string sql, out string column, out int line)
    {
        var columns = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        foreach (var table in model.GetObjects(DacQueryScopes.UserDefined, Table.TypeClass, TableType.TypeClass))
        {
            foreach (var c in table.GetReferenced(table.ObjectType == Table.TypeClass ? Table.Columns : TableType.Columns))
            {
                columns.Add(c.Name.Parts[^1]);
            }
        }
        var parser = new TSql160Parser(initialQuotedIdentifiers: true);
        using var reader = new StringReader(sql);
        var fragment = parser.Parse(reader, out _);
        var references = new ColumnReferences();
        fragment.Accept(references);
        var first = references.Found
            .Where(r => r.ColumnType == Microsoft.SqlServer.TransactSql.ScriptDom.ColumnType.Regular && r.MultiPartIdentifier is { Count: > 0 } && columns.Contains(r.MultiPartIdentifier.Identifiers[^1].Value))
            .Select(r => r.MultiPartIdentifier.Identifiers[^1])
            .MinBy(i => i.StartOffset);
        if (first is null)
        {
            column = "";
            line = 0;
            return null;
        }
        column = first.Value;
        line = first.StartLine;
        return sql[..first.StartOffset] + "no_such_column" + sql[(first.StartOffset + first.FragmentLength)..];
    }

    /// <summary>The text with its first table reference renamed to no_such_table, or null when it names none.</summary>
    public static string? WithAWrongTable(string sql, out string table, out int line)
    {
        var parser = new TSql160Parser(initialQuotedIdentifiers: true);
        using var reader = new StringReader(sql);
        var fragment = parser.Parse(reader, out _);
        var tables = new TableReferences();
        fragment.Accept(tables);
        var first = tables.Found.Select(t => t.SchemaObject.BaseIdentifier).MinBy(i => i.StartOffset);
        if (first is null)
        {
            table = "";
            line = 0;
            return null;
        }
        table = first.Value;
        line = first.StartLine;
        return sql[..first.StartOffset] + "no_such_table" + sql[(first.StartOffset + first.FragmentLength)..];
    }

    private sealed class TableReferences : TSqlFragmentVisitor
    {
        public List<NamedTableReference> Found { get; } = [];

        public override void Visit(NamedTableReference node) => Found.Add(node);
    }

    private sealed class TableVariables : TSqlFragmentVisitor
    {
        public List<VariableTableReference> Found { get; } = [];

        public override void Visit(VariableTableReference node) => Found.Add(node);
    }

    private sealed class ColumnReferences : TSqlFragmentVisitor
    {
        public List<ColumnReferenceExpression> Found { get; } = [];

        public override void Visit(ColumnReferenceExpression node) => Found.Add(node);
    }
}
