using System.Buffers;
using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;

namespace Indicators.Bench;

/// <summary>What one phase of the load wrote, as the service's receipts counted it.</summary>
public sealed record PhaseResult(string Name, int Items, int Batches, long Created, long Updated, long Unchanged, TimeSpan Elapsed)
{
    public double ItemsPerSecond => Items / Math.Max(Elapsed.TotalSeconds, 1e-9);

    public override string ToString() =>
        $"{Name}: {Items:N0} items in {Batches:N0} batches, {Elapsed.TotalSeconds:F1} s = {ItemsPerSecond:N0}/s (created {Created:N0}, updated {Updated:N0}, unchanged {Unchanged:N0})";
}

/// <summary>Writes the dataset through the service's public HTTP API only, a few batches in parallel.</summary>
public sealed class Loader(HttpClient http, int parallel, int batchSize, TextWriter log)
{
    public async Task PutCatalogueAsync(Dataset d, CancellationToken ct)
    {
        // The province exists already (created from the command line); departments before the indicators naming them.
        foreach (var unit in d.Units.Where(u => u.Kind != "province"))
        {
            await SendAsync(HttpMethod.Put, $"/api/v1/org-units/{unit.Code}", Json(w =>
            {
                w.WriteStartObject();
                Localized(w, "name", unit.NameVi, unit.NameEn);
                w.WriteString("kind", unit.Kind);
                w.WriteString("parent", unit.Parent);
                w.WriteEndObject();
            }), ct);
        }
        foreach (var i in d.Indicators)
        {
            await SendAsync(HttpMethod.Put, $"/api/v1/indicators/{i.Code}", Json(w =>
            {
                w.WriteStartObject();
                Localized(w, "name", i.NameVi, i.NameEn);
                Localized(w, "unit", i.UnitVi, i.UnitEn);
                w.WriteString("measure", i.Measure);
                w.WriteString("direction", i.Direction);
                w.WriteNumber("decimals", i.Decimals);
                Number(w, "min", i.Min);
                Number(w, "max", i.Max);
                w.WriteString("category", i.Category);
                w.WriteString("responsibleUnit", i.ResponsibleUnit);
                w.WriteEndObject();
            }), ct);
        }
        log.WriteLine($"catalogue: {d.Units.Count - 1} org units and {d.Indicators.Count} indicators");
    }

    /// <summary>
    /// The monthly report of every indicator (bench/run scenario h): a Decree 09 cut-off, due 5 days later; reporters are
    /// every territorial child and every department responsible for at least one indicator (a department responsible for
    /// none would be expected to send nothing, which the service refuses). Returns the number of reporters.
    /// </summary>
    public async Task<int> PutScheduleAsync(Dataset d, string code, CancellationToken ct)
    {
        var responsible = d.Indicators.Select(i => i.ResponsibleUnit).OfType<string>().ToHashSet(StringComparer.Ordinal);
        var reporters = d.Units.Where(u => u.Kind is "district" or "city" || (u.Kind == "department" && responsible.Contains(u.Code))).Select(u => u.Code).ToList();
        await SendAsync(HttpMethod.Put, $"/api/v1/schedules/{code}", Json(w =>
        {
            w.WriteStartObject();
            Localized(w, "name", "Báo cáo tháng các chỉ tiêu (bench)", "Monthly indicator report (bench)");
            w.WriteString("frequency", "month");
            w.WriteString("cutoff", "decree-09");
            w.WriteNumber("dueDays", 5);
            w.WriteStartArray("indicators");
            foreach (var i in d.Indicators)
            {
                w.WriteStringValue(i.Code);
            }
            w.WriteEndArray();
            w.WriteStartArray("reporters");
            foreach (var r in reporters)
            {
                w.WriteStringValue(r);
            }
            w.WriteEndArray();
            w.WriteEndObject();
        }), ct);
        log.WriteLine($"schedule {code}: {d.Indicators.Count} indicators, {reporters.Count} reporters");
        return reporters.Count;
    }

    public Task<PhaseResult> SubmitAsync(string name, IReadOnlyList<ValueRow> rows, CancellationToken ct) =>
        RunPhaseAsync(name, rows, HttpMethod.Post, "/api/v1/submissions", "values", static (w, v) =>
        {
            w.WriteStartObject();
            w.WriteString("indicator", v.Indicator);
            w.WriteString("orgUnit", v.OrgUnit);
            w.WriteString("period", v.Period);
            w.WriteNumber("value", v.Value);
            w.WriteString("status", v.Status);
            if (v.Note is not null)
            {
                w.WriteString("note", v.Note);
            }
            w.WriteEndObject();
        }, ct);

