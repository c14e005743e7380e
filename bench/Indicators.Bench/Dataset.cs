namespace Indicators.Bench;

/// <summary>The org-unit and indicator codes of the synthetic province; wrk's Lua scripts rely on the same scheme.</summary>
public static class Codes
{
    public const string Province = "BENCH";

    /// <summary>Territorial child <paramref name="i"/> (0-based): BENCH-D001 … BENCH-D100; the first is the city.</summary>
    public static string Child(int i) => $"BENCH-D{i + 1:D3}";

    public static string Department(int j) => $"BENCH-S{j + 1:D2}";

    public static string Indicator(int k) => $"BI{k + 1:D3}";

    public static string Month(int year, int month) => $"{year:D4}-M{month:D2}";
}

public sealed record UnitSpec(string Code, string Kind, string? Parent, string NameVi, string NameEn);

public sealed record IndicatorSpec(
    string Code, string NameVi, string NameEn, string UnitVi, string UnitEn, string Measure, string Direction,
    int Decimals, decimal? Min, decimal? Max, string Category, string? ResponsibleUnit);

public sealed record ValueRow(string Indicator, string OrgUnit, string Period, decimal Value, string Status, string? Note);

public sealed record TargetRow(string Indicator, string OrgUnit, string Period, decimal Value, string Comparison, string Source);

/// <summary>
/// A province with territorial children and departments, indicators of every measure, monthly values for every
/// (indicator, child) pair over ten years plus the province-level figures of department-reported indicators, a share
/// revised once, and annual plans for the province and every child.
/// </summary>
/// <remarks>
/// Deterministic: one <see cref="Random"/> seeded with <c>seed</c> (the seeded constructor keeps its legacy
/// algorithm across .NET versions) drawn in a fixed order, so the same seed gives the same data byte for byte.
/// All arithmetic is decimal, like the service's.
/// </remarks>
public sealed class Dataset
{
    public const int FirstYear = 2015;

    private static readonly decimal[] Season = [0.80m, 0.75m, 0.95m, 1.00m, 1.02m, 1.05m, 1.00m, 1.03m, 1.05m, 1.08m, 1.10m, 1.17m];

    private static readonly (string Vi, string En)[] DepartmentNames =
    [
        ("Sở Kế hoạch và Đầu tư", "Department of Planning and Investment"),
        ("Sở Công Thương", "Department of Industry and Trade"),
        ("Sở Tài chính", "Department of Finance"),
        ("Cục Thống kê", "Statistics Office"),
        ("Sở Nông nghiệp và Phát triển nông thôn", "Department of Agriculture and Rural Development"),
        ("Sở Văn hóa, Thể thao và Du lịch", "Department of Culture, Sports and Tourism"),
        ("Sở Giáo dục và Đào tạo", "Department of Education and Training"),
        ("Sở Y tế", "Department of Health"),
        ("Sở Lao động - Thương binh và Xã hội", "Department of Labour, Invalids and Social Affairs"),
        ("Sở Xây dựng", "Department of Construction"),
        ("Sở Giao thông vận tải", "Department of Transport"),
        ("Sở Tài nguyên và Môi trường", "Department of Natural Resources and Environment"),
        ("Sở Khoa học và Công nghệ", "Department of Science and Technology"),
        ("Sở Thông tin và Truyền thông", "Department of Information and Communications"),
        ("Sở Tư pháp", "Department of Justice"),
        ("Sở Nội vụ", "Department of Home Affairs"),
        ("Cục Thuế", "Tax Department"),
        ("Cục Hải quan", "Customs Department"),
        ("Ban Quản lý các khu công nghiệp", "Industrial Zones Authority"),
        ("Ngân hàng Nhà nước chi nhánh tỉnh", "State Bank provincial branch"),
    ];

    private static readonly string[] Categories = ["economy", "trade", "budget", "society", "environment"];

    private Dataset(int seed, int years) => (Seed, Years) = (seed, years);

    public int Seed { get; }

    public int Years { get; }

    public int LastYear => FirstYear + Years - 1;

    public List<UnitSpec> Units { get; } = [];

    public List<IndicatorSpec> Indicators { get; } = [];

    /// <summary>The first revision of every value, ordered by indicator, org unit, period.</summary>
    public List<ValueRow> Values { get; } = [];

    /// <summary>A second revision (different value, same or stronger status) of a share of <see cref="Values"/>.</summary>
    public List<ValueRow> Revisions { get; } = [];

