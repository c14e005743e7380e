using Dapper;
using Indicators.Api.Infrastructure;
using Indicators.Api.Infrastructure.Database;
using Indicators.Api.Kernel.Catalogue;

namespace Indicators.Api.Features.OrgUnits.Put;

/// <summary>The columns of Insert.sql and Update.sql.</summary>
internal sealed record OrgUnitWrite(
    string Code, string NameVi, string NameEn, string Kind, string? Parent, DateOnly? ValidFrom, DateOnly? ValidTo, string? Successor, DateTimeOffset Now);

/// <summary>The one write path for org units: the endpoint, the seeder and the command line all use it.</summary>
[Singleton]
internal sealed class OrgUnitWriter(Db db, TimeProvider clock)
{
    private static readonly PutOrgUnitValidator Validator = new();
    private static readonly SqlFile<OrgUnitWrite> Insert = new("Features.OrgUnits.Put.Insert");
    private static readonly SqlFile<OrgUnitWrite> Update = new("Features.OrgUnits.Put.Update");

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
            var units = (await CatalogueData.OrgUnitsAsync(db, c, tx)).ToDictionary(u => u.Code, StringComparer.Ordinal);
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
            var row = new OrgUnitWrite(r.Code, r.Name!.Vi.Trim(), r.Name.En.Trim(), r.Kind!, r.Parent, r.ValidFrom, r.ValidTo, r.Successor, clock.GetUtcNow());
            if (current is not null && current == current with
                {
                    NameVi = row.NameVi, NameEn = row.NameEn, Kind = row.Kind, ParentCode = row.Parent,
                    ValidFrom = row.ValidFrom, ValidTo = row.ValidTo, SuccessorCode = row.Successor,
                })
            {
                return new SaveResult(false, []);
            }
            await c.ExecuteAsync(db.Command(exists ? Update : Insert, row, tx));
            await DataVersion.BumpAsync(db, c, tx, DataChange.Catalogue);
            await tx.CommitAsync(ct);
            return new SaveResult(!exists, []);
        });
    }
}
