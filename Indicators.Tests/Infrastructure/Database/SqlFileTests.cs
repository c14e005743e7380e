using System.Reflection;
using System.Text.RegularExpressions;
using Indicators.Api.Infrastructure.Database;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using SQLitePCL;
using Indicators.Tests.Support;

namespace Indicators.Tests.Infrastructure.Database;

/// <summary>
/// Every SQL statement of the service is a <c>SqlFile&lt;TArgs&gt;</c> declared in code over an embedded .sql file. These
/// tests hold the two together: every declaration has its text in both dialects, every file is declared, the SQLite text
/// takes only the parameters the code passes, and every SQLite statement compiles against the migrated schema (SQLite's
/// own prepare resolves every table and column). SQL Server's text is compiled against a model of its migrations by
/// the schema-model tests.
/// </summary>
public sealed partial class SqlFileTests(SqliteApi api) : IClassFixture<SqliteApi>
{
    /// <summary>Every <see cref="ISqlFile"/> declared in a static field of the service, or held by one (a slice's
    /// <c>RevisionedTable</c> names its Write, Written and Changed files; a <c>DataChange</c> without keys holds none).</summary>
    internal static IReadOnlyList<(string Owner, ISqlFile File)> Declared() =>
        typeof(Db).Assembly.GetTypes()
            .Where(t => !t.ContainsGenericParameters)
            .SelectMany(t => t.GetFields(BindingFlags.Static | BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.DeclaredOnly)
                .Select(f => (Owner: $"{t.Name}.{f.Name}", Value: f.GetValue(null)))
                .SelectMany(f => f.Value is ISqlFile file
                    ? [(f.Owner, file)]
                    : f.Value?.GetType().GetProperties().Where(p => typeof(ISqlFile).IsAssignableFrom(p.PropertyType) && p.GetValue(f.Value) is not null)
                        .Select(p => ($"{f.Owner}.{p.Name}", (ISqlFile)p.GetValue(f.Value)!)) ?? []))
            .OrderBy(d => d.Item2.Name, StringComparer.Ordinal)
            .ToList();

    public static TheoryData<string> SqliteNames() => new(Declared().Select(d => d.File.Name).Where(n => For(n, DatabaseProvider.Sqlite)).Distinct());

    [Fact]
    public void Every_declared_file_has_its_text_in_both_dialects()
    {
        var missing = Declared()
            .SelectMany(d => Enum.GetValues<DatabaseProvider>().Where(p => SqlScripts.ResourceOf(d.File.Name, p) is null && For(d.File.Name, p))
                .Select(p => $"{d.Owner}: {d.File.Name} has no {p} text"))
            .ToList();
        Assert.True(missing.Count == 0, string.Join("\n", missing));
        Assert.True(Declared().Count >= 50, $"only {Declared().Count} declarations found");
    }

    [Fact]
    public void Every_query_file_is_declared_by_the_code_that_runs_it()
    {
        var declared = Declared().Select(d => d.File.Name).ToHashSet(StringComparer.Ordinal);
        var prefix = typeof(Db).Assembly.GetName().Name + ".";
        var undeclared = SqlScripts.ResourceNames()
            .Where(n => !n.Contains(".Migrations.", StringComparison.Ordinal))
            .Select(n => n[prefix.Length..].Replace(".sqlite.sql", "", StringComparison.Ordinal).Replace(".sql", "", StringComparison.Ordinal))
            .Where(n => !declared.Contains(n))
            .Distinct()
            .ToList();
        Assert.True(undeclared.Count == 0, "files no code runs:\n" + string.Join("\n", undeclared));
    }

    [Fact]
    public void The_SQLite_text_takes_only_parameters_the_code_passes()
    {
        var wrong = new List<string>();
        foreach (var (owner, file) in Declared().Where(d => For(d.File.Name, DatabaseProvider.Sqlite)))
        {
            var properties = ParameterNames(file.ArgsType);
            foreach (var used in Parameters(SqlScripts.Get(file.Name, DatabaseProvider.Sqlite)).Where(p => !properties.Contains(p)))
            {
                wrong.Add($"{owner}: {file.Name} (SQLite) uses @{used}, which {file.ArgsType?.Name ?? "a file without parameters"} does not have");
            }
        }
        Assert.True(wrong.Count == 0, string.Join("\n", wrong));
    }

