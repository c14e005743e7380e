using System.Diagnostics;
using Indicators.Api.Infrastructure.Database;
using Microsoft.SqlServer.Dac.Model;
using Microsoft.SqlServer.TransactSql.ScriptDom;
using Indicators.Tests.Support;

namespace Indicators.Tests.Infrastructure.Database;

/// <summary>The model of the migrations with every query file in it, built once for the tests of the class.</summary>
public sealed class SqlServerModelFixture : IDisposable
{
    public SqlServerModelFixture()
    {
        var clock = Stopwatch.StartNew();
        Model = SqlServerModel.WithQueryFiles();
        BuildTime = clock.Elapsed;
    }

    public SqlServerModel Model { get; }

    public TimeSpan BuildTime { get; }

    public void Dispose() => Model.Dispose();
}

/// <summary>
/// No SQL Server runs here, so the SQL Server side is checked against SQL Server's own model of it (DacFx): the
/// schema the migrations build, with every SQL Server query file compiled in it as a procedure declaring the
/// parameters of its header. A wrong column or table, or a parameter the header lacks, fails here naming the file.
/// </summary>
public sealed class SqlServerModelTests(SqlServerModelFixture fixture) : IClassFixture<SqlServerModelFixture>
{
    private SqlServerModel Model => fixture.Model;

    public static TheoryData<string> QueryFiles()
    {
        var data = new TheoryData<string>();
        foreach (var name in SqlServerModel.QueryFiles().Where(n => !SqlServerModel.Excluded.ContainsKey(n)))
        {
            data.Add(name);
        }
        return data;
    }

    [Fact]
    public void The_schema_the_migrations_build_has_no_model_error()
    {
        var problems = Model.Problems().Where(p => !SqlServerModel.QueryFiles().Contains(p.Source)).ToList();
        Assert.True(problems.Count == 0, string.Join("\n", problems));
        Assert.Contains(Model.Schema.Objects, o => o.Name == "dbo.actual_values");
        TestContext.Current.TestOutputHelper?.WriteLine($"model of {Model.Schema.Objects.Count} objects and {QueryFiles().Count} query files built in {fixture.BuildTime.TotalMilliseconds:F0} ms");
    }

    [Theory]
    [MemberData(nameof(QueryFiles))]
    public void Every_SQL_Server_query_file_compiles_against_the_migrated_schema(string file)
    {
        var problems = Model.Problems(file);
        Assert.True(problems.Count == 0, string.Join("\n", problems));
    }

    [Theory]
    [MemberData(nameof(QueryFiles))]
    public void A_wrong_column_in_any_query_file_fails_the_check(string file)
    {
        var sql = SqlScripts.Read(file);
        // A file that names no column (SELECT COUNT(*) FROM t) gets a wrong table instead.
        var wrong = Model.WithAWrongColumn(sql, out var column, out var line) ?? SqlServerModel.WithAWrongTable(sql, out column, out line);
        Assert.True(wrong is not null, $"{file} names no column or table of the schema");
        try
        {
            Model.AddQuery(file, wrong);
            var problems = Model.Problems(file);
            Assert.Contains(problems, p => p.Message.Contains("no_such_column", StringComparison.OrdinalIgnoreCase) || p.Message.Contains("no_such_table", StringComparison.OrdinalIgnoreCase));
            Assert.All(problems, p => Assert.Equal(file, p.Source));
            Assert.Contains(problems, p => p.Line == line);
            TestContext.Current.TestOutputHelper?.WriteLine($"{file}: {column} (line {line}) renamed: " + string.Join(" | ", problems));
        }
        finally
        {
            Model.AddQuery(file, sql);
        }
        Assert.Empty(Model.Problems(file));
    }

    [Fact]
    public void The_check_also_fails_on_a_wrong_table_a_parameter_missing_from_the_header_and_a_missing_header()
    {
        const string file = "Indicators.Api.Features.Check.Wrong.sql";
        try
        {
            Model.AddQuery(file, "-- Parameters: @Indicator nvarchar(64)\nSELECT value FROM dbo.actual_valuez WHERE indicator = @Indicator");
            Assert.Contains(Model.Problems(file), p => p.Code == "SQL71502" && p.Message.Contains("actual_valuez", StringComparison.Ordinal) && p.Line == 2);

            Model.AddQuery(file, "-- Parameters: @Indicator nvarchar(64)\nSELECT value FROM actual_values\nWHERE indicator = @Indicator AND org_unit = @OrgUnit");
            Assert.Contains(Model.Problems(file), p => p.Message.Contains("@OrgUnit", StringComparison.Ordinal) && p.Line == 3);

            Model.AddQuery(file, "-- Rows of one indicator.\nSELECT value FROM actual_values WHERE indicator = @Indicator");
            Assert.Contains(Model.Problems(file), p => p.Code == "header");

            // A recursive CTE with paging and a query hint compiles as the statement of a procedure.
            Model.AddQuery(file, """
                -- Parameters: @Indicator nvarchar(64), @Offset int
                -- Parameters: @PageSize int
                WITH chain (submission_id) AS (
                    SELECT v.submission_id FROM actual_values AS v WHERE v.indicator = @Indicator
                    UNION ALL
                    SELECT r.previous_submission_id FROM chain JOIN dbo.actual_revisions AS r ON r.submission_id = chain.submission_id
                )
                SELECT r.revision /**where**/ FROM chain JOIN actual_revisions AS r ON r.submission_id = chain.submission_id
                ORDER BY r.revision DESC
                OFFSET @Offset ROWS FETCH NEXT @PageSize ROWS ONLY
                OPTION (MAXRECURSION 0)
                """);
            Assert.Empty(Model.Problems(file));
        }
        finally
        {
            Model.RemoveQuery(file);
        }
    }

