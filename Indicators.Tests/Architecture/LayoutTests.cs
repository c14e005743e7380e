using System.Text.RegularExpressions;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Indicators.Tests.Support;


namespace Indicators.Tests.Architecture;

/// <summary>
/// The layout of README "Architecture", checked on the service's sources as Roslyn parses them: slices own their code
/// (no file outside a feature area refers to it, no two areas refer to each other), the domain is pure, no slice
/// chooses a database dialect, namespaces follow folders, and no SQL is written in C# string literals (it lives in
/// .sql files, checked by the schema tests).
/// </summary>
public sealed partial class LayoutTests
{
    private static readonly Lazy<IReadOnlyList<Source>> Sources = new(() => Load(Path.Combine(Repo.Root, "Indicators.Api")));

    [Fact]
    public void Namespaces_follow_folders()
    {
        var wrong = Sources.Value
            .Where(s => s.Path != "Program.cs" && s.Namespace != "Indicators.Api." + Path.GetDirectoryName(s.Path)!.Replace('/', '.'))
            .Select(s => $"{s.Path}: namespace {s.Namespace}")
            .ToList();
        Assert.True(wrong.Count == 0, string.Join("\n", wrong));
    }

    [Fact]
    public void No_file_outside_a_feature_area_refers_to_it_and_no_two_areas_refer_to_each_other()
    {
        var violations = AreaViolations(Sources.Value);
        Assert.True(violations.Count == 0, string.Join("\n", violations));
        // The areas exist and refer to themselves: the check is looking at the right names.
        Assert.Contains(Sources.Value, s => s.Area == "Submissions" && s.FeatureAreasReferred.Contains("Submissions"));
    }

    [Fact]
    public void The_domain_is_pure_code_that_refers_to_nothing_but_itself_and_the_base_library()
    {
        var wrong = Sources.Value
            .Where(s => s.Path.StartsWith("Domain/", StringComparison.Ordinal))
            .SelectMany(s => s.Usings.Where(u => !u.StartsWith("System", StringComparison.Ordinal) && !u.StartsWith("Indicators.Api.Domain", StringComparison.Ordinal))
                .Concat(s.QualifiedNames.Where(n => Regex.IsMatch(n, @"^(Indicators\.Api\.)?(Infrastructure|Kernel|Features)\.|^(Dapper|Microsoft|FastEndpoints)\.")))
                .Select(u => $"{s.Path}: {u}"))
            .ToList();
        Assert.True(wrong.Count == 0, string.Join("\n", wrong));
    }

    [Fact]
    public void No_slice_chooses_a_database_dialect()
    {
        var wrong = Sources.Value
            .Where(s => s.Area is not null)
            .SelectMany(s => s.Identifiers.Where(DialectWords.Contains).Concat(s.Usings.Where(u => u.StartsWith("Microsoft.Data.", StringComparison.Ordinal)))
                .Distinct().Select(w => $"{s.Path}: {w}"))
            .ToList();
        Assert.True(wrong.Count == 0, string.Join("\n", wrong));
    }

    [Fact]
    public void No_SQL_is_written_in_a_CSharp_string_literal()
    {
        var found = Sources.Value.SelectMany(s => s.Literals.Where(l => SqlStatement().IsMatch(l.Text)).Select(l => $"{s.Path}:{l.Line}: {l.Text}")).ToList();
        Assert.True(found.Count == 0, "SQL belongs in a .sql file beside the code (SqlFile<TArgs>):\n" + string.Join("\n", found));
    }

