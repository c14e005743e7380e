using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Text;

namespace Indicators.Bench;

/// <summary>
/// Scenario (g) of bench/run, "views under writes": readers of views (c), (d) and (e) while a writer sends one district's
/// monthly report (one value per indicator, 100 values) at a fixed rate, one phase per rate. Prints, per phase, each
/// view's requests/s and latency percentiles, the writes' latency, and the freshness check: every read issued after a
/// write's 201 must show that write (or a later one), on the view's figure that the write changes.
/// </summary>
/// <remarks>
/// <para>The check: the writer's value for the scenario's flow is <c>base + k</c> in batch k, so each view's figure that
/// sums it (the district's row of (c), the province's row of (d), the month's point of (e)) is its value after batch 0
/// plus k. A reader notes the last batch whose 201 had arrived when it sent its request; the figure it receives must
/// be at least that batch's. A read that shows an older batch is stale.</para>
/// <para>The writer sends its batches one after the other on schedule (batch n at start + n / rate); a batch slower than
/// the interval delays the next, and the phase reports how many were sent.</para>
/// </remarks>
public static class ViewsUnderWrites
{
    private const decimal Base = 1000m;

    public static async Task<int> RunAsync(Dictionary<string, string> o)
    {
        var url = Required(o, "url");
        var readerKey = Required(o, "reader-key");
        var adminKey = Required(o, "admin-key");
        var flow = Required(o, "flow");
        var province = o.GetValueOrDefault("province", Codes.Province);
        var district = o.GetValueOrDefault("district", Codes.Child(0));
        var period = o.GetValueOrDefault("period", "2024-M01..M09");
        var month = o.GetValueOrDefault("month", "2024-M05");
        var rates = o.GetValueOrDefault("rates", "1,5").Split(',').Select(r => double.Parse(r, CultureInfo.InvariantCulture)).ToList();
        var duration = Seconds(o.GetValueOrDefault("duration", "15s"));
        var warmup = Seconds(o.GetValueOrDefault("warmup", "5s"));
        var connections = int.Parse(o.GetValueOrDefault("connections", "4"), CultureInfo.InvariantCulture);
        var indicators = int.Parse(o.GetValueOrDefault("indicators", "100"), CultureInfo.InvariantCulture);

        using var http = new HttpClient(new SocketsHttpHandler
        {
            MaxConnectionsPerServer = connections * 3 + 2,
            AutomaticDecompression = DecompressionMethods.None,
            PooledConnectionLifetime = Timeout.InfiniteTimeSpan,
            UseCookies = false,
        })
        {
            BaseAddress = new Uri(url),
            Timeout = TimeSpan.FromSeconds(30),
        };
        var pva = $"/api/v1/plan-vs-actual?period={Uri.EscapeDataString(period)}";
        var views = new[]
        {
            // (c): the district's row, after the province's.
            new View("c", $"{pva}&indicator={flow}&orgUnit={province}&children=true", $"\"orgUnit\":\"{district}\""),
            // (d): the province's row of the flow (rows are ordered by indicator code; the marker finds it wherever it is).
            new View("d", $"{pva}&orgUnit={province}", $"\"indicator\":\"{flow}\""),
            // (e): the month's point.
            new View("e", $"/api/v1/series?indicator={flow}&orgUnit={province}&from=2015-M01&to=2024-M12&periodType=month", $"\"period\":\"{month}\""),
        };
        var writer = new Writer(http, adminKey, flow, district, month, indicators);

        // Batch 0 fixes each figure's value for k = 0.
        var first = await writer.WriteAsync(0, CancellationToken.None);
        if (first.Error is not null)
        {
            Console.Error.WriteLine($"the first batch failed: {first.Error}");
            return 1;
        }
        foreach (var view in views)
        {
            var (status, body) = await GetAsync(http, readerKey, view.Path, CancellationToken.None);
            if (status != 200 || view.Figure(body) is not { } figure)
            {
                Console.Error.WriteLine($"({view.Name}) answered {status} or without its figure: {Encoding.UTF8.GetString(body)[..Math.Min(body.Length, 300)]}");
                return 1;
            }
            view.AtZero = figure;
        }

        var phases = new List<(string Name, double Rate, TimeSpan Duration, bool Report)> { ("warmup", rates[0], warmup, false) };
        phases.AddRange(rates.Select(r => (r.ToString(CultureInfo.InvariantCulture), r, duration, true)));
        var errors = 0;
        foreach (var (name, rate, length, report) in phases)
        {
            if (length <= TimeSpan.Zero)
            {
                continue;
            }
            var result = await PhaseAsync(http, readerKey, writer, views, rate, length, connections);
            errors += result.Errors;
            if (!report)
            {
                continue;
            }
            foreach (var (view, samples, stale, failed) in result.Reads)
            {
                Console.WriteLine(Line($"rate={name} view={view}", samples, result.Seconds) + $" stale={stale} not_ok={failed}");
            }
            Console.WriteLine(Line($"rate={name} view=write", result.Writes, result.Seconds) + $" stale=0 not_ok={result.WriteErrors}");
        }
        return errors > 0 ? 1 : 0;
    }