    /// <summary>Annual plans for the province and every child.</summary>
    public List<TargetRow> Targets { get; } = [];

    /// <summary>The first 16 hex digits of a SHA-256 over every row: equal fingerprints, equal data.</summary>
    public string Fingerprint()
    {
        using var hash = System.Security.Cryptography.IncrementalHash.CreateHash(System.Security.Cryptography.HashAlgorithmName.SHA256);
        void Add(string line) => hash.AppendData(System.Text.Encoding.UTF8.GetBytes(line + "\n"));
        foreach (var u in Units)
        {
            Add(u.ToString());
        }
        foreach (var i in Indicators)
        {
            Add(i.ToString());
        }
        foreach (var v in Values.Concat(Revisions))
        {
            Add(string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{v.Indicator}|{v.OrgUnit}|{v.Period}|{v.Value}|{v.Status}|{v.Note}"));
        }
        foreach (var t in Targets)
        {
            Add(string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{t.Indicator}|{t.OrgUnit}|{t.Period}|{t.Value}|{t.Comparison}|{t.Source}"));
        }
        return Convert.ToHexStringLower(hash.GetHashAndReset())[..16];
    }

    public static Dataset Generate(int seed, int children = 100, int departments = 20, int indicators = 100, int years = 10, int revisedPercent = 10)
    {
        var d = new Dataset(seed, years);
        var rng = new Random(seed);
        d.Units.Add(new UnitSpec(Codes.Province, "province", null, "Tỉnh Bench", "Bench Province"));
        for (var j = 0; j < departments; j++)
        {
            var (vi, en) = DepartmentNames[j % DepartmentNames.Length];
            d.Units.Add(new UnitSpec(Codes.Department(j), "department", Codes.Province, vi, en));
        }
        for (var i = 0; i < children; i++)
        {
            d.Units.Add(i == 0
                ? new UnitSpec(Codes.Child(i), "city", Codes.Province, "Thành phố Bench", "Bench City")
                : new UnitSpec(Codes.Child(i), "district", Codes.Province, $"Huyện Bench {i + 1:D3}", $"Bench District {i + 1:D3}"));
        }
        for (var k = 0; k < indicators; k++)
        {
            d.Indicators.Add(NewIndicator(rng, k, departments));
        }
        var months = years * 12;
        var childValues = new decimal[children, months];
        foreach (var indicator in d.Indicators)
        {
            d.GenerateIndicator(rng, indicator, children, months, childValues, revisedPercent);
        }
        return d;
    }

    private static IndicatorSpec NewIndicator(Random rng, int k, int departments)
    {
        var code = Codes.Indicator(k);
        var n = k + 1;
        var kind = rng.Next(10);
        var direction = rng.Next(100) < 15 ? "decrease" : "increase";
        var category = Categories[rng.Next(Categories.Length)];
        var responsible = rng.Next(100) < 40 ? Codes.Department(rng.Next(departments)) : null;
        return kind switch
        {
            < 5 => new IndicatorSpec(code, $"Giá trị sản xuất nhóm {n}", $"Production value, group {n}", "tỷ đồng", "billion VND",
                "flow", direction, rng.Next(3), 0m, null, category, responsible),
            < 8 => new IndicatorSpec(code, $"Số cơ sở đang hoạt động nhóm {n}", $"Establishments operating, group {n}", "cơ sở", "establishments",
                "stock", direction, 0, 0m, null, category, responsible),
            _ => new IndicatorSpec(code, $"Tỷ lệ hoàn thành nhóm {n}", $"Completion rate, group {n}", "%", "%",
                "rate", direction, 1 + rng.Next(2), 0m, 100m, category, responsible),
        };
    }

    private void GenerateIndicator(Random rng, IndicatorSpec indicator, int children, int months, decimal[,] childValues, int revisedPercent)
    {
        var measure = indicator.Measure;
        // A per-child level and monthly growth; flows follow the seasons, stocks drift, rates wander around a centre.
        var baseLevel = measure switch
        {
            "flow" => 5m + rng.Next(0, 49_500) / 100m,
            "stock" => 20m + rng.Next(0, 1_980),
            _ => 20m + rng.Next(0, 7_000) / 100m,
        };
        for (var c = 0; c < children; c++)
        {
            var weight = 0.3m + rng.Next(0, 2_701) / 1000m;
            var level = measure == "rate" ? Math.Clamp(baseLevel + rng.Next(-1_000, 1_001) / 100m, 1m, 99m) : baseLevel * weight;
            var growth = 1m + rng.Next(-5, 21) / 10_000m;
            var factor = 1m;
            for (var m = 0; m < months; m++)
            {
                factor *= growth;
                var raw = measure switch
                {
                    "flow" => level * factor * Season[m % 12] * (1m + rng.Next(-500, 501) / 10_000m),
                    "stock" => level * factor * (1m + rng.Next(-50, 51) / 10_000m),
                    _ => level + rng.Next(-300, 301) / 100m,
                };
                var value = Clamp(indicator, Round(raw, indicator.Decimals));
                childValues[c, m] = value;
                Add(rng, indicator, Codes.Child(c), m, value, revisedPercent);
            }
        }
        if (indicator.ResponsibleUnit is not null)
        {
            // The department's province-level figure: close to the children's sum (or mean, for a rate), not equal.
            for (var m = 0; m < months; m++)
            {
                var sum = 0m;
                for (var c = 0; c < children; c++)
                {
                    sum += childValues[c, m];
                }
                var raw = measure == "rate" ? sum / children : sum * (1m + rng.Next(-100, 101) / 10_000m);
                Add(rng, indicator, Codes.Province, m, Clamp(indicator, Round(raw, indicator.Decimals)), revisedPercent);
            }
        }
        var comparison = indicator.Direction == "decrease" ? "atMost" : "atLeast";
        for (var y = 0; y < Years; y++)
        {
            var year = FirstYear + y;
            var provinceTotal = 0m;
            for (var c = 0; c < children; c++)
            {
                decimal raw;
                if (measure == "flow")
                {
                    var sum = 0m;
                    for (var m = 0; m < 12; m++)
                    {
                        sum += childValues[c, y * 12 + m];
                    }
                    raw = sum * (1m + rng.Next(-300, 1_001) / 10_000m);
                }
                else if (measure == "stock")
                {
                    raw = childValues[c, y * 12 + 11] * (1m + rng.Next(-200, 501) / 10_000m);
                }
                else
                {
                    var sum = 0m;
                    for (var m = 0; m < 12; m++)
                    {
                        sum += childValues[c, y * 12 + m];
                    }
                    raw = sum / 12m + rng.Next(-300, 301) / 100m;
                }
                var target = Clamp(indicator, Round(raw, indicator.Decimals));
                provinceTotal += target;
                Targets.Add(new TargetRow(indicator.Code, Codes.Child(c), year.ToString("D4"), target, comparison, $"Kế hoạch năm {year} (bench)"));
            }
            var province = measure == "rate" ? Round(provinceTotal / children, indicator.Decimals) : provinceTotal;
            Targets.Add(new TargetRow(indicator.Code, Codes.Province, year.ToString("D4"), province, comparison,
                $"Kế hoạch phát triển KT-XH năm {year} (bench)"));
        }
    }

    private void Add(Random rng, IndicatorSpec indicator, string orgUnit, int monthIndex, decimal value, int revisedPercent)
    {
        var year = FirstYear + monthIndex / 12;
        var month = monthIndex % 12 + 1;
        var period = Codes.Month(year, month);
        // Older years are official; the last two are still preliminary or estimates, as in a real report.
        var status = year <= LastYear - 2 ? "official" : year == LastYear - 1 || month <= 6 ? "preliminary" : "estimate";
        Values.Add(new ValueRow(indicator.Code, orgUnit, period, value, status, null));
        if (rng.Next(100) < revisedPercent)
        {
            var step = Ulp(indicator.Decimals);
            var revised = Clamp(indicator, Round(value * (1m + rng.Next(1, 301) / 10_000m * (rng.Next(2) == 0 ? -1 : 1)), indicator.Decimals));
            if (revised == value)
            {
                revised = indicator.Max is { } max && value + step > max ? value - step : value + step;
            }
            var stronger = status switch { "estimate" => "preliminary", _ => "official" };
            Revisions.Add(new ValueRow(indicator.Code, orgUnit, period, revised, stronger, "Điều chỉnh theo số liệu chính thức (bench)"));
        }
    }

    private static decimal Ulp(int decimals)
    {
        var step = 1m;
        for (var i = 0; i < decimals; i++)
        {
            step /= 10m;
        }
        return step;
    }

    private static decimal Round(decimal value, int decimals) => decimal.Round(value, decimals, MidpointRounding.AwayFromZero);

    private static decimal Clamp(IndicatorSpec indicator, decimal value) =>
        Math.Min(indicator.Max ?? decimal.MaxValue, Math.Max(indicator.Min ?? decimal.MinValue, value));
}
