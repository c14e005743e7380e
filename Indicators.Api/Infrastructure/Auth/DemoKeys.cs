namespace Indicators.Api.Infrastructure.Auth;

/// <summary>
/// Well-known keys so a newcomer can try every endpoint from the Swagger UI at once. Created only in the
/// Development environment (see Startup), never in Production. Listed in the README.
/// </summary>
internal static class DemoKeys
{
    public static readonly (string Key, string OrgUnit, string Role, string Name)[] All =
    [
        ("ik_demoadmin.development-only", "TQ", Roles.Admin, "demo admin (TQ)"),
        ("ik_demoreader.development-only", "TQ", Roles.Reader, "demo reader (TQ)"),
        ("ik_demosd.development-only", "TQ-SD", Roles.Submitter, "demo submitter (Sơn Dương)"),
        ("ik_demosct.development-only", "TQ-SCT", Roles.Submitter, "demo submitter (Industry and Trade)"),
    ];

    public static async Task EnsureAsync(ApiKeyStore store, ILogger logger)
    {
        foreach (var (key, orgUnit, role, name) in All)
        {
            ApiKeyStore.TryGetId(key, out var id);
            if (await store.ExistsAsync(id))
            {
                continue;
            }
            try
            {
                await store.CreateAsync(orgUnit, role, name, key);
                logger.LogWarning("Development demo key created: {Name} ({Role} of {OrgUnit}). Never use demo keys in production.", name, role, orgUnit);
            }
            catch (ArgumentException ex)
            {
                logger.LogWarning("Demo key {Name} not created: {Reason}", name, ex.Message);
            }
        }
    }
}
