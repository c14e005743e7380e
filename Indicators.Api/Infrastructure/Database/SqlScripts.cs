using System.Collections.Concurrent;
using System.Reflection;
using System.Text;
using System.Text.RegularExpressions;

namespace Indicators.Api.Infrastructure.Database;

/// <summary>
/// Embedded SQL files beside the code that runs them. <c>Features/Values/List/Items.sql</c> is named
/// <c>Features.Values.List.Items</c>; an <c>Items.sqlite.sql</c> beside it replaces it on SQLite
/// (the pattern of NServiceBus.Persistence.Sql: one file per dialect, side by side).
/// </summary>
internal static partial class SqlScripts
{
    private static readonly Assembly Assembly = typeof(SqlScripts).Assembly;
    private static readonly ConcurrentDictionary<(string, DatabaseProvider), Script> Cache = new();

    public static string Get(string name, DatabaseProvider provider) => Load(name, provider).Text;

    /// <summary>The text to send: the file, without the optional lines whose parameter is null in <paramref name="args"/>.</summary>
    public static string For(string name, DatabaseProvider provider, object? args) => Load(name, provider).For(args);

    /// <summary>The resource that holds <paramref name="name"/> for the provider, or null.</summary>
    public static string? ResourceOf(string name, DatabaseProvider provider)
    {
        var root = $"{Assembly.GetName().Name}.{name}";
        var candidates = provider == DatabaseProvider.Sqlite ? new[] { root + ".sqlite.sql", root + ".sql" } : [root + ".sql"];
        return candidates.FirstOrDefault(c => Assembly.GetManifestResourceInfo(c) is not null);
    }

    /// <summary>Every embedded SQL resource: the schema checks read them all.</summary>
    public static IEnumerable<string> ResourceNames() =>
        Assembly.GetManifestResourceNames().Where(n => n.EndsWith(".sql", StringComparison.Ordinal));

    public static string Read(string resourceName)
    {
        using var stream = Assembly.GetManifestResourceStream(resourceName)
            ?? throw new InvalidOperationException($"No resource {resourceName}.");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }

    private static Script Load(string name, DatabaseProvider provider) =>
        Cache.GetOrAdd((name, provider), static key =>
            new Script(Read(ResourceOf(key.Item1, key.Item2) ?? throw new InvalidOperationException($"No embedded SQL named {key.Item1} for {key.Item2}."))));

    [GeneratedRegex(@"--\s*if\s+@(\w+)\s*$")]
    private static partial Regex OptionalLine();

    /// <summary>A file's text, and its optional lines (<c>… -- if @Name</c>) with the parameter each depends on.</summary>
    private sealed class Script
    {
        private readonly string[] lines;
        private readonly string?[] conditions;
        private readonly ConcurrentDictionary<(Type, long), string> variants = new();

        public Script(string text)
        {
            Text = text;
            lines = text.Split('\n');
            conditions = lines.Select(l => OptionalLine().Match(l.TrimEnd('\r')) is { Success: true } m ? m.Groups[1].Value : null).ToArray();
            Optional = conditions.Any(c => c is not null);
            if (conditions.Count(c => c is not null) > 62)
            {
                throw new InvalidOperationException("A SQL file has more than 62 optional lines.");
            }
        }

        public string Text { get; }

        private bool Optional { get; }

        public string For(object? args)
        {
            if (!Optional)
            {
                return Text;
            }
            ArgumentNullException.ThrowIfNull(args);
            var type = args.GetType();
            // One bit per optional line: a file has a handful of them.
            long present = 0;
            for (int i = 0, bit = 0; i < conditions.Length; i++)
            {
                if (conditions[i] is { } parameter)
                {
                    var property = type.GetProperty(parameter) ?? throw new InvalidOperationException($"The optional line {i + 1} names @{parameter}, which {type.Name} does not have.");
                    if (property.GetValue(args) is not null)
                    {
                        present |= 1L << bit;
                    }
                    bit++;
                }
            }
            return variants.GetOrAdd((type, present), _ =>
            {
                var text = new StringBuilder(Text.Length);
                for (int i = 0, bit = 0; i < lines.Length; i++)
                {
                    if (conditions[i] is null || (present & (1L << bit++)) != 0)
                    {
                        text.Append(lines[i]).Append('\n');
                    }
                }
                return text.ToString();
            });
        }
    }
}
