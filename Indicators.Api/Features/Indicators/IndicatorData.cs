using System.Data.Common;
using Dapper;

namespace Indicators.Api.Features.Indicators;

public sealed record IndicatorRow
{
    public string Code { get; init; } = "";
    public string NameVi { get; init; } = "";
    public string NameEn { get; init; } = "";
    public string UnitVi { get; init; } = "";
    public string UnitEn { get; init; } = "";
    public string Measure { get; init; } = "";
    public string Direction { get; init; } = "";
    public int Decimals { get; init; }
    public decimal? MinValue { get; init; }
    public decimal? MaxValue { get; init; }
    public string? Category { get; init; }
    public string? ResponsibleUnit { get; init; }
    public DateTimeOffset UpdatedAt { get; init; }

    public IndicatorResponse ToResponse() => new()
    {
        Code = Code,
        Name = new LocalizedText { Vi = NameVi, En = NameEn },
        Unit = new LocalizedText { Vi = UnitVi, En = UnitEn },
        Measure = Measure,
        Direction = Direction,
        Decimals = Decimals,
        Min = MinValue,
        Max = MaxValue,
        Category = Category,
        ResponsibleUnit = ResponsibleUnit,
        UpdatedAt = UpdatedAt,
    };
}

public static class IndicatorData
{
    public const string Columns = "code, name_vi, name_en, unit_vi, unit_en, measure, direction, decimals, min_value, max_value, category, responsible_unit, updated_at";

    public static Task<IndicatorRow?> FindAsync(DbConnection c, string code, DbTransaction? tx = null) =>
        c.QuerySingleOrDefaultAsync<IndicatorRow>($"SELECT {Columns} FROM indicators WHERE code = @code", new { code }, tx);

    public static async Task<IReadOnlyList<IndicatorRow>> AllAsync(DbConnection c, DbTransaction? tx = null) =>
        (await c.QueryAsync<IndicatorRow>($"SELECT {Columns} FROM indicators ORDER BY code", transaction: tx)).ToList();
}