    private static async Task<PhaseResult> PhaseAsync(HttpClient http, string readerKey, Writer writer, View[] views, double rate, TimeSpan length, int connections)
    {
        using var stop = new CancellationTokenSource(length);
        var watch = Stopwatch.StartNew();
        var readers = views.SelectMany(view => Enumerable.Range(0, connections).Select(_ => ReadLoopAsync(http, readerKey, view, writer, stop.Token))).ToList();
        var writes = new List<double>();
        var writeErrors = 0;
        var interval = TimeSpan.FromSeconds(1 / rate);
        for (var n = 0; !stop.IsCancellationRequested; n++)
        {
            var due = interval * n;
            if (watch.Elapsed < due)
            {
                try
                {
                    await Task.Delay(due - watch.Elapsed, stop.Token);
                }
                catch (OperationCanceledException)
                {
                    break;
                }
            }
            var written = await writer.WriteAsync(writer.Next, CancellationToken.None);
            writes.Add(written.Milliseconds);
            if (written.Error is not null)
            {
                writeErrors++;
                Console.Error.WriteLine($"a batch failed: {written.Error}");
            }
        }
        var reads = await Task.WhenAll(readers);
        var seconds = watch.Elapsed.TotalSeconds;
        var byView = views.Select(v =>
        {
            var mine = reads.Where(r => r.View == v.Name).ToList();
            return (v.Name, mine.SelectMany(r => r.Milliseconds).ToList(), mine.Sum(r => r.Stale), mine.Sum(r => r.Failed));
        }).ToList();
        return new PhaseResult(seconds, byView, writes, writeErrors, writeErrors + byView.Sum(v => v.Item4));
    }

    private static async Task<ReadResult> ReadLoopAsync(HttpClient http, string key, View view, Writer writer, CancellationToken stop)
    {
        var samples = new List<double>(1 << 16);
        int stale = 0, failed = 0;
        await Task.Yield();
        while (!stop.IsCancellationRequested)
        {
            // The last batch whose 201 had arrived before this request was sent: the answer must show it.
            var acknowledged = writer.Acknowledged;
            var start = Stopwatch.GetTimestamp();
            int status;
            byte[] body;
            try
            {
                (status, body) = await GetAsync(http, key, view.Path, CancellationToken.None);
            }
            catch (HttpRequestException)
            {
                failed++;
                continue;
            }
            samples.Add(Stopwatch.GetElapsedTime(start).TotalMilliseconds);
            if (status != 200)
            {
                failed++;
                continue;
            }
            if (view.Figure(body) is not { } figure || figure - view.AtZero < acknowledged)
            {
                stale++;
                if (stale <= 3)
                {
                    Console.Error.WriteLine($"stale ({view.Name}): batch {acknowledged} was acknowledged before the request, the answer shows {(view.Figure(body) is { } f ? (f - view.AtZero).ToString(CultureInfo.InvariantCulture) : "no figure")}");
                }
            }
        }
        return new ReadResult(view.Name, samples, stale, failed);
    }

