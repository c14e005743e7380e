using FastEndpoints;
using Indicators.Api.Kernel.Locks;

namespace Indicators.Api.Features.Locks;

/// <summary>A locked period: writes of actual values inside it are refused (409) except by an admin.</summary>
internal sealed class LockResponse
{
    /// <summary>The canonical period code.</summary>
    /// <example>2020-S1</example>
    public string Period { get; set; } = "";

    /// <summary>The org unit the lock is for; null when it locks the period for every unit.</summary>
    /// <example>TQ-SD</example>
    public string? OrgUnit { get; set; }

    public DateTimeOffset LockedAt { get; set; }

    /// <summary>The name of the admin key that locked it.</summary>
    /// <example>ops</example>
    public string LockedBy { get; set; } = "";
}

/// <summary>A lock: the period from the route, optionally one org unit.</summary>
internal sealed class LockRequest
{
    /// <summary>A period code: 2020, 2020-S1, 2020-Q2, 2020-M06, 2020-M01..M09 (canonicalised).</summary>
    /// <example>2020-S1</example>
    public string Period { get; set; } = "";

    /// <summary>Lock only this org unit's values; absent: every unit's.</summary>
    [QueryParam]
    public string? OrgUnit { get; set; }
}

internal static class LockResponses
{
    public static LockResponse ToResponse(this LockRow row) => new()
    {
        Period = row.Period,
        OrgUnit = row.OrgUnit.Length == 0 ? null : row.OrgUnit,
        LockedAt = row.LockedAt,
        LockedBy = row.LockedBy,
    };
}
