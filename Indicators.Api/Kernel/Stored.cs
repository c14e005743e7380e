using Indicators.Api.Domain;

namespace Indicators.Api.Kernel;

/// <summary>Values as the database holds them.</summary>
internal static class Stored
{
    /// <summary>A stored wire name; anything else in the database is a bug, not bad input.</summary>
    public static T Wire<T>(string text) where T : struct, Enum =>
        WireNames.TryParse<T>(text, out var value)
            ? value
            : throw new InvalidOperationException($"The database holds '{text}', which is not a {typeof(T).Name}.");
}
