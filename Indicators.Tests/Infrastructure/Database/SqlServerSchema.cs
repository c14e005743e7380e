using Indicators.Api.Infrastructure.Database;
using Microsoft.SqlServer.TransactSql.ScriptDom;
using Indicators.Tests.Support;

namespace Indicators.Tests.Infrastructure.Database;

/// <summary>
/// One object of the schema the SQL Server migrations build: its CREATE script and the migrations that shaped it.
/// <see cref="Line"/> is where <see cref="Script"/> starts in the one migration that wrote it as it stands (so the
/// model's line numbers are the file's), or 0 when an ALTER changed it and the script was generated.
/// </summary>
public sealed record SchemaObject(string Key, string Kind, string Name, string Script, IReadOnlyList<string> Sources, int Line, int Column, string? Table = null)
{
    /// <summary>The migration(s) the object comes from, for messages: the file, or the files that created and altered it.</summary>
    public string Source => Line > 0 ? Sources[0] : $"{Name} as {string.Join(" then ", Sources.Select(Short))} left it";

    public static string Short(string resource) => resource.Replace("Indicators.Api.Infrastructure.Database.Migrations.SqlServer.", "", StringComparison.Ordinal);
}

/// <summary>A statement of a migration that is not a schema change (data, session settings), listed by kind.</summary>
public sealed record MigrationStatement(string File, int Line, string Kind, string Text)
{
    public override string ToString() => $"{File}:{Line}: {Kind}: {Text}";
}

/// <summary>
/// The SQL Server schema as the migrations leave it, for the DacFx model (<see cref="SqlServerModel"/>): the migrations
/// are applied in order, batch by batch (split at GO, as DbUp does) and statement by statement, to a set of object
/// definitions. CREATE TABLE / INDEX / TYPE … AS TABLE / VIEW / FUNCTION / PROCEDURE / SCHEMA add one (CREATE OR ALTER and
/// ALTER VIEW / FUNCTION / PROCEDURE replace it); ALTER TABLE … ADD columns, constraints or indexes and ALTER TABLE …
/// DROP CONSTRAINT / COLUMN / INDEX change the table's CREATE TABLE (re-scripted by ScriptDom); DROP TABLE / INDEX /
/// VIEW / FUNCTION / PROCEDURE / TYPE / SCHEMA remove one; EXEC of literal dynamic SQL (EXEC (N'…'),
/// EXEC sp_executesql N'…') is applied as the SQL it runs. Data statements (INSERT / UPDATE / DELETE / MERGE / SELECT)
/// are kept with the schema as it stood when they ran, to be checked against it; SET, DECLARE, PRINT and
/// IF / WHILE / BEGIN…END / TRY…CATCH blocks holding none of the statements above change no schema and are listed in
/// <see cref="Ignored"/>. Any other statement — ALTER TABLE … ALTER COLUMN, EXEC of a procedure (sp_rename…), a
/// trigger, SELECT … INTO, DDL inside an IF — is not understood: <see cref="Apply"/> throws, naming file, line and text,
/// rather than leave the model behind the database.
/// </summary>
public sealed class SqlServerSchema
{
    private readonly List<SchemaObject> objects = [];
    private readonly List<MigrationStatement> ignored = [];
    private readonly List<(MigrationStatement Statement, IReadOnlyList<SchemaObject> Schema)> data = [];
    private readonly List<string> problems = [];
    private IReadOnlyList<SchemaObject>? snapshot;

    /// <summary>The objects in the order they were created (tables before what references them).</summary>
    public IReadOnlyList<SchemaObject> Objects => objects;

    /// <summary>Statements that change no schema and are not data: SET, DECLARE, PRINT, control-of-flow blocks without DDL.</summary>
    public IReadOnlyList<MigrationStatement> Ignored => ignored;

    /// <summary>INSERT / UPDATE / DELETE / MERGE / SELECT statements, each with the schema as it stood when it ran.</summary>
    public IReadOnlyList<(MigrationStatement Statement, IReadOnlyList<SchemaObject> Schema)> DataStatements => data;

