using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Text.Json;
using Microsoft.Data.Sqlite;

namespace Indicators.Bench;

/// <summary>
/// The benchmark's dataset tool (bench/run drives it):
/// <c>generate</c> builds the synthetic province through the service's own command line and HTTP API;
/// <c>inspect</c> checkpoints a SQLite file and counts its rows; <c>describe</c> prints what a seed generates.
/// </summary>
public static class Program
{
    private const string Usage = """
        Usage:
          Indicators.Bench generate --url URL --api-dll PATH --data-dir DIR --out-dir DIR [--seed N] [--parallel 4] [--batch-size 5000]
              org-units add + keys create through the API's executable (on DIR, the running server's data directory),
              then the catalogue, the values, their revisions and the targets over HTTP. Writes into --out-dir:
              admin.key, reader.key, summary.json (counts, phases, rates) and scenario.env (codes the scenarios use).
          Indicators.Bench inspect --db FILE      checkpoint the WAL into FILE and print its row counts
          Indicators.Bench describe [--seed N]    print the counts a seed generates, without writing anything
          Indicators.Bench sheets --out-dir DIR   write the upload scenarios' 10,000-row sheets (values-a/b.csv, values-a/b.xlsx)
          Indicators.Bench views-under-writes --url URL --reader-key K --admin-key K --flow CODE [--rates 1,5] [--duration 15s]
              [--warmup 5s] [--connections 4] [--period 2024-M01..M09] [--month 2024-M05] [--district BENCH-D001]
              scenario (g): views (c), (d), (e) read by --connections loops each while one district's monthly report is
              written at each rate; prints RESULT_G lines (requests/s, p50, p99, max, stale reads) per view and for the writes
        """;

    public static async Task<int> Main(string[] args)
    {
        CultureInfo.DefaultThreadCurrentCulture = CultureInfo.InvariantCulture;
        CultureInfo.CurrentCulture = CultureInfo.InvariantCulture;
        var o = Options(args);
        try
        {
            switch (args.FirstOrDefault())
            {
                case "generate":
                    return await GenerateAsync(o);
                case "inspect":
                    return Inspect(Required(o, "db"));
                case "sheets":
                    Sheets.Write(Required(o, "out-dir"));
                    return 0;
                case "views-under-writes":
                    return await ViewsUnderWrites.RunAsync(o);
                case "describe":
                    var d = Dataset.Generate(Seed(o));
                    Console.WriteLine(Describe(d));
                    return 0;
                default:
                    Console.Error.WriteLine(Usage);
                    return 2;
            }
        }
        catch (Exception ex) when (ex is ArgumentException or InvalidOperationException or HttpRequestException)
        {
            Console.Error.WriteLine($"error: {ex.Message}");
            return 1;
        }
    }