    [Fact]
    public void Excluded_files_exist_parse_and_hide_nothing_but_references_to_sys_objects()
    {
        Assert.NotEmpty(SqlServerModel.Excluded);
        foreach (var (file, reason) in SqlServerModel.Excluded)
        {
            Assert.Contains(file, SqlServerModel.QueryFiles());
            Assert.False(string.IsNullOrWhiteSpace(reason));
            var sql = SqlScripts.Read(file);
            var parser = new TSql160Parser(initialQuotedIdentifiers: true);
            using (var reader = new StringReader(sql))
            {
                parser.Parse(reader, out var errors);
                Assert.Empty(errors);
            }
            // Compiled like any query file, everything DacFx says of it is an unresolved sys.* object.
            try
            {
                Model.AddQuery(file, sql);
                var problems = Model.Problems(file);
                Assert.NotEmpty(problems);
                Assert.All(problems, p => Assert.Matches(@"^Error validating element .*: Procedure: .* has an unresolved reference to object \[sys\]\.", p.Message));
                Assert.All(problems, p => Assert.Equal("SQL71502", p.Code));
            }
            finally
            {
                Model.RemoveQuery(file);
            }
        }
    }

    [Fact]
    public void The_migrated_schema_has_the_write_path_layout_of_0005()
    {
        var model = Model.Model;
        var revisions = model.GetObject(Table.TypeClass, new ObjectIdentifier("dbo", "actual_revisions"), DacQueryScopes.UserDefined);
        Assert.NotNull(revisions);
        var previous = Assert.Single(revisions.GetReferenced(Table.Columns), c => c.Name.Parts[^1] == "previous_submission_id");
        Assert.True(previous.GetProperty<bool>(Column.Nullable));
        Assert.Equal(36, previous.GetProperty<int>(Column.Length));

        Assert.Equal(["indicator", "year", "org_unit", "first_month", "last_month", "period"], ClusteredKey(model, "actual_values"));
        Assert.Equal(["submission_id", "indicator", "org_unit", "period"], ClusteredKey(model, "actual_revisions"));

        var indexes = model.GetObjects(DacQueryScopes.UserDefined, Microsoft.SqlServer.Dac.Model.Index.TypeClass).Select(i => i.Name.Parts[^1]).ToList();
        Assert.DoesNotContain("ix_actual_values_indicator_year", indexes);
        Assert.DoesNotContain("ix_actual_revisions_submission", indexes);
        Assert.Contains("ix_actual_values_listing", indexes);
        Assert.Contains("ix_actual_values_unit_year", indexes);
        Assert.Contains("ix_actual_values_year", indexes);
        Assert.Contains("ix_target_revisions_submission", indexes);
    }

    private static List<string> ClusteredKey(TSqlModel model, string table)
    {
        var key = Assert.Single(model.GetObjects(DacQueryScopes.UserDefined, PrimaryKeyConstraint.TypeClass),
            k => k.GetReferenced(PrimaryKeyConstraint.Host).Single().Name.Parts[^1] == table);
        Assert.True(key.GetProperty<bool>(PrimaryKeyConstraint.Clustered));
        Assert.Equal($"pk_{table}", key.Name.Parts[^1]);
        return key.GetReferenced(PrimaryKeyConstraint.Columns).Select(c => c.Name.Parts[^1]).ToList();
    }

