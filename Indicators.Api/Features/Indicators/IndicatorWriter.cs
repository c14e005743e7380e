using Dapper;
using Indicators.Api.Features.OrgUnits;
using Indicators.Api.Infrastructure.Database;
using Indicators.Api.Infrastructure.Http;

namespace Indicators.Api.Features.Indicators;

/// <summary>The one write path for indicators: the endpoint and the seeder use it.</summary>
public sealed class IndicatorWriter(Db db, TimeProvider clock)
{
    private static readonly PutIndicatorValidator Validator = new();

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
                var unit = await OrgUnitData.FindAsync(c, r.ResponsibleUnit, tx);
                if (unit is null || unit.Kind != "department")
                {
                    return new SaveResult(false, new()
                    {
                        ["responsibleUnit"] = [unit is null ? $"There is no org unit {Domain.Echo.Quote(r.ResponsibleUnit)}." : $"{Domain.Echo.Quote(r.ResponsibleUnit)} is a {unit.Kind}; the responsible unit must be a department."],
                    });
                }
            }
            var current = await IndicatorData.FindAsync(c, r.Code, tx);
            var row = new
            {
                r.Code,
                NameVi = r.Name!.Vi.Trim(),
                NameEn = r.Name.En.Trim(),
                UnitVi = r.Unit!.Vi.Trim(),
                UnitEn = r.Unit.En.Trim(),
                r.Measure,
                r.Direction,
                Decimals = r.Decimals!.Value,
                MinValue = r.Min,
                MaxValue = r.Max,
                Category = string.IsNullOrWhiteSpace(r.Category) ? null : r.Category.Trim(),
                r.ResponsibleUnit,
                Now = clock.GetUtcNow(),
            };
            if (current is not null && current == current with
                {
                    NameVi = row.NameVi, NameEn = row.NameEn, UnitVi = row.UnitVi, UnitEn = row.UnitEn, Measure = row.Measure!,
                    Direction = row.Direction!, Decimals = row.Decimals, MinValue = row.MinValue, MaxValue = row.MaxValue,
                    Category = row.Category, ResponsibleUnit = row.ResponsibleUnit,
                })
            {
                return new SaveResult(false, []);
            }
            await c.ExecuteAsync(
                current is not null
                    ? "UPDATE indicators SET name_vi = @NameVi, name_en = @NameEn, unit_vi = @UnitVi, unit_en = @UnitEn, measure = @Measure, direction = @Direction, decimals = @Decimals, min_value = @MinValue, max_value = @MaxValue, category = @Category, responsible_unit = @ResponsibleUnit, updated_at = @Now WHERE code = @Code"
                    : "INSERT INTO indicators (code, name_vi, name_en, unit_vi, unit_en, measure, direction, decimals, min_value, max_value, category, responsible_unit, created_at, updated_at) VALUES (@Code, @NameVi, @NameEn, @UnitVi, @UnitEn, @Measure, @Direction, @Decimals, @MinValue, @MaxValue, @Category, @ResponsibleUnit, @Now, @Now)",
                row, tx);
            await DataVersion.BumpAsync(c, tx);
            await tx.CommitAsync(ct);
            return new SaveResult(current is null, []);
        });
    }
}
