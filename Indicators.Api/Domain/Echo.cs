namespace Indicators.Api.Domain;

/// <summary>
/// How an error message quotes what a client sent. Code-shaped text (letters, digits, '-', '_', '.', ':', at most 64
/// characters: every code, period and id of the API) is quoted as sent, so "There is no org unit 'TQ-XX'" still helps;
/// anything else is described by its length instead, so that no answer reflects markup, SQL, control characters or
/// megabytes of the request back to its sender.
/// </summary>
internal static class Echo
{
    public const int MaxLength = 64;

    /// <summary><c>'TQ-SD'</c> for code-shaped text; <c>the value sent (57 characters)</c> for anything else.</summary>
    public static string Quote(string? text) => text switch
    {
        null => "null",
        _ when IsCodeShaped(text) => $"'{text}'",
        _ => $"the value sent ({text.Length:N0} characters)",
    };

    public static bool IsCodeShaped(string text)
    {
        if (text.Length is 0 or > MaxLength)
        {
            return false;
        }
        foreach (var ch in text)
        {
            if (!(char.IsLetterOrDigit(ch) || ch is '-' or '_' or '.' or ':'))
            {
                return false;
            }
        }
        return true;
    }
}
