using System.Data.Common;
using Dapper;
using Indicators.Api.Infrastructure.Database;

namespace Indicators.Api.Features.OrgUnits;

/// <summary>A stored org unit row.</summary>
public sealed record OrgUnitRow
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

    public OrgUnitResponse ToResponse() => new()
    {
        Code = Code,
        Name = new LocalizedText { Vi = NameVi, En = NameEn },
        Kind = Kind,
        Parent = ParentCode,
        ValidFrom = ValidFrom,
        ValidTo = ValidTo,
        Successor = SuccessorCode,
        UpdatedAt = UpdatedAt,
    };
}

public static class OrgUnitData
{
    public const string Columns = "code, name_vi, name_en, kind, parent_code, valid_from, valid_to, successor_code, updated_at";

    public static Task<OrgUnitRow?> FindAsync(DbConnection c, string code, DbTransaction? tx = null) =>
        c.QuerySingleOrDefaultAsync<OrgUnitRow>($"SELECT {Columns} FROM org_units WHERE code = @code", new { code }, tx);

    public static async Task<IReadOnlyList<OrgUnitRow>> AllAsync(DbConnection c, DbTransaction? tx = null) =>
        (await c.QueryAsync<OrgUnitRow>($"SELECT {Columns} FROM org_units ORDER BY code", transaction: tx)).ToList();
}
