using System.Net;
using System.Net.Http.Json;

namespace Indicators.Tests.Support;

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

    /// <summary>Values through the write path: one all-or-nothing batch, as admin.</summary>
    public static async Task ValuesAsync(ApiFixture api, params (string Indicator, string OrgUnit, string Period, decimal Value, string Status)[] values)
    {
        var body = new { values = values.Select(v => new { indicator = v.Indicator, orgUnit = v.OrgUnit, period = v.Period, value = v.Value, status = v.Status }) };
        var response = await api.Client("admin").PostAsJsonAsync("/api/v1/submissions", body, TestContext.Current.CancellationToken);
        Assert.True(response.StatusCode == HttpStatusCode.Created, await response.Content.ReadAsStringAsync());
    }

    /// <summary>Targets through the write path: one PUT /api/v1/targets batch.</summary>
    public static async Task TargetsAsync(ApiFixture api, params (string Indicator, string OrgUnit, string Period, string Kind, decimal Value, string Comparison)[] targets)
    {
        var body = new { targets = targets.Select(t => new { indicator = t.Indicator, orgUnit = t.OrgUnit, period = t.Period, kind = t.Kind, value = t.Value, comparison = t.Comparison }) };
        var response = await api.Client("admin").PutJsonAsync("/api/v1/targets", body);
        Assert.True(response.StatusCode == HttpStatusCode.Created, await response.Content.ReadAsStringAsync());
    }
}
