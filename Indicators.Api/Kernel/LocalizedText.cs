namespace Indicators.Api.Kernel;

/// <summary>A text in Vietnamese and English.</summary>
internal sealed class LocalizedText
{
    /// <summary>Vietnamese, with diacritics.</summary>
    /// <example>Giá trị sản xuất công nghiệp</example>
    public string Vi { get; set; } = "";

    /// <summary>English.</summary>
    /// <example>Industrial production value</example>
    public string En { get; set; } = "";

    public string In(string lang) => lang == "en" ? En : Vi;
}
