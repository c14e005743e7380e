using Dapper;
using Indicators.Api.Infrastructure;
using Indicators.Api.Infrastructure.Database;
using Indicators.Api.Infrastructure.Http;
using Indicators.Api.Kernel.Catalogue;

namespace Indicators.Api.Features.Indicators.Put;

/// <summary>The columns of Insert.sql and Update.sql.</summary>
internal sealed record IndicatorWrite(
    string Code, string NameVi, string NameEn, string UnitVi, string UnitEn, string Measure, string Direction, int Decimals,
    decimal? MinValue, decimal? MaxValue, string? Category, string? ResponsibleUnit, DateTimeOffset Now);

/// <summary>The one write path for indicators: the endpoint and the seeder use it.</summary>
[Singleton]
internal sealed class IndicatorWriter(Db db, TimeProvider clock)
{
    private static readonly PutIndicatorValidator Validator = new();
    private static readonly SqlFile<IndicatorWrite> Insert = new("Features.Indicators.Put.Insert");
    private static readonly SqlFile<IndicatorWrite> Update = new("Features.Indicators.Put.Update");

    public async Task<SaveResult> ValidateAndSaveAsync(PutIndicatorRequest r, CancellationToken ct)
    {
        var errors = Validator.Validate(r).Errors
            .GroupBy(e => Problems.JsonPath(e.PropertyName))
            .ToDictionary(g => g.Key, g => g.Select(e => e.ErrorMessage).ToArray());
        if (errors.Count > 0)
        {
            return new SaveResult(false, errors);
        }
        return await DbErrors.RetryAsync(async () =>
        {
            await using var c = await db.OpenAsync(ct);
            await using var tx = await c.BeginTransactionAsync(ct);
            if (r.ResponsibleUnit is not null)
            {
                var unit = await CatalogueData.OrgUnitAsync(db, c, r.ResponsibleUnit, tx);
                if (unit is null || unit.Kind != "department")
                {
                    return new SaveResult(false, new()
                    {
                        ["responsibleUnit"] = [unit is null ? $"There is no org unit {Domain.Echo.Quote(r.ResponsibleUnit)}." : $"{Domain.Echo.Quote(r.ResponsibleUnit)} is a {unit.Kind}; the responsible unit must be a department."],
                    });
                }
            }
            var current = await CatalogueData.IndicatorAsync(db, c, r.Code, tx);
            var row = new IndicatorWrite(
                r.Code, r.Name!.Vi.Trim(), r.Name.En.Trim(), r.Unit!.Vi.Trim(), r.Unit.En.Trim(), r.Measure!, r.Direction!, r.Decimals!.Value,
                r.Min, r.Max, string.IsNullOrWhiteSpace(r.Category) ? null : r.Category.Trim(), r.ResponsibleUnit, clock.GetUtcNow());
            if (current is not null && current == current with
                {
                    NameVi = row.NameVi, NameEn = row.NameEn, UnitVi = row.UnitVi, UnitEn = row.UnitEn, Measure = row.Measure,
                    Direction = row.Direction, Decimals = row.Decimals, MinValue = row.MinValue, MaxValue = row.MaxValue,
                    Category = row.Category, ResponsibleUnit = row.ResponsibleUnit,
                })
            {
                return new SaveResult(false, []);
            }
            await c.ExecuteAsync(db.Command(current is not null ? Update : Insert, row, tx));
            await DataVersion.BumpAsync(db, c, tx, DataChange.Catalogue);
            await tx.CommitAsync(ct);
            return new SaveResult(current is null, []);
        });
    }
}
