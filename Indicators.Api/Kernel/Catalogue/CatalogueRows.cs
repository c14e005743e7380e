namespace Indicators.Api.Kernel.Catalogue;

/// <summary>A stored indicator (table <c>indicators</c>).</summary>
internal sealed record IndicatorRow
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
}

/// <summary>A stored org unit (table <c>org_units</c>).</summary>
internal sealed record OrgUnitRow
{
    public string Code { get; init; } = "";
    public string NameVi { get; init; } = "";
    public string NameEn { get; init; } = "";
    public string Kind { get; init; } = "";
    public string? ParentCode { get; init; }
    public DateOnly? ValidFrom { get; init; }
    public DateOnly? ValidTo { get; init; }
    public string? SuccessorCode { get; init; }
    public DateTimeOffset UpdatedAt { get; init; }
}

/// <summary>The wire names of org-unit kinds; whether a kind is territorial is <see cref="Domain.VocabularyExtensions.IsTerritorial"/>.</summary>
internal static class OrgUnitKinds
{
    public const string Province = "province";
    public static readonly string[] All = ["province", "district", "city", "department", "board"];

    /// <summary>Districts and the city add up to the province's territorial total (SPEC "Org units").</summary>
    public static bool IsTerritorial(string kind) => Domain.WireNames.TryParse<Domain.OrgUnitKind>(kind, out var k) && Domain.VocabularyExtensions.IsTerritorial(k);
}