    [Fact]
    public void The_data_statements_of_the_migrations_compile_against_the_schema_of_their_moment()
    {
        var statements = Model.Schema.DataStatements.Select(d => (SchemaObject.Short(d.Statement.File), d.Statement.Kind)).ToList();
        Assert.Contains(("0001_schema.sql", "Insert"), statements);
        Assert.Contains(("0005_write_path.sql", "Update"), statements);
        var problems = SqlServerModel.CheckDataStatements(Model.Schema);
        Assert.True(problems.Count == 0, string.Join("\n", problems));

        // The UPDATE of 0005 names previous_submission_id, which 0005 adds: against the schema before it, it fails.
        var before = SqlServerSchema.Apply(SqlServerSchema.Migrations().Where(n => !n.Contains(".0005_", StringComparison.Ordinal)).Select(n => (n, SqlScripts.Read(n)))
            .Append(("0005 without its ALTER", "UPDATE r SET previous_submission_id = NULL FROM dbo.actual_revisions AS r;")));
        Assert.Contains(SqlServerModel.CheckDataStatements(before), p => p.Message.Contains("previous_submission_id", StringComparison.Ordinal));
    }

    [Fact]
    public void Nothing_of_the_migrations_is_skipped_silently()
    {
        // The statements of the migrations that are neither schema nor data (SET, DECLARE, PRINT, IF / WHILE / TRY
        // blocks without DDL), by file, line and kind: none today. One that comes is reviewed and listed here.
        string[] expected = [];
        Assert.Equal(expected, Model.Schema.Ignored.Select(s => $"{SchemaObject.Short(s.File)}:{s.Line} {s.Kind}"));
    }
}

/// <summary>The migration applier on its own: what it follows, and what it refuses.</summary>
public sealed class SqlServerSchemaTests
{
    [Fact]
    public void It_follows_created_altered_and_dropped_tables_and_indexes_across_batches()
    {
        var schema = SqlServerSchema.Apply([
            ("a.sql", """
                CREATE TABLE dbo.t (id int NOT NULL CONSTRAINT pk_t PRIMARY KEY, name nvarchar(10) NULL, gone int NULL);
                CREATE INDEX ix_t_name ON dbo.t (name);
                CREATE TABLE u (id int NOT NULL);
                SET XACT_ABORT ON;
                """),
            ("b.sql", """
                ALTER TABLE dbo.t ADD extra varchar(36) NOT NULL CONSTRAINT df_t_extra DEFAULT '', CONSTRAINT ck_t CHECK (id > 0);
                GO
                UPDATE dbo.t SET extra = 'x';
                GO
                ALTER TABLE dbo.t DROP CONSTRAINT pk_t;
                ALTER TABLE dbo.t ADD CONSTRAINT pk_t PRIMARY KEY CLUSTERED (extra, id);
                ALTER TABLE dbo.t DROP COLUMN gone;
                DROP INDEX ix_t_name ON dbo.t;
                DROP TABLE dbo.u;
                EXEC (N'CREATE INDEX ix_t_extra ON dbo.t (extra)');
                """),
        ]);
        Assert.Equal(["dbo.t", "dbo.t.ix_t_extra"], schema.Objects.Select(o => o.Name));
        var t = schema.Objects[0];
        Assert.Equal(["a.sql", "b.sql"], t.Sources);
        Assert.True(System.Text.RegularExpressions.Regex.IsMatch(t.Script, @"\bextra\s+VARCHAR\s*\(36\)[^,]*NOT NULL"), t.Script);
        Assert.True(System.Text.RegularExpressions.Regex.IsMatch(t.Script, @"CONSTRAINT pk_t\s+PRIMARY KEY CLUSTERED \(extra, id\)"), t.Script);
        Assert.DoesNotContain("gone", t.Script, StringComparison.Ordinal);
        Assert.Equal("PredicateSet", Assert.Single(schema.Ignored).Kind);
        var update = Assert.Single(schema.DataStatements);
        Assert.Equal(("b.sql", 3), (update.Statement.File, update.Statement.Line));
        // The UPDATE ran on the table as the first ALTER of b.sql left it: with extra, and still keyed by id.
        var then = Assert.Single(update.Schema, o => o.Name == "dbo.t");
        Assert.Matches(@"\bextra\b", then.Script);
        Assert.Matches(@"\bgone\b", then.Script);
        Assert.Matches(@"CONSTRAINT pk_t PRIMARY KEY\s*,", then.Script);

        using var model = new SqlServerModel(schema);
        Assert.Empty(model.Problems());
    }