    /// <summary>The embedded SQL Server migrations, in the order DbUp applies them.</summary>
    public static IReadOnlyList<string> Migrations() =>
        SqlScripts.ResourceNames().Where(n => n.Contains(".Migrations.SqlServer.", StringComparison.Ordinal)).Order(StringComparer.Ordinal).ToList();

    public static SqlServerSchema FromMigrations() => Apply(Migrations().Select(n => (n, SqlScripts.Read(n))));

    public static SqlServerSchema Apply(IEnumerable<(string Name, string Sql)> migrations)
    {
        var schema = new SqlServerSchema();
        foreach (var (name, sql) in migrations)
        {
            schema.ApplyScript(name, sql, lineOffset: 0, dynamic: false);
        }
        if (schema.problems.Count > 0)
        {
            throw new InvalidOperationException("The migrations hold statements the model cannot follow:\n" + string.Join("\n", schema.problems));
        }
        return schema;
    }

    private void ApplyScript(string file, string sql, int lineOffset, bool dynamic)
    {
        var parser = new TSql160Parser(initialQuotedIdentifiers: true);
        using var reader = new StringReader(sql);
        var script = (TSqlScript)parser.Parse(reader, out var errors);
        foreach (var e in errors)
        {
            problems.Add($"{file}:{e.Line + lineOffset}: does not parse: {e.Message}");
        }
        if (errors.Count > 0)
        {
            return;
        }
        foreach (var statement in script.Batches.SelectMany(b => b.Statements))
        {
            try
            {
                ApplyStatement(file, sql, statement, lineOffset, dynamic);
            }
            catch (NotUnderstood e)
            {
                problems.Add($"{file}:{statement.StartLine + lineOffset}: {e.Message}: {Text(sql, statement)}");
            }
        }
    }

    private sealed class NotUnderstood(string message) : Exception(message);

