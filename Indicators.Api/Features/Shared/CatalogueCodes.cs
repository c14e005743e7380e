using System.Data.Common;
using Dapper;
using FluentValidation.Results;

namespace Indicators.Api.Features;

/// <summary>Read filters name catalogue codes; a code that is not in the catalogue is a 400 naming it (a typo is never
/// silently answered with an empty list).</summary>
public static class CatalogueCodes
{
    public static async Task<IReadOnlyList<ValidationFailure>> UnknownAsync(DbConnection c, string? indicator, string? orgUnit)
    {
        var failures = new List<ValidationFailure>();
        if (!string.IsNullOrEmpty(indicator)
            && await c.ExecuteScalarAsync<int>("SELECT COUNT(*) FROM indicators WHERE code = @indicator", new { indicator }) == 0)
        {
            failures.Add(new ValidationFailure("indicator", $"{Domain.Echo.Quote(indicator)} is not an indicator in the catalogue."));
        }
        if (!string.IsNullOrEmpty(orgUnit)
            && await c.ExecuteScalarAsync<int>("SELECT COUNT(*) FROM org_units WHERE code = @orgUnit", new { orgUnit }) == 0)
        {
            failures.Add(new ValidationFailure("orgUnit", $"{Domain.Echo.Quote(orgUnit)} is not an org unit in the catalogue."));
        }
        return failures;
    }

}