    [Theory]
    [InlineData("ALTER TABLE dbo.t ALTER COLUMN name nvarchar(20) NULL;", "AlterTableAlterColumn")]
    [InlineData("EXEC sp_rename 'dbo.t.name', 'title', 'COLUMN';", "Execute")]
    [InlineData("IF 1 = 1 CREATE INDEX ix_t_name ON dbo.t (name);", "holding CreateIndex")]
    [InlineData("SELECT * INTO dbo.copy FROM dbo.t;", "Select")]
    [InlineData("CREATE TRIGGER tr ON dbo.t AFTER INSERT AS SELECT 1;", "CreateTrigger")]
    [InlineData("ALTER TABLE dbo.t DROP CONSTRAINT pk_nothing;", "no Constraint pk_nothing")]
    [InlineData("DROP INDEX ix_nothing ON dbo.t;", "no index ix_nothing")]
    [InlineData("CREATE TABLE dbo.t (id int NOT NULL);", "exists already")]
    public void A_statement_it_cannot_follow_fails_with_file_line_and_text(string statement, string reason)
    {
        var e = Assert.Throws<InvalidOperationException>(() => SqlServerSchema.Apply([
            ("a.sql", "CREATE TABLE dbo.t (id int NOT NULL CONSTRAINT pk_t PRIMARY KEY, name nvarchar(10) NULL);"),
            ("b.sql", "-- a change\n" + statement),
        ]));
        Assert.Contains($"b.sql:2: ", e.Message, StringComparison.Ordinal);
        Assert.Contains(reason, e.Message, StringComparison.Ordinal);
        Assert.Contains(statement.TrimEnd(';'), e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void DbUp_sends_the_batches_the_model_reads_and_new_columns_are_filled_in_a_batch_of_their_own()
    {
        var splitter = new DbUp.Support.SqlCommandSplitter();
        foreach (var name in SqlServerSchema.Migrations())
        {
            var sql = SqlScripts.Read(name);
            var parser = new TSql160Parser(initialQuotedIdentifiers: true);
            using var reader = new StringReader(sql);
            var script = (TSqlScript)parser.Parse(reader, out _);
            Assert.Equal(script.Batches.Count, splitter.SplitScriptIntoCommands(sql).Count());
        }
        foreach (var (migration, column) in new[] { (".0005_", "previous_submission_id"), (".0009_", "first_written_at") })
        {
            var commands = splitter.SplitScriptIntoCommands(SqlScripts.Read(SqlServerSchema.Migrations().Single(n => n.Contains(migration, StringComparison.Ordinal)))).ToList();
            var adds = commands.FindIndex(c => c.Contains($"ADD {column}", StringComparison.Ordinal));
            var fills = commands.FindIndex(c => c.Contains($"SET {column}", StringComparison.Ordinal));
            Assert.True(adds >= 0 && fills > adds, $"{migration}: ALTER in command {adds}, UPDATE in command {fills}");
        }
    }
}

/// <summary>The parameter header of a SQL Server query file.</summary>
public sealed class SqlFileHeaderTests
{
    [Fact]
    public void It_reads_the_declarations_of_one_or_more_lines_in_order()
    {
        var parameters = SqlFileHeader.Parse("""
            -- Parameters: @Indicator nvarchar(64), @Value decimal(19, 4), @Now datetimeoffset(7)
            -- Parameters: @Json NVARCHAR(MAX), @Rows dbo.batch_rows READONLY, @Year smallint
            -- What the query does.
            SELECT 1
            """);
        Assert.Equal(
            [
                new SqlFileParameter("Indicator", "nvarchar(64)", false, "@Indicator nvarchar(64)"),
                new SqlFileParameter("Value", "decimal(19,4)", false, "@Value decimal(19, 4)"),
                new SqlFileParameter("Now", "datetimeoffset(7)", false, "@Now datetimeoffset(7)"),
                new SqlFileParameter("Json", "nvarchar(max)", false, "@Json NVARCHAR(MAX)"),
                new SqlFileParameter("Rows", "dbo.batch_rows", true, "@Rows dbo.batch_rows READONLY"),
                new SqlFileParameter("Year", "smallint", false, "@Year smallint"),
            ],
            parameters);
        Assert.Empty(SqlFileHeader.Parse("-- Parameters: none\r\nSELECT 1"));
    }

    [Theory]
    [InlineData("SELECT 1", "no header")]
    [InlineData("-- What it does.\n-- Parameters: @A int\nSELECT @A", "no header")]
    [InlineData("-- Parameters: @A int\nSELECT @A\n-- Parameters: @B int", "after the header")]
    [InlineData("-- Parameters: @A nvarchar\nSELECT @A", "one character")]
    [InlineData("-- Parameters: @A decimal\nSELECT @A", "decimal(18,0)")]
    [InlineData("-- Parameters: @A int, @a int\nSELECT @A", "twice")]
    [InlineData("-- Parameters: @A int = 1\nSELECT @A", "no default")]
    [InlineData("-- Parameters: @A int,\n-- Parameters: @B int\nSELECT @A", "empty declaration")]
    [InlineData("-- Parameters: none\n-- Parameters: @A int\nSELECT 1", "only line")]
    [InlineData("-- Parameters: A int\nSELECT 1", "not a procedure's parameter list")]
    public void It_refuses_a_missing_or_malformed_header(string sql, string error)
    {
        Assert.False(SqlFileHeader.TryParse(sql, out _, out var message));
        Assert.Contains(error, message, StringComparison.Ordinal);
        Assert.Throws<FormatException>(() => SqlFileHeader.Parse(sql));
    }
}
