namespace Indicators.Api.Infrastructure.Seeding;

/// <summary>Section <c>Seed</c>: loading seeds/ into an empty database.</summary>
internal sealed class SeedOptions
{
    public const string Section = "Seed";

    /// <summary>Load seeds/ on the first start of an empty database. Null: on for SQLite outside Production, else off.</summary>
    public bool? OnStartup { get; set; }

    /// <summary>The folder holding the seed files; default: seeds/ beside the app.</summary>
    public string? Directory { get; set; }
}
