using System.Globalization;
using Indicators.Api.Infrastructure;
using Indicators.Api.Infrastructure.Cli;
using Indicators.Api.Kernel;

namespace Indicators.Api.Features.OrgUnits.Put;

/// <summary><c>org-units add</c>: creates or updates one org unit through the same write path as the API, so an empty
/// production database can be bootstrapped from the command line (its first province, before any key exists).</summary>
[Singleton]
internal sealed class AddOrgUnitCommand(OrgUnitWriter writer) : ICliCommand
{
    public string Name => "org-units";

    public async Task<int> RunAsync(string[] args, TextWriter output, TextWriter error)
    {
        if (args.Length < 2 || args[1] != "add")
        {
            error.WriteLine("error: use org-units add --code CODE --kind KIND --name-vi NAME --name-en NAME [--parent CODE].");
            return 2;
        }
        var o = Commands.Options(args, 2);
        var request = new PutOrgUnitRequest
        {
            Code = Commands.Required(o, "code"),
            Name = new LocalizedText { Vi = Commands.Required(o, "name-vi"), En = Commands.Required(o, "name-en") },
            Kind = Commands.Required(o, "kind"),
            Parent = o.GetValueOrDefault("parent"),
            ValidFrom = o.TryGetValue("valid-from", out var vf) ? DateOnly.Parse(vf, CultureInfo.InvariantCulture) : null,
            ValidTo = o.TryGetValue("valid-to", out var vt) ? DateOnly.Parse(vt, CultureInfo.InvariantCulture) : null,
        };
        var result = await writer.ValidateAndSaveAsync(request, CancellationToken.None);
        if (result.Errors.Count > 0)
        {
            foreach (var (field, messages) in result.Errors)
            {
                error.WriteLine($"error: {field}: {string.Join(" ", messages)}");
            }
            return 2;
        }
        output.WriteLine($"{(result.Created ? "Created" : "Updated")} org unit {request.Code}.");
        return 0;
    }
}
