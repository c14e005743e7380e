using Indicators.Api.Kernel;
using Indicators.Api.Kernel.Catalogue;

namespace Indicators.Api.Features.Indicators;

/// <summary>A socio-economic indicator.</summary>
internal sealed class IndicatorResponse
{
    /// <example>INDUSTRIAL_OUTPUT</example>
    public string Code { get; set; } = "";

    public LocalizedText Name { get; set; } = new();

    public LocalizedText Unit { get; set; } = new();

    /// <summary>flow (sums over time), stock (level at the end of a period) or rate (never summed).</summary>
    /// <example>flow</example>
    public string Measure { get; set; } = "";

    /// <summary>increase (higher is better) or decrease.</summary>
    /// <example>increase</example>
    public string Direction { get; set; } = "";

    /// <summary>Decimal places accepted and returned, 0 to 4.</summary>
    /// <example>1</example>
    public int Decimals { get; set; }

    /// <summary>Smallest value accepted, if any.</summary>
    /// <example>0</example>
    public decimal? Min { get; set; }

    /// <summary>Largest value accepted, if any.</summary>
    public decimal? Max { get; set; }

    /// <example>economy</example>
    public string? Category { get; set; }

    /// <summary>The department that reports the province-level figure.</summary>
    /// <example>TQ-SCT</example>
    public string? ResponsibleUnit { get; set; }

    public DateTimeOffset UpdatedAt { get; set; }
}

internal static class IndicatorResponses
{
    public static IndicatorResponse ToResponse(this IndicatorRow row) => new()
    {
        Code = row.Code,
        Name = new LocalizedText { Vi = row.NameVi, En = row.NameEn },
        Unit = new LocalizedText { Vi = row.UnitVi, En = row.UnitEn },
        Measure = row.Measure,
        Direction = row.Direction,
        Decimals = row.Decimals,
        Min = row.MinValue,
        Max = row.MaxValue,
        Category = row.Category,
        ResponsibleUnit = row.ResponsibleUnit,
        UpdatedAt = row.UpdatedAt,
    };
}
