namespace Indicators.Api.Kernel.Catalogue;

/// <summary>What saving a catalogue entry did: created it (or updated or left it), or the errors keyed by request field
/// (then nothing was written).</summary>
internal sealed record SaveResult(bool Created, Dictionary<string, string[]> Errors);