    [Fact]
    public void The_checks_catch_a_slice_importing_another_a_dialect_branch_and_inline_SQL()
    {
        var sources = new[]
        {
            Parse("Features/Locks/Put/Endpoint.cs", "using Indicators.Api.Features.Submissions.Submit;\nnamespace Indicators.Api.Features.Locks.Put;\nclass A { }"),
            Parse("Features/Values/List/Endpoint.cs", "namespace Indicators.Api.Features.Values.List;\nclass B { object x = Features.Reports.ReportData.Codes(\"\"); bool y = db.IsSqlite; string s = $\"SELECT {c} FROM t\"; }"),
            Parse("Kernel/Batches/X.cs", "namespace Indicators.Api.Kernel.Batches;\nusing static Indicators.Api.Features.Targets.Put.TargetWriter;\nclass C { string q = \"DELETE FROM \" + \"t\"; }"),
        };
        Assert.Equal(
            [
                "Features/Locks/Put/Endpoint.cs (area Locks) refers to Features.Submissions",
                "Features/Values/List/Endpoint.cs (area Values) refers to Features.Reports",
                "Kernel/Batches/X.cs (outside the feature areas) refers to Features.Targets",
            ],
            AreaViolations(sources));
        Assert.Contains("IsSqlite", sources[1].Identifiers);
        Assert.Equal(["SELECT x FROM t", "DELETE FROM t"], sources.SelectMany(s => s.Literals).Select(l => l.Text).Where(t => SqlStatement().IsMatch(t)));
    }

    [Fact]
    public void Tests_mirror_the_slices_and_no_two_test_classes_share_a_name()
    {
        var duplicates = typeof(LayoutTests).Assembly.GetTypes()
            .Where(t => t is { IsClass: true, IsNested: false } && t.Namespace?.StartsWith("Indicators.Tests", StringComparison.Ordinal) == true && !t.Name.StartsWith('<'))
            .GroupBy(t => t.Name)
            .Where(g => g.Count() > 1)
            .Select(g => $"{g.Key}: {string.Join(", ", g.Select(t => t.Namespace))}")
            .ToList();
        Assert.True(duplicates.Count == 0, string.Join("\n", duplicates));

        // Every folder of Features/ holding an endpoint has a test folder of the same path.
        var slices = Sources.Value.Where(s => s.Area is not null && Path.GetFileName(s.Path).StartsWith("Endpoint", StringComparison.Ordinal))
            .Select(s => Path.GetDirectoryName(s.Path)!.Replace('\\', '/'))
            .Distinct()
            .ToList();
        Assert.True(slices.Count >= 18, $"only {slices.Count} slices found");
        var untested = slices.Where(s => !Directory.Exists(Path.Combine(Repo.Root, "Indicators.Tests", s))
                                         || !Directory.EnumerateFiles(Path.Combine(Repo.Root, "Indicators.Tests", s), "*Tests.cs").Any())
            .ToList();
        Assert.True(untested.Count == 0, "slices without a test folder: " + string.Join(", ", untested));
    }

    private static readonly HashSet<string> DialectWords =
        ["IsSqlite", "DatabaseProvider", "SqliteConnection", "SqlConnection", "SqliteDb", "SqlServerDb", "SqliteTransaction", "SqlTransaction"];

    private static List<string> AreaViolations(IEnumerable<Source> sources) =>
        sources.SelectMany(s => s.FeatureAreasReferred.Where(a => a != s.Area).Order(StringComparer.Ordinal)
                .Select(a => $"{s.Path} ({(s.Area is null ? "outside the feature areas" : "area " + s.Area)}) refers to Features.{a}"))
            .ToList();

    /// <summary>A statement at the start of a literal, or a SELECT…FROM anywhere in it.</summary>
    [GeneratedRegex(@"(?is)^\s*(SELECT\b|INSERT\s+INTO\b|UPDATE\s+\w+\s+SET\b|DELETE\s+FROM\b|MERGE\b|PRAGMA\b|CREATE\s+(TABLE|INDEX|TEMP|TYPE|VIEW|PROC)|ALTER\s+(TABLE|DATABASE)\b|DROP\s+(TABLE|INDEX)\b|WITH\s+\w+\s*(\(|AS\b))|\bSELECT\b.+\bFROM\s+\w")]
    private static partial Regex SqlStatement();

