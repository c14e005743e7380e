using System.Data.Common;
using FluentValidation.Results;
using Indicators.Api.Infrastructure.Database;

namespace Indicators.Api.Kernel.Catalogue;

/// <summary>Read filters name catalogue codes; a code that is not in the catalogue is a 400 naming it (a typo is never
/// silently answered with an empty list).</summary>
internal static class CatalogueCodes
{
    public static async Task<IReadOnlyList<ValidationFailure>> UnknownAsync(Db db, DbConnection c, string? indicator, string? orgUnit)
    {
        var failures = new List<ValidationFailure>();
        if (!string.IsNullOrEmpty(indicator) && await CatalogueData.IndicatorAsync(db, c, indicator) is null)
        {
            failures.Add(new ValidationFailure("indicator", $"{Domain.Echo.Quote(indicator)} is not an indicator in the catalogue."));
        }
        if (!string.IsNullOrEmpty(orgUnit) && await CatalogueData.OrgUnitAsync(db, c, orgUnit) is null)
        {
            failures.Add(new ValidationFailure("orgUnit", $"{Domain.Echo.Quote(orgUnit)} is not an org unit in the catalogue."));
        }
        return failures;
    }
}