    private void ApplyStatement(string file, string sql, TSqlStatement statement, int lineOffset, bool dynamic)
    {
        var line = statement.StartLine + lineOffset;
        // Generated scripts and dynamic SQL have no line of their own in a file to point at.
        var original = dynamic ? 0 : line;
        switch (statement)
        {
            case CreateTableStatement t when t.SelectStatement is null && t.CloneSource is null && !t.AsEdge && !t.AsNode && !t.AsFileTable:
                Add(new SchemaObject(Key(t.SchemaObjectName), "table", Name(t.SchemaObjectName), Text(sql, t), [file], original, statement.StartColumn));
                break;
            case CreateIndexStatement i:
            {
                var table = Existing(Key(i.OnName), "table");
                Add(new SchemaObject(IndexKey(table.Key, i.Name.Value), "index", $"{table.Name}.{i.Name.Value}", Text(sql, i), [file], original, statement.StartColumn, table.Key));
                break;
            }
            case CreateTypeTableStatement type:
                Add(new SchemaObject(Key(type.Name), "type", Name(type.Name), Text(sql, type), [file], original, statement.StartColumn));
                break;
            case CreateSchemaStatement s when s.StatementList is null or { Statements.Count: 0 }:
                Add(new SchemaObject("schema " + s.Name.Value.ToLowerInvariant(), "schema", s.Name.Value, Text(sql, s), [file], original, statement.StartColumn));
                break;
            case CreateViewStatement or CreateProcedureStatement or CreateFunctionStatement:
                Add(new SchemaObject(Key(ModuleName(statement)), Kind(statement), Name(ModuleName(statement)), Text(sql, statement), [file], original, statement.StartColumn));
                break;
            case CreateOrAlterViewStatement or CreateOrAlterProcedureStatement or CreateOrAlterFunctionStatement
                or AlterViewStatement or AlterProcedureStatement or AlterFunctionStatement:
            {
                var key = Key(ModuleName(statement));
                var exists = objects.FindIndex(o => o.Key == key);
                if (exists < 0 && statement is AlterViewStatement or AlterProcedureStatement or AlterFunctionStatement)
                {
                    throw new NotUnderstood($"ALTER of {Name(ModuleName(statement))}, which no migration created");
                }
                // The model takes CREATE; the text after the keyword is the whole definition either way.
                var text = "CREATE " + Text(sql, statement)[(statement.ScriptTokenStream[FirstKeywordAfter(statement)].Offset - statement.StartOffset)..];
                var replaced = new SchemaObject(key, Kind(statement), Name(ModuleName(statement)), text, [file], 0, 0);
                if (exists < 0)
                {
                    Add(replaced);
                }
                else
                {
                    objects[exists] = replaced;
                    Changed();
                }
                break;
            }
            case AlterTableAddTableElementStatement add:
                AlterTable(file, add.SchemaObjectName, definition =>
                {
                    foreach (var c in add.Definition.ColumnDefinitions)
                    {
                        if (definition.ColumnDefinitions.Any(d => Same(d.ColumnIdentifier, c.ColumnIdentifier)))
                        {
                            throw new NotUnderstood($"column {c.ColumnIdentifier.Value} exists already");
                        }
                        definition.ColumnDefinitions.Add(c);
                    }
                    foreach (var c in add.Definition.TableConstraints)
                    {
                        if (c.ConstraintIdentifier is { } id && Constraints(definition).Any(d => Same(d.ConstraintIdentifier, id)))
                        {
                            throw new NotUnderstood($"constraint {id.Value} exists already");
                        }
                        if (c is UniqueConstraintDefinition { IsPrimaryKey: true } && Constraints(definition).Any(d => d is UniqueConstraintDefinition { IsPrimaryKey: true }))
                        {
                            throw new NotUnderstood("the table has a primary key already");
                        }
                        definition.TableConstraints.Add(c);
                    }
                    foreach (var i in add.Definition.Indexes)
                    {
                        definition.Indexes.Add(i);
                    }
                });
                break;
            case AlterTableDropTableElementStatement drop:
                AlterTable(file, drop.SchemaObjectName, definition =>
                {
                    foreach (var element in drop.AlterTableDropTableElements)
                    {
                        var removed = element.TableElementType switch
                        {
                            TableElementType.Column => definition.ColumnDefinitions.Remove(definition.ColumnDefinitions.FirstOrDefault(c => Same(c.ColumnIdentifier, element.Name))!),
                            TableElementType.Constraint or TableElementType.NotSpecified => RemoveConstraint(definition, element.Name),
                            TableElementType.Index => definition.Indexes.Remove(definition.Indexes.FirstOrDefault(i => Same(i.Name, element.Name))!),
                            var other => throw new NotUnderstood($"DROP {other} is not followed"),
                        };
                        if (!removed && !element.IsIfExists)
                        {
                            throw new NotUnderstood($"no {element.TableElementType} {element.Name.Value} to drop");
                        }
                    }
                });
                break;
            case DropIndexStatement drop:
                foreach (var clause in drop.DropIndexClauses)
                {
                    var (table, index) = clause switch
                    {
                        DropIndexClause c => (Key(c.Object), c.Index.Value),
                        BackwardsCompatibleDropIndexClause c => ($"{c.Index.SchemaIdentifier?.Value ?? "dbo"}.{c.Index.BaseIdentifier.Value}".ToLowerInvariant(), c.Index.ChildIdentifier.Value),
                        _ => throw new NotUnderstood("a DROP INDEX clause of an unknown form"),
                    };
                    if (objects.RemoveAll(o => o.Key == IndexKey(table, index)) == 0 && !drop.IsIfExists)
                    {
                        throw new NotUnderstood($"no index {index} on {table} to drop (an index written inside CREATE TABLE is dropped with ALTER TABLE … DROP INDEX)");
                    }
                    Changed();
                }
                break;
            case DropTableStatement or DropViewStatement or DropProcedureStatement or DropFunctionStatement:
            {
                var drop = (DropObjectsStatement)statement;
                foreach (var name in drop.Objects)
                {
                    var key = Key(name);
                    if (objects.RemoveAll(o => o.Key == key && o.Kind == Kind(statement)) == 0 && !drop.IsIfExists)
                    {
                        throw new NotUnderstood($"no {Kind(statement)} {Name(name)} to drop");
                    }
                    objects.RemoveAll(o => o.Table == key);
                }
                Changed();
                break;
            }
            case DropTypeStatement drop:
                if (objects.RemoveAll(o => o.Key == Key(drop.Name) && o.Kind == "type") == 0 && !drop.IsIfExists)
                {
                    throw new NotUnderstood($"no type {Name(drop.Name)} to drop");
                }
                Changed();
                break;
            case DropSchemaStatement drop:
                if (objects.RemoveAll(o => o.Key == "schema " + drop.Schema.BaseIdentifier.Value.ToLowerInvariant()) == 0 && !drop.IsIfExists)
                {
                    throw new NotUnderstood($"no schema {drop.Schema.BaseIdentifier.Value} to drop");
                }
                Changed();
                break;
            case InsertStatement or UpdateStatement or DeleteStatement or MergeStatement or SelectStatement { Into: null }:
                snapshot ??= objects.ToList();
                data.Add((new MigrationStatement(file, line, Verb(statement), Text(sql, statement)), snapshot));
                break;
            case ExecuteStatement exec when DynamicSql(exec) is { } inner:
                ApplyScript(file, inner, line - 1, dynamic: true);
                break;
            case SetOnOffStatement or PredicateSetStatement or SetVariableStatement or DeclareVariableStatement or PrintStatement:
                ignored.Add(new MigrationStatement(file, line, Verb(statement), Text(sql, statement)));
                break;
            case IfStatement or WhileStatement or BeginEndBlockStatement or TryCatchStatement:
            {
                var inner = new Statements();
                statement.AcceptChildren(inner);
                if (inner.Found.FirstOrDefault(s => !ControlOrData(s)) is { } schemaChange)
                {
                    throw new NotUnderstood($"{Verb(statement)} holding {Verb(schemaChange)} (a conditional or dynamic change the model cannot follow)");
                }
                ignored.Add(new MigrationStatement(file, line, Verb(statement), Text(sql, statement)));
                break;
            }
            default:
                throw new NotUnderstood($"{Verb(statement)} is not a statement the model follows");
        }
    }