    public Task<PhaseResult> PutTargetsAsync(IReadOnlyList<TargetRow> rows, CancellationToken ct) =>
        RunPhaseAsync("targets", rows, HttpMethod.Put, "/api/v1/targets", "targets", static (w, t) =>
        {
            w.WriteStartObject();
            w.WriteString("indicator", t.Indicator);
            w.WriteString("orgUnit", t.OrgUnit);
            w.WriteString("period", t.Period);
            w.WriteString("kind", "plan");
            w.WriteNumber("value", t.Value);
            w.WriteString("comparison", t.Comparison);
            w.WriteString("source", t.Source);
            w.WriteEndObject();
        }, ct);

    private async Task<PhaseResult> RunPhaseAsync<T>(
        string name, IReadOnlyList<T> rows, HttpMethod method, string path, string collection, Action<Utf8JsonWriter, T> item, CancellationToken ct)
    {
        var batches = Enumerable.Range(0, (rows.Count + batchSize - 1) / batchSize).ToList();
        long created = 0, updated = 0, unchanged = 0;
        var done = 0;
        var watch = Stopwatch.StartNew();
        await Parallel.ForEachAsync(batches, new ParallelOptions { MaxDegreeOfParallelism = parallel, CancellationToken = ct }, async (b, token) =>
        {
            var from = b * batchSize;
            var to = Math.Min(rows.Count, from + batchSize);
            var body = Json(w =>
            {
                w.WriteStartObject();
                w.WriteStartArray(collection);
                for (var i = from; i < to; i++)
                {
                    item(w, rows[i]);
                }
                w.WriteEndArray();
                w.WriteEndObject();
            });
            using var receipt = await SendAsync(method, path, body, token);
            var r = receipt.RootElement;
            Interlocked.Add(ref created, Count(r, "created"));
            Interlocked.Add(ref updated, Count(r, "updated"));
            Interlocked.Add(ref unchanged, Count(r, "unchanged"));
            var n = Interlocked.Increment(ref done);
            if (n % 50 == 0 || n == batches.Count)
            {
                log.WriteLine($"  {name}: {n}/{batches.Count} batches, {watch.Elapsed.TotalSeconds:F0} s");
            }
        });
        var result = new PhaseResult(name, rows.Count, batches.Count, created, updated, unchanged, watch.Elapsed);
        log.WriteLine(result);
        return result;
    }

    private static long Count(JsonElement receipt, string name) =>
        receipt.ValueKind == JsonValueKind.Object && receipt.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.Number ? v.GetInt64() : 0;

    /// <summary>Sends and returns the parsed answer; anything but 2xx ends the load with the problem document.
    /// 429 and 503 are retried after their Retry-After, in case the server limits its rate.</summary>
    private async Task<JsonDocument> SendAsync(HttpMethod method, string path, byte[] body, CancellationToken ct)
    {
        for (var attempt = 1; ; attempt++)
        {
            using var request = new HttpRequestMessage(method, path) { Content = new ByteArrayContent(body) };
            request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
            using var response = await http.SendAsync(request, ct);
            var text = await response.Content.ReadAsStringAsync(ct);
            if (response.IsSuccessStatusCode)
            {
                return text.Length == 0 ? JsonDocument.Parse("{}") : JsonDocument.Parse(text);
            }
            if (response.StatusCode is HttpStatusCode.TooManyRequests or HttpStatusCode.ServiceUnavailable && attempt < 20)
            {
                var wait = response.Headers.RetryAfter?.Delta ?? TimeSpan.FromSeconds(1);
                log.WriteLine($"  {method} {path}: {(int)response.StatusCode}, retrying in {wait.TotalSeconds:F0} s");
                await Task.Delay(wait, ct);
                continue;
            }
            throw new InvalidOperationException($"{method} {path} answered {(int)response.StatusCode}: {text[..Math.Min(text.Length, 2000)]}");
        }
    }

    private static byte[] Json(Action<Utf8JsonWriter> write)
    {
        var buffer = new ArrayBufferWriter<byte>(64 * 1024);
        using (var w = new Utf8JsonWriter(buffer))
        {
            write(w);
        }
        return buffer.WrittenSpan.ToArray();
    }

    private static void Localized(Utf8JsonWriter w, string name, string vi, string en)
    {
        w.WriteStartObject(name);
        w.WriteString("vi", vi);
        w.WriteString("en", en);
        w.WriteEndObject();
    }

    private static void Number(Utf8JsonWriter w, string name, decimal? value)
    {
        if (value is { } v)
        {
            w.WriteNumber(name, v);
        }
        else
        {
            w.WriteNull(name);
        }
    }
}
