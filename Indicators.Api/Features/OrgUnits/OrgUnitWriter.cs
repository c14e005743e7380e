using Dapper;
using Indicators.Api.Infrastructure.Database;

namespace Indicators.Api.Features.OrgUnits;

public sealed record SaveResult(bool Created, Dictionary<string, string[]> Errors);

/// <summary>The one write path for org units: the endpoint, the seeder and the command line all use it.</summary>
public sealed class OrgUnitWriter(Db db, TimeProvider clock)
{
    private static readonly PutOrgUnitValidator Validator = new();

    public async Task<SaveResult> ValidateAndSaveAsync(PutOrgUnitRequest r, CancellationToken ct)
    {
        var errors = Validator.Validate(r).Errors
            .GroupBy(e => Infrastructure.Http.Problems.JsonPath(e.PropertyName))
            .ToDictionary(g => g.Key, g => g.Select(e => e.ErrorMessage).ToArray());
        if (errors.Count > 0)
        {
            return new SaveResult(false, errors);
        }
        return await DbErrors.RetryAsync(async () =>
        {
            await using var c = await db.OpenAsync(ct);
            await using var tx = await c.BeginTransactionAsync(ct);
            var units = (await OrgUnitData.AllAsync(c, tx)).ToDictionary(u => u.Code);
            var dbErrors = new Dictionary<string, string[]>();
            if (r.Parent is not null)
            {
                if (!units.TryGetValue(r.Parent, out var parent))
                {
                    dbErrors["parent"] = [$"There is no org unit {Domain.Echo.Quote(r.Parent)}."];
                }
                else
                {
                    if (OrgUnitKinds.IsTerritorial(r.Kind!) && parent.Kind != OrgUnitKinds.Province)
                    {
                        dbErrors["parent"] = [$"A {r.Kind} must belong to a province; {Domain.Echo.Quote(r.Parent)} is a {parent.Kind}."];
                    }
                    // Walk up from the new parent: meeting this unit again would close a cycle.
                    var seen = new HashSet<string>();
                    for (var at = parent; at is not null && seen.Add(at.Code); at = at.ParentCode is null ? null : units.GetValueOrDefault(at.ParentCode))
                    {
                        if (at.Code == r.Code)
                        {
                            dbErrors["parent"] = [$"{Domain.Echo.Quote(r.Parent)} is below {Domain.Echo.Quote(r.Code)}: making it the parent would close a cycle."];
                            break;
                        }
                    }
                }
            }
            if (r.Successor is not null && !units.ContainsKey(r.Successor))
            {
                dbErrors["successor"] = [$"There is no org unit {Domain.Echo.Quote(r.Successor)}."];
            }
            if (dbErrors.Count > 0)
            {
                return new SaveResult(false, dbErrors);
            }
            var exists = units.TryGetValue(r.Code, out var current);
            var row = new
            {
                r.Code,
                NameVi = r.Name!.Vi.Trim(),
                NameEn = r.Name.En.Trim(),
                r.Kind,
                r.Parent,
                r.ValidFrom,
                r.ValidTo,
                r.Successor,
                Now = clock.GetUtcNow(),
            };
            if (current is not null && current == current with
                {
                    NameVi = row.NameVi, NameEn = row.NameEn, Kind = row.Kind!, ParentCode = row.Parent,
                    ValidFrom = row.ValidFrom, ValidTo = row.ValidTo, SuccessorCode = row.Successor,
                })
            {
                return new SaveResult(false, []);
            }
            await c.ExecuteAsync(
                exists
                    ? "UPDATE org_units SET name_vi = @NameVi, name_en = @NameEn, kind = @Kind, parent_code = @Parent, valid_from = @ValidFrom, valid_to = @ValidTo, successor_code = @Successor, updated_at = @Now WHERE code = @Code"
                    : "INSERT INTO org_units (code, name_vi, name_en, kind, parent_code, valid_from, valid_to, successor_code, created_at, updated_at) VALUES (@Code, @NameVi, @NameEn, @Kind, @Parent, @ValidFrom, @ValidTo, @Successor, @Now, @Now)",
                row, tx);
            await DataVersion.BumpAsync(c, tx);
            await tx.CommitAsync(ct);
            return new SaveResult(!exists, []);
        });
    }
}
