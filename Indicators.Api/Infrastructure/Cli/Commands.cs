using Indicators.Api.Infrastructure.Auth;
using Indicators.Api.Infrastructure.Database;
using Indicators.Api.Infrastructure.Seeding;

namespace Indicators.Api.Infrastructure.Cli;

/// <summary>
/// Commands of the service's own executable, so a fresh production database can be set up from the
/// command line alone: <c>migrate</c>, <c>seed</c>, <c>keys create|list|revoke</c>, and the commands slices contribute
/// (<see cref="ICliCommand"/>: <c>org-units add</c>).
/// </summary>
internal static class Commands
{
    /// <summary>A first argument that is not an option (<c>--urls</c>, <c>--Section:Key=value</c>) names a command.</summary>
    public static bool IsCommand(string[] args) => args.Length > 0 && (!args[0].StartsWith('-') || args[0] == "--help");

    public static async Task<int> RunAsync(IServiceProvider services, string[] args, TextWriter output, TextWriter error)
    {
        try
        {
            using var scope = services.CreateScope();
            var sp = scope.ServiceProvider;
            switch (args[0])
            {
                case "migrate":
                    var applied = await sp.GetRequiredService<Migrator>().MigrateAsync();
                    output.WriteLine(applied.Count == 0 ? "The database is up to date." : $"Applied {applied.Count} migration(s): {string.Join(", ", applied)}");
                    return 0;
                case "seed":
                    await sp.GetRequiredService<Migrator>().MigrateAsync();
                    var report = await sp.GetRequiredService<Seeder>().SeedAsync(force: true, CancellationToken.None);
                    output.WriteLine(report);
                    return 0;
                case "keys":
                    await sp.GetRequiredService<Migrator>().MigrateAsync();
                    return await KeysAsync(sp.GetRequiredService<ApiKeyStore>(), args, output, error);
                case "help" or "--help":
                    output.WriteLine(Usage);
                    return 0;
            }
            if (sp.GetServices<ICliCommand>().FirstOrDefault(c => c.Name == args[0]) is { } contributed)
            {
                await sp.GetRequiredService<Migrator>().MigrateAsync();
                return await contributed.RunAsync(args, output, error);
            }
            error.WriteLine($"error: unknown command '{args[0]}'.");
            output.WriteLine(Usage);
            return 2;
        }
        catch (Exception ex) when (ex is ArgumentException or FormatException)
        {
            error.WriteLine($"error: {ex.Message}");
            return 2;
        }
    }

    public const string Usage = """
        Usage: Indicators.Api [command]
          (no command)                      serve the API
          migrate                           apply pending database migrations and exit
          seed                              load seeds/ (catalogue and 2020 figures) idempotently and exit
          org-units add --code CODE --kind KIND --name-vi NAME --name-en NAME [--parent CODE]
                                            create or update one org unit (bootstraps an empty database)
          keys create --org-unit CODE --role reader|submitter|admin [--name NAME]
                                            create an API key; the key is printed alone on the last line
          keys list                         list keys (never the keys themselves)
          keys revoke ID                    revoke a key
        Settings come from appsettings.json, environment variables (Database__Provider, ConnectionStrings__Indicators, ...)
        and --Section:Key=value arguments.
        """;

    private static async Task<int> KeysAsync(ApiKeyStore keys, string[] args, TextWriter output, TextWriter error)
    {
        var sub = args.Length > 1 ? args[1] : "";
        var options = Options(args, 2);
        switch (sub)
        {
            case "create":
                var orgUnit = Required(options, "org-unit");
                var role = Required(options, "role");
                var name = options.GetValueOrDefault("name") ?? $"{role}-{orgUnit}".ToLowerInvariant();
                var (record, key) = await keys.CreateAsync(orgUnit, role, name);
                output.WriteLine($"Created key {record.Id} '{record.Name}' for {record.OrgUnit} as {record.Role}. Store it now; it cannot be shown again:");
                output.WriteLine(key);
                return 0;
            case "list":
                output.WriteLine("id\tname\torg unit\trole\tcreated\trevoked");
                foreach (var k in await keys.ListAsync())
                {
                    output.WriteLine($"{k.Id}\t{k.Name}\t{k.OrgUnit}\t{k.Role}\t{k.CreatedAt:O}\t{k.RevokedAt?.ToString("O") ?? "-"}");
                }
                return 0;
            case "revoke":
                var id = args.Length > 2 ? args[2] : throw new ArgumentException("keys revoke needs the key id (see keys list).");
                if (await keys.RevokeAsync(id))
                {
                    output.WriteLine($"Revoked key {id}.");
                    return 0;
                }
                error.WriteLine($"error: no active key with id {id}.");
                return 1;
            default:
                error.WriteLine("error: use keys create, keys list or keys revoke.");
                return 2;
        }
    }

    /// <summary>The <c>--name value</c> or <c>--name=value</c> options from <paramref name="from"/> on.</summary>
    public static Dictionary<string, string> Options(string[] args, int from)
    {
        var result = new Dictionary<string, string>(StringComparer.Ordinal);
        for (var i = from; i < args.Length; i++)
        {
            if (!args[i].StartsWith("--", StringComparison.Ordinal) || args[i].Contains(':'))
            {
                continue;
            }
            var name = args[i][2..];
            var eq = name.IndexOf('=');
            if (eq >= 0)
            {
                result[name[..eq]] = name[(eq + 1)..];
            }
            else if (i + 1 < args.Length)
            {
                result[name] = args[++i];
            }
        }
        return result;
    }

    public static string Required(Dictionary<string, string> options, string name) =>
        options.TryGetValue(name, out var v) && !string.IsNullOrWhiteSpace(v) ? v : throw new ArgumentException($"--{name} is required.");
}

/// <summary>A command contributed by a slice (registered as a [Singleton]); the database is migrated before it runs.</summary>
internal interface ICliCommand
{
    /// <summary>The first argument that selects it.</summary>
    string Name { get; }

    Task<int> RunAsync(string[] args, TextWriter output, TextWriter error);
}
