using System.Text.RegularExpressions;

namespace Indicators.Api.Kernel.Sdmx;

/// <summary>Section <c>Sdmx</c>: who the SDMX answers say they come from (SPEC "Exchange formats (SDMX)").</summary>
internal sealed partial class SdmxOptions
{
    public const string Section = "Sdmx";

    /// <summary>The maintenance agency of the dataflows, in <c>STRUCTURE_ID</c> (<c>INDICATORS:INDICATOR_VALUES(1.0)</c>)
    /// and as the SDMX-JSON message's sender: an SDMX id, a letter then letters, digits, '_' or '-'.</summary>
    public string AgencyId { get; set; } = "INDICATORS";

    /// <summary>An SDMX id (IDType without '.', '@' and '$', which the SDMX-JSON sender id or the CSV id would not carry).</summary>
    public static bool IsValidId(string? id) => id is { Length: > 0 and <= 255 } && Id().IsMatch(id);

    [GeneratedRegex("^[A-Za-z][A-Za-z0-9_-]*$")]
    private static partial Regex Id();
}
