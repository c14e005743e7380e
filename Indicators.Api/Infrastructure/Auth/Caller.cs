using System.Security.Claims;

namespace Indicators.Api.Infrastructure.Auth;

/// <summary>Who is calling: the API key's id and name, its org unit and its role.</summary>
internal sealed record Caller(string KeyId, string KeyName, string OrgUnit, string Role)
{
    public const string KeyIdClaim = "key_id";
    public const string OrgUnitClaim = "org_unit";

    public bool IsAdmin => Role == Roles.Admin;

    /// <summary>The caller as the rights see it (<see cref="Domain.Rights"/>); <paramref name="province"/> is the root of
    /// its org unit's tree.</summary>
    public Domain.Principal AsPrincipal(string? province = null) => new(OrgUnit, Roles.Parse(Role), province);

    public static Caller From(ClaimsPrincipal user) => new(
        user.FindFirstValue(KeyIdClaim) ?? throw new InvalidOperationException("The request is not authenticated."),
        user.FindFirstValue(ClaimTypes.Name) ?? "",
        user.FindFirstValue(OrgUnitClaim) ?? "",
        user.FindFirstValue(ClaimTypes.Role) ?? "");
}