    [Fact]
    public void The_SQL_Server_header_declares_exactly_the_parameters_the_code_passes_with_the_types_it_binds()
    {
        var wrong = Declared().Where(d => For(d.File.Name, DatabaseProvider.SqlServer))
            .SelectMany(d => HeaderMismatches(d.File.ArgsType, SqlFileHeader.Parse(SqlScripts.Get(d.File.Name, DatabaseProvider.SqlServer)))
                .Select(m => $"{d.Owner}: {d.File.Name}: {m}"))
            .ToList();
        Assert.True(wrong.Count == 0, string.Join("\n", wrong));
    }

    [Fact]
    public void A_renamed_missing_or_retyped_parameter_is_caught()
    {
        var header = SqlFileHeader.Parse("-- Parameters: @Code nvarchar(32), @Year int, @Value decimal(19,4), @Rows dbo.batch_rows READONLY\nSELECT 1;");
        Assert.Empty(HeaderMismatches(typeof(Good), header));
        Assert.Equal(
            [
                "@Code is declared nvarchar(32), but the code passes Int32 (it binds ^(int)$)",
                "@Year is declared but Renamed has no property Year",
                "Renamed.Years is passed but not declared",
            ],
            HeaderMismatches(typeof(Renamed), header));
        Assert.Equal(["the file declares no parameters, but the code passes Good"], HeaderMismatches(typeof(Good), SqlFileHeader.Parse("-- Parameters: none\nSELECT 1;")));
    }

    private sealed record Good(string Code, int? Year, decimal Value, Api.Kernel.Batches.BatchRowsParameter Rows);

    private sealed record Renamed(int Code, int Years, decimal Value, Api.Kernel.Batches.BatchRowsParameter Rows);

    /// <summary>What differs between a file's declared parameters and the properties of the type the code passes.</summary>
    internal static List<string> HeaderMismatches(Type? args, IReadOnlyList<SqlFileParameter> header)
    {
        var properties = args is null
            ? []
            : args.GetProperties(BindingFlags.Public | BindingFlags.Instance).Where(p => p.SetMethod is not null).ToDictionary(p => p.Name, p => p.PropertyType, StringComparer.Ordinal);
        var problems = new List<string>();
        if (args is not null && header.Count == 0)
        {
            return [$"the file declares no parameters, but the code passes {args.Name}"];
        }
        foreach (var declared in header)
        {
            if (!properties.TryGetValue(declared.Name, out var type))
            {
                problems.Add($"@{declared.Name} is declared but {args?.Name ?? "the code"} has no property {declared.Name}");
            }
            else if (!Binds(type).IsMatch(declared.Type))
            {
                problems.Add($"@{declared.Name} is declared {declared.Type}, but the code passes {(Nullable.GetUnderlyingType(type) ?? type).Name} (it binds {Binds(type)})");
            }
        }
        problems.AddRange(properties.Keys.Where(p => header.All(h => h.Name != p)).Order(StringComparer.Ordinal).Select(p => $"{args!.Name}.{p} is passed but not declared"));
        return problems;
    }

    /// <summary>The SQL types a declaration may have for what the code passes: what Dapper and the type handlers of
    /// DapperSetup bind (a string as a character type of the column's length, a decimal as decimal(19,4), a time as
    /// datetimeoffset(7), a date as date, the batch as the table type).</summary>
    private static Regex Binds(Type type) => new("^(" + ((Nullable.GetUnderlyingType(type) ?? type) switch
    {
        var t when t == typeof(string) => @"n?(var)?char\((\d+|max)\)",
        var t when t == typeof(int) => "int",
        var t when t == typeof(long) => "bigint",
        var t when t == typeof(bool) => "bit",
        var t when t == typeof(decimal) => @"decimal\(19,4\)",
        var t when t == typeof(DateTimeOffset) => @"datetimeoffset\(7\)",
        var t when t == typeof(DateOnly) => "date",
        var t when t == typeof(byte[]) => @"varbinary\((\d+|max)\)",
        var t when t == typeof(Api.Kernel.Batches.BatchRowsParameter) => @"dbo\.batch_rows",
        _ => "(?!)",
    }) + ")$", RegexOptions.IgnoreCase);