    private static async Task<int> GenerateAsync(Dictionary<string, string> o)
    {
        var url = Required(o, "url");
        var apiDll = Path.GetFullPath(Required(o, "api-dll"));
        var dataDir = Path.GetFullPath(Required(o, "data-dir"));
        var outDir = Path.GetFullPath(Required(o, "out-dir"));
        var parallel = int.Parse(o.GetValueOrDefault("parallel", "4"), CultureInfo.InvariantCulture);
        var batchSize = int.Parse(o.GetValueOrDefault("batch-size", "5000"), CultureInfo.InvariantCulture);
        var seed = Seed(o);

        var watch = Stopwatch.StartNew();
        var d = Dataset.Generate(seed);
        Console.WriteLine($"generated seed {seed} in {watch.Elapsed.TotalSeconds:F1} s: {Describe(d)}");

        // The province and the first keys come from the service's own executable, as an operator would make them.
        var cli = new ApiCommandLine(apiDll, dataDir);
        var province = d.Units.Single(u => u.Kind == "province");
        await cli.RunAsync(["org-units", "add", "--code", province.Code, "--kind", "province", "--name-vi", province.NameVi, "--name-en", province.NameEn]);
        var admin = await cli.RunAsync(["keys", "create", "--org-unit", province.Code, "--role", "admin", "--name", "bench-admin"]);
        var reader = await cli.RunAsync(["keys", "create", "--org-unit", province.Code, "--role", "reader", "--name", "bench-reader"]);
        Directory.CreateDirectory(outDir);
        await File.WriteAllTextAsync(Path.Combine(outDir, "admin.key"), admin + "\n");
        await File.WriteAllTextAsync(Path.Combine(outDir, "reader.key"), reader + "\n");

        using var http = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = parallel, AutomaticDecompression = DecompressionMethods.None })
        {
            BaseAddress = new Uri(url),
            Timeout = TimeSpan.FromMinutes(10),
        };
        http.DefaultRequestHeaders.Add("X-Api-Key", admin);
        var loader = new Loader(http, parallel, batchSize, Console.Out);
        var ct = CancellationToken.None;
        await loader.PutCatalogueAsync(d, ct);
        var values = await loader.SubmitAsync("values", d.Values, ct);
        var revisions = await loader.SubmitAsync("revisions", d.Revisions, ct);
        var targets = await loader.PutTargetsAsync(d.Targets, ct);
        var reporters = await loader.PutScheduleAsync(d, BenchSchedule, ct);
        Console.WriteLine($"dataset loaded in {watch.Elapsed.TotalSeconds:F0} s");
        if (values.Created != d.Values.Count || revisions.Updated != d.Revisions.Count)
        {
            throw new InvalidOperationException(
                $"the receipts do not add up: {values.Created:N0} created of {d.Values.Count:N0} values, {revisions.Updated:N0} updated of {d.Revisions.Count:N0} revisions.");
        }
        {
            var phases = new[] { values, revisions, targets }.Select(p => new
            {
                p.Name, p.Items, p.Batches, p.Created, p.Updated, p.Unchanged,
                Seconds = Math.Round(p.Elapsed.TotalSeconds, 1),
                PerSecond = Math.Round(p.ItemsPerSecond),
            });
            await File.WriteAllTextAsync(Path.Combine(outDir, "summary.json"), JsonSerializer.Serialize(new
            {
                seed, fingerprint = d.Fingerprint(), batchSize, parallel,
                orgUnits = d.Units.Count, indicators = d.Indicators.Count,
                values = d.Values.Count, revisions = d.Revisions.Count, targets = d.Targets.Count, scheduleReporters = reporters,
                totalSeconds = Math.Round(watch.Elapsed.TotalSeconds),
                phases,
            }, new JsonSerializerOptions { WriteIndented = true, PropertyNamingPolicy = JsonNamingPolicy.CamelCase }));
        }
        // The scenarios' flow: one the children roll up into the province (no department reports its province figure).
        var flow = d.Indicators.First(i => i.Measure == "flow" && i.ResponsibleUnit is null);
        await File.WriteAllTextAsync(Path.Combine(outDir, "scenario.env"),
            $"BENCH_PROVINCE={Codes.Province}\nBENCH_CHILD={Codes.Child(41)}\nBENCH_FLOW={flow.Code}\nBENCH_SEED={seed}\nBENCH_FINGERPRINT={d.Fingerprint()}\n" +
            $"BENCH_SCHEDULE={BenchSchedule}\nBENCH_SCHEDULE_PERIOD={d.LastYear}-M12\n");
        return 0;
    }

    /// <summary>The monthly schedule of every indicator that scenario h reads the status of.</summary>
    private const string BenchSchedule = "BENCH_MONTHLY";

    private static string Describe(Dataset d)
    {
        var measures = string.Join(", ", d.Indicators.GroupBy(i => i.Measure).OrderBy(g => g.Key).Select(g => $"{g.Count()} {g.Key}s"));
        var provinceLevel = d.Indicators.Count(i => i.ResponsibleUnit is not null);
        return $"{d.Units.Count} org units, {d.Indicators.Count} indicators ({measures}; {provinceLevel} department-reported), " +
            $"{d.Values.Count:N0} values {Dataset.FirstYear}-M01..{d.LastYear}-M12, {d.Revisions.Count:N0} revised, {d.Targets.Count:N0} annual plans; " +
            $"fingerprint {d.Fingerprint()}";
    }

    /// <summary>Folds the WAL into the main file (so the file can be copied alone) and prints the row counts.</summary>
    private static int Inspect(string file)
    {
        using var c = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = file, Mode = SqliteOpenMode.ReadWrite, Pooling = false }.ToString());
        c.Open();
        using (var checkpoint = c.CreateCommand())
        {
            checkpoint.CommandText = "PRAGMA wal_checkpoint(TRUNCATE)";
            checkpoint.ExecuteNonQuery();
        }
        foreach (var table in new[] { "org_units", "indicators", "api_keys", "submissions", "actual_values", "actual_revisions", "targets", "target_revisions" })
        {
            using var count = c.CreateCommand();
            count.CommandText = $"SELECT COUNT(*) FROM {table}";
            Console.WriteLine($"{table}\t{Convert.ToInt64(count.ExecuteScalar(), CultureInfo.InvariantCulture)}");
        }
        Console.WriteLine($"bytes\t{new FileInfo(file).Length}");
        return 0;
    }

    private static int Seed(Dictionary<string, string> o) => int.Parse(o.GetValueOrDefault("seed", "20200716"), CultureInfo.InvariantCulture);

    private static Dictionary<string, string> Options(string[] args)
    {
        var result = new Dictionary<string, string>(StringComparer.Ordinal);
        for (var i = 1; i < args.Length; i++)
        {
            if (args[i].StartsWith("--", StringComparison.Ordinal) && i + 1 < args.Length)
            {
                result[args[i][2..]] = args[++i];
            }
            else
            {
                throw new ArgumentException($"unexpected argument '{args[i]}'.\n{Usage}");
            }
        }
        return result;
    }

    private static string Required(Dictionary<string, string> o, string name) =>
        o.TryGetValue(name, out var v) && v.Length > 0 ? v : throw new ArgumentException($"--{name} is required.\n{Usage}");
}

/// <summary>Runs the API's executable as an operator would: <c>dotnet Indicators.Api.dll …</c> on the same data directory.</summary>
public sealed class ApiCommandLine(string apiDll, string dataDir)
{
    /// <summary>The last non-empty line of the command's output (for <c>keys create</c>, the key).</summary>
    public async Task<string> RunAsync(string[] args)
    {
        // From the dll's folder, as deployed: the content root (appsettings.json) is the working directory.
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false, WorkingDirectory = Path.GetDirectoryName(apiDll),
        };
        start.ArgumentList.Add(apiDll);
        foreach (var a in args)
        {
            start.ArgumentList.Add(a);
        }
        start.ArgumentList.Add($"--Database:DataDirectory={dataDir}");
        start.Environment["ASPNETCORE_ENVIRONMENT"] = "Production";
        using var process = Process.Start(start) ?? throw new InvalidOperationException("could not start dotnet.");
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        var output = await stdout;
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"{string.Join(' ', args.Take(2))} exited {process.ExitCode}: {await stderr}{output}");
        }
        var last = output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).LastOrDefault() ?? "";
        Console.WriteLine($"$ Indicators.Api {string.Join(' ', args.Take(2))} → {(args[0] == "keys" ? last[..Math.Min(last.Length, 20)] + "…" : last)}");
        return last;
    }
}
