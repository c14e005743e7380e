using Indicators.Api.Kernel;
using Indicators.Api.Kernel.Catalogue;

namespace Indicators.Api.Features.OrgUnits;

/// <summary>An org unit: the province, a district or the city, a department or a board.</summary>
internal sealed class OrgUnitResponse
{
    /// <example>TQ-SD</example>
    public string Code { get; set; } = "";

    public LocalizedText Name { get; set; } = new();

    /// <summary>province, district, city, department or board.</summary>
    /// <example>district</example>
    public string Kind { get; set; } = "";

    /// <summary>The parent's code; null only for a province.</summary>
    /// <example>TQ</example>
    public string? Parent { get; set; }

    /// <summary>First day the unit exists (null: always has).</summary>
    public DateOnly? ValidFrom { get; set; }

    /// <summary>Last day the unit exists (null: still does).</summary>
    /// <example>2025-06-30</example>
    public DateOnly? ValidTo { get; set; }

    /// <summary>The unit that took over after validTo.</summary>
    public string? Successor { get; set; }

    public DateTimeOffset UpdatedAt { get; set; }
}

internal static class OrgUnitResponses
{
    public static OrgUnitResponse ToResponse(this OrgUnitRow row) => new()
    {
        Code = row.Code,
        Name = new LocalizedText { Vi = row.NameVi, En = row.NameEn },
        Kind = row.Kind,
        Parent = row.ParentCode,
        ValidFrom = row.ValidFrom,
        ValidTo = row.ValidTo,
        Successor = row.SuccessorCode,
        UpdatedAt = row.UpdatedAt,
    };
}