    [Theory]
    [MemberData(nameof(SqliteNames))]
    public void Every_SQLite_statement_compiles_against_the_migrated_schema(string name)
    {
        var errors = Prepare(SqlScripts.Get(name, DatabaseProvider.Sqlite));
        Assert.True(errors.Count == 0, $"{name}:\n" + string.Join("\n", errors));
    }

    [Fact]
    public void A_wrong_column_or_a_parameter_the_code_does_not_pass_is_caught()
    {
        var text = SqlScripts.Get("Features.Values.List.Items", DatabaseProvider.Sqlite);
        Assert.Empty(Prepare(text));
        var errors = Prepare(text.Replace("SELECT indicator, org_unit", "SELECT indicator, org_unit_code", StringComparison.Ordinal));
        Assert.Contains("no such column: org_unit_code", Assert.Single(errors), StringComparison.Ordinal);
        Assert.Equal(["Indicator", "PageSize"], Parameters("-- @Commented\nSELECT 1 WHERE a = @Indicator AND b = '@Quoted' /* @Block */ LIMIT @PageSize"));
    }

    /// <summary>The data properties of the parameter type (computed ones, without a setter, are not parameters).</summary>
    internal static HashSet<string> ParameterNames(Type? args) =>
        args is null
            ? []
            : args.GetProperties(BindingFlags.Public | BindingFlags.Instance).Where(p => p.SetMethod is not null).Select(p => p.Name).ToHashSet(StringComparer.Ordinal);

    /// <summary>The @names a text uses outside comments and string literals.</summary>
    internal static List<string> Parameters(string sql) =>
        ParameterRegex().Matches(CommentsAndStrings().Replace(sql, " ")).Select(m => m.Groups[1].Value).Distinct().ToList();

    [GeneratedRegex(@"--[^\n]*|/\*.*?\*/|'(?:[^']|'')*'", RegexOptions.Singleline)]
    private static partial Regex CommentsAndStrings();

    [GeneratedRegex(@"@(\w+)")]
    private static partial Regex ParameterRegex();

    /// <summary>Whether a file is run on that dialect: code for one dialect only sits in a folder named after it
    /// (<c>…/Sqlite/</c>, <c>…/SqlServer/</c>); everything else runs on both.</summary>
    internal static bool For(string name, DatabaseProvider provider) =>
        name.Split('.') is var segments && (provider == DatabaseProvider.Sqlite ? !segments.Contains("SqlServer") : !segments.Contains("Sqlite"));

    /// <summary>Prepares each statement of the text on a connection to the fixture's migrated database, after creating the
    /// staging table the write statements read; returns SQLite's messages.</summary>
    private List<string> Prepare(string sql)
    {
        var db = api.Services.GetRequiredService<Db>();
        using var connection = new SqliteConnection(db.ConnectionString);
        connection.Open();
        using (var stage = connection.CreateCommand())
        {
            stage.CommandText = SqlScripts.Get("Kernel.Batches.Sqlite.Stage", DatabaseProvider.Sqlite);
            stage.ExecuteNonQuery();
        }
        var errors = new List<string>();
        var handle = connection.Handle!;
        var rest = sql;
        while (!string.IsNullOrWhiteSpace(rest))
        {
            var rc = raw.sqlite3_prepare_v2(handle, rest, out var statement, out var tail);
            using (statement)
            {
                if (rc != raw.SQLITE_OK)
                {
                    errors.Add(raw.sqlite3_errmsg(handle).utf8_to_string());
                    break;
                }
            }
            rest = tail;
        }
        return errors;
    }
}