    private void Add(SchemaObject o)
    {
        if (objects.Any(e => e.Key == o.Key))
        {
            throw new NotUnderstood($"{o.Kind} {o.Name} exists already");
        }
        if (o.Kind is not "schema" and not "index" && !o.Key.StartsWith("dbo.", StringComparison.Ordinal) && !objects.Any(e => e.Key == "schema " + o.Key.Split('.')[0]))
        {
            throw new NotUnderstood($"schema {o.Key.Split('.')[0]} does not exist");
        }
        objects.Add(o);
        Changed();
    }

    private void Changed() => snapshot = null;

    private SchemaObject Existing(string key, string kind) =>
        objects.FirstOrDefault(o => o.Key == key && o.Kind == kind) ?? throw new NotUnderstood($"no {kind} {key}");

    /// <summary>Applies a change to the table's CREATE TABLE and scripts it again.</summary>
    private void AlterTable(string file, SchemaObjectName name, Action<TableDefinition> change)
    {
        var table = Existing(Key(name), "table");
        var parser = new TSql160Parser(initialQuotedIdentifiers: true);
        using var reader = new StringReader(table.Script);
        var create = (CreateTableStatement)((TSqlScript)parser.Parse(reader, out _)).Batches[0].Statements[0];
        change(create.Definition);
        if (create.Definition.ColumnDefinitions.Count == 0)
        {
            throw new NotUnderstood("a table without columns");
        }
        new Sql160ScriptGenerator(new SqlScriptGeneratorOptions { IncludeSemicolons = true }).GenerateScript(create, out var script);
        objects[objects.IndexOf(table)] = table with
        {
            Script = script,
            Sources = table.Sources.Contains(file) ? table.Sources : [.. table.Sources, file],
            Line = 0,
            Column = 0,
        };
        Changed();
    }

    private static IEnumerable<ConstraintDefinition> Constraints(TableDefinition definition) =>
        definition.TableConstraints.Concat(definition.ColumnDefinitions.SelectMany(c => c.Constraints));

    private static bool RemoveConstraint(TableDefinition definition, Identifier name)
    {
        if (definition.TableConstraints.FirstOrDefault(c => Same(c.ConstraintIdentifier, name)) is { } table)
        {
            return definition.TableConstraints.Remove(table);
        }
        foreach (var column in definition.ColumnDefinitions)
        {
            if (column.Constraints.FirstOrDefault(c => Same(c.ConstraintIdentifier, name)) is { } inline)
            {
                return column.Constraints.Remove(inline);
            }
            if (column.DefaultConstraint is { } d && Same(d.ConstraintIdentifier, name))
            {
                column.DefaultConstraint = null;
                return true;
            }
        }
        return false;
    }