    private static IReadOnlyList<Source> Load(string root) =>
        Directory.EnumerateFiles(root, "*.cs", SearchOption.AllDirectories)
            .Select(f => Path.GetRelativePath(root, f).Replace('\\', '/'))
            .Where(f => !f.StartsWith("obj/", StringComparison.Ordinal) && !f.StartsWith("bin/", StringComparison.Ordinal))
            .Order(StringComparer.Ordinal)
            .Select(f => Parse(f, File.ReadAllText(Path.Combine(root, f))))
            .ToList();

    private static Source Parse(string path, string text)
    {
        var root = CSharpSyntaxTree.ParseText(text, path: path).GetCompilationUnitRoot();
        var usings = root.DescendantNodes().OfType<UsingDirectiveSyntax>().Select(u => u.NamespaceOrType.ToString()).ToList();
        var ns = root.DescendantNodes().OfType<BaseNamespaceDeclarationSyntax>().FirstOrDefault()?.Name.ToString();
        // Every dotted name written in code (a type or member reached through its namespace), outermost only.
        var qualified = root.DescendantNodes()
            .Where(n => n is QualifiedNameSyntax or MemberAccessExpressionSyntax && n.Parent is not (QualifiedNameSyntax or MemberAccessExpressionSyntax))
            .Select(n => Regex.Replace(n.ToString(), @"\s+", ""))
            .ToList();
        var areas = usings.Concat(qualified)
            .Select(n => Regex.Match(n, @"^(?:Indicators\.Api\.)?Features\.(\w+)"))
            .Where(m => m.Success)
            .Select(m => m.Groups[1].Value)
            .ToHashSet(StringComparer.Ordinal);
        var area = Regex.Match(path, @"^Features/(\w+)/") is { Success: true } a ? a.Groups[1].Value : null;
        var identifiers = root.DescendantTokens().Where(t => t.IsKind(SyntaxKind.IdentifierToken)).Select(t => t.ValueText).ToHashSet(StringComparer.Ordinal);
        return new Source(path, ns, area, usings, qualified, areas, identifiers, Literals(root));
    }

    /// <summary>String literals, with adjacent ones joined across '+' and each interpolation hole read as "x".</summary>
    private static List<(int Line, string Text)> Literals(CompilationUnitSyntax root)
    {
        static bool IsText(SyntaxNode n) => n is LiteralExpressionSyntax { RawKind: (int)SyntaxKind.StringLiteralExpression } or InterpolatedStringExpressionSyntax;
        static string TextOf(SyntaxNode n) => n is LiteralExpressionSyntax l
            ? l.Token.ValueText
            : string.Concat(((InterpolatedStringExpressionSyntax)n).Contents.Select(c => c is InterpolatedStringTextSyntax t ? t.TextToken.ValueText : "x"));

        var pieces = new List<(int Line, string Text)>();
        var seen = new HashSet<SyntaxNode>();
        foreach (var node in root.DescendantNodes().Where(IsText))
        {
            var top = node;
            while (top.Parent is BinaryExpressionSyntax { RawKind: (int)SyntaxKind.AddExpression } sum)
            {
                top = sum;
            }
            if (!seen.Add(top))
            {
                continue;
            }
            var parts = top.DescendantNodesAndSelf().Where(n => IsText(n) && !n.Ancestors().TakeWhile(a => a != top).Any(a => a is InterpolationSyntax));
            pieces.Add((top.GetLocation().GetLineSpan().StartLinePosition.Line + 1, string.Concat(parts.Select(TextOf))));
        }
        return pieces;
    }

    private sealed record Source(
        string Path, string? Namespace, string? Area, IReadOnlyList<string> Usings, IReadOnlyList<string> QualifiedNames,
        IReadOnlySet<string> FeatureAreasReferred, IReadOnlySet<string> Identifiers, IReadOnlyList<(int Line, string Text)> Literals);
}
