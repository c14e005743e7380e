using System.Net;
using Dapper;
using Indicators.Api.Domain;
using Indicators.Tests.Infrastructure;

namespace Indicators.Tests.Features.Reports;

/// <summary>Data made for a report test: its own indicators and org units through the catalogue API, and values and targets.</summary>
public static class Given
{
    public static async Task IndicatorAsync(ApiFixture api, string code, string measure, string direction = "increase", int decimals = 1, string? nameVi = null, string? nameEn = null)
    {
        var body = new
        {
            name = new { vi = nameVi ?? $"Chỉ tiêu thử {code}", en = nameEn ?? $"Test indicator {code}" },
            unit = new { vi = "tỷ đồng", en = "billion VND" },
            measure,
            direction,
            decimals,
            category = "test",
            responsibleUnit = "TQ-SKHDT",
        };
        var response = await api.Client("admin").PutJsonAsync($"/api/v1/indicators/{code}", body);
        Assert.True(response.StatusCode is HttpStatusCode.Created or HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
    }

    public static async Task OrgUnitAsync(ApiFixture api, string code, string kind, string? parent, string nameVi, string nameEn, string? validFrom = null, string? validTo = null)
    {
        var response = await api.Client("admin").PutJsonAsync($"/api/v1/org-units/{code}", new { name = new { vi = nameVi, en = nameEn }, kind, parent, validFrom, validTo });
        Assert.True(response.StatusCode is HttpStatusCode.Created or HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
    }

    /// <summary>A province of its own with two districts, so that rollups in one test do not disturb another.</summary>
    public static async Task ProvinceAsync(ApiFixture api, string code)
    {
        await OrgUnitAsync(api, code, "province", null, $"Tỉnh Thử {code}", $"Test Province {code}");
        await OrgUnitAsync(api, code + "-A", "district", code, $"Huyện Thử A {code}", $"Test District A {code}");
        await OrgUnitAsync(api, code + "-B", "district", code, $"Huyện Thử B {code}", $"Test District B {code}");
    }

    /// <summary>Current values, written straight into actual_values until the write path lands.</summary>
    public static async Task ValuesAsync(ApiFixture api, params (string Indicator, string OrgUnit, string Period, decimal Value, string Status)[] values)
    {
        await using var c = await api.OpenAsync();
        foreach (var v in values)
        {
            var p = Period.Parse(v.Period);
            await c.ExecuteAsync("DELETE FROM actual_values WHERE indicator = @Indicator AND org_unit = @OrgUnit AND period = @Period", new { v.Indicator, v.OrgUnit, Period = p.Code });
            await c.ExecuteAsync(
                "INSERT INTO actual_values (indicator, org_unit, period, year, first_month, last_month, value, status, note, revision, written_at, submission_id) " +
                "VALUES (@Indicator, @OrgUnit, @Period, @Year, @FirstMonth, @LastMonth, @Value, @Status, NULL, 1, @Now, 'test')",
                new { v.Indicator, v.OrgUnit, Period = p.Code, p.Year, p.FirstMonth, p.LastMonth, v.Value, v.Status, Now = DateTimeOffset.UtcNow });
        }
    }

    /// <summary>Current targets, written straight into targets until the write path lands.</summary>
    public static async Task TargetsAsync(ApiFixture api, params (string Indicator, string OrgUnit, string Period, string Kind, decimal Value, string Comparison)[] targets)
    {
        await using var c = await api.OpenAsync();
        foreach (var t in targets)
        {
            var p = Period.Parse(t.Period);
            await c.ExecuteAsync("DELETE FROM targets WHERE indicator = @Indicator AND org_unit = @OrgUnit AND period = @Period AND kind = @Kind", new { t.Indicator, t.OrgUnit, Period = p.Code, t.Kind });
            await c.ExecuteAsync(
                "INSERT INTO targets (indicator, org_unit, period, kind, year, first_month, last_month, value, comparison, source, revision, written_at, submission_id) " +
                "VALUES (@Indicator, @OrgUnit, @Period, @Kind, @Year, @FirstMonth, @LastMonth, @Value, @Comparison, NULL, 1, @Now, 'test')",
                new { t.Indicator, t.OrgUnit, Period = p.Code, t.Kind, p.Year, p.FirstMonth, p.LastMonth, t.Value, t.Comparison, Now = DateTimeOffset.UtcNow });
        }
    }
}