    /// <summary>The SQL text of EXEC (N'…') or EXEC sp_executesql N'…' when it is a literal, else null.</summary>
    private static string? DynamicSql(ExecuteStatement exec) => exec.ExecuteSpecification.ExecutableEntity switch
    {
        ExecutableStringList list when list.Strings.All(s => s is StringLiteral) => string.Concat(list.Strings.Cast<StringLiteral>().Select(s => s.Value)),
        ExecutableProcedureReference { ProcedureReference.ProcedureReference.Name.BaseIdentifier.Value: var proc } p
            when proc.Equals("sp_executesql", StringComparison.OrdinalIgnoreCase) && p.Parameters.Count == 1 && p.Parameters[0].ParameterValue is StringLiteral s => s.Value,
        _ => null,
    };

    private static bool ControlOrData(TSqlStatement s) => s is
        IfStatement or WhileStatement or BeginEndBlockStatement or TryCatchStatement or ReturnStatement or ThrowStatement or RaiseErrorStatement or
        BreakStatement or ContinueStatement or SetOnOffStatement or PredicateSetStatement or SetVariableStatement or DeclareVariableStatement or
        PrintStatement or InsertStatement or UpdateStatement or DeleteStatement or MergeStatement or SelectStatement { Into: null };

    private sealed class Statements : TSqlFragmentVisitor
    {
        public List<TSqlStatement> Found { get; } = [];

        public override void Visit(TSqlStatement node) => Found.Add(node);
    }

    private static int FirstKeywordAfter(TSqlStatement statement)
    {
        // CREATE OR ALTER VIEW / ALTER VIEW …: the token of VIEW / PROCEDURE / PROC / FUNCTION.
        for (var i = statement.FirstTokenIndex; i <= statement.LastTokenIndex; i++)
        {
            var t = statement.ScriptTokenStream[i];
            if (t.TokenType is TSqlTokenType.View or TSqlTokenType.Procedure or TSqlTokenType.Function || t.Text.Equals("PROC", StringComparison.OrdinalIgnoreCase))
            {
                return i;
            }
        }
        throw new NotUnderstood("no VIEW, PROCEDURE or FUNCTION keyword");
    }

    private static SchemaObjectName ModuleName(TSqlStatement statement) => statement switch
    {
        ViewStatementBody v => v.SchemaObjectName,
        ProcedureStatementBody p => p.ProcedureReference.Name,
        FunctionStatementBody f => f.Name,
        _ => throw new NotUnderstood("not a module"),
    };

    private static string Kind(TSqlStatement statement) => statement switch
    {
        ViewStatementBody or DropViewStatement => "view",
        ProcedureStatementBody or DropProcedureStatement => "procedure",
        FunctionStatementBody or DropFunctionStatement => "function",
        DropTableStatement => "table",
        _ => throw new NotUnderstood("not a module"),
    };

    public static string Key(SchemaObjectName name) => $"{name.SchemaIdentifier?.Value ?? "dbo"}.{name.BaseIdentifier.Value}".ToLowerInvariant();

    private static string Name(SchemaObjectName name) => $"{name.SchemaIdentifier?.Value ?? "dbo"}.{name.BaseIdentifier.Value}";

    private static string IndexKey(string table, string index) => $"index {table}.{index.ToLowerInvariant()}";

    private static bool Same(Identifier? a, Identifier? b) => a is not null && b is not null && a.Value.Equals(b.Value, StringComparison.OrdinalIgnoreCase);

    /// <summary>INSERT, UPDATE, ALTER TABLE … — the statement's kind as its first words say it.</summary>
    private static string Verb(TSqlStatement statement) => statement.GetType().Name.Replace("Statement", "", StringComparison.Ordinal);

    private static string Text(string sql, TSqlFragment fragment) => sql.Substring(fragment.StartOffset, fragment.FragmentLength);
}