    private static async Task<(int Status, byte[] Body)> GetAsync(HttpClient http, string key, string path, CancellationToken ct)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        request.Headers.Add("X-Api-Key", key);
        request.Headers.Add("Accept", "application/json");
        using var response = await http.SendAsync(request, ct);
        return ((int)response.StatusCode, await response.Content.ReadAsByteArrayAsync(ct));
    }

    private static string Line(string prefix, List<double> ms, double seconds)
    {
        ms.Sort();
        double P(double q) => ms.Count == 0 ? 0 : ms[Math.Min(ms.Count - 1, (int)Math.Ceiling(q * ms.Count) - 1)];
        return string.Create(CultureInfo.InvariantCulture,
            $"RESULT_G {prefix} requests={ms.Count} seconds={seconds:F3} rps={ms.Count / seconds:F1} p50_ms={P(0.50):F3} p99_ms={P(0.99):F3} max_ms={(ms.Count == 0 ? 0 : ms[^1]):F3}");
    }

    private static TimeSpan Seconds(string text) =>
        TimeSpan.FromSeconds(double.Parse(text.TrimEnd('s'), CultureInfo.InvariantCulture));

    private static string Required(Dictionary<string, string> o, string name) =>
        o.TryGetValue(name, out var v) && v.Length > 0 ? v : throw new ArgumentException($"--{name} is required.");

    private sealed record ReadResult(string View, List<double> Milliseconds, int Stale, int Failed);

    private sealed record PhaseResult(double Seconds, List<(string View, List<double> Ms, int Stale, int Failed)> Reads, List<double> Writes, int WriteErrors, int Errors);

    /// <summary>A view and where its figure is: the first <c>"actual":</c> after the marker.</summary>
    private sealed class View(string name, string path, string marker)
    {
        private readonly byte[] marker = Encoding.UTF8.GetBytes(marker);

        public string Name { get; } = name;

        public string Path { get; } = path;

        public decimal AtZero { get; set; }

        public decimal? Figure(byte[] body)
        {
            var span = body.AsSpan();
            var at = span.IndexOf(marker);
            if (at < 0)
            {
                return null;
            }
            var rest = span[at..];
            var actual = rest.IndexOf("\"actual\":"u8);
            if (actual < 0)
            {
                return null;
            }
            var number = rest[(actual + 9)..];
            var end = number.IndexOfAny(",}"u8);
            return decimal.TryParse(Encoding.ASCII.GetString(number[..end]), NumberStyles.Float, CultureInfo.InvariantCulture, out var value) ? value : null;
        }
    }

    /// <summary>One district's monthly report: the flow's value is <c>Base + k</c> in batch k; every other indicator's
    /// changes with k too (whole numbers 1..90, valid for every indicator of the dataset), so each batch writes 100 revisions.</summary>
    private sealed class Writer(HttpClient http, string key, string flow, string district, string month, int indicators)
    {
        private long acknowledged = -1;

        public int Next { get; private set; }

        /// <summary>The last batch answered 201.</summary>
        public long Acknowledged => Interlocked.Read(ref acknowledged);

        public async Task<(double Milliseconds, string? Error)> WriteAsync(int k, CancellationToken ct)
        {
            Next = k + 1;
            var body = new StringBuilder("{\"values\":[");
            for (var i = 0; i < indicators; i++)
            {
                var code = Codes.Indicator(i);
                var value = code == flow ? Base + k : 1 + (k + i) % 90;
                body.Append(CultureInfo.InvariantCulture, $"{(i > 0 ? "," : "")}{{\"indicator\":\"{code}\",\"orgUnit\":\"{district}\",\"period\":\"{month}\",\"value\":{value},\"status\":\"preliminary\"}}");
            }
            body.Append("]}");
            using var request = new HttpRequestMessage(HttpMethod.Post, "/api/v1/submissions")
            {
                Content = new StringContent(body.ToString(), Encoding.UTF8, "application/json"),
            };
            request.Headers.Add("X-Api-Key", key);
            var start = Stopwatch.GetTimestamp();
            using var response = await http.SendAsync(request, ct);
            var text = await response.Content.ReadAsStringAsync(ct);
            var ms = Stopwatch.GetElapsedTime(start).TotalMilliseconds;
            if (response.StatusCode != HttpStatusCode.Created)
            {
                return (ms, $"{(int)response.StatusCode} {text[..Math.Min(text.Length, 300)]}");
            }
            // Only now may a reader expect to see it.
            Interlocked.Exchange(ref acknowledged, k);
            return (ms, null);
        }
    }
}
