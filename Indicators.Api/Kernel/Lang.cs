namespace Indicators.Api.Kernel;

/// <summary>Names in responses: <c>lang=vi|en</c>, else the first of vi/en in Accept-Language, else vi.</summary>
internal static class Lang
{
    public static string Resolve(HttpContext context, string? lang)
    {
        if (lang is "vi" or "en")
        {
            return lang;
        }
        foreach (var value in context.Request.Headers.AcceptLanguage)
        {
            foreach (var part in (value ?? "").Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
            {
                var tag = part.Split(';')[0].Trim();
                if (tag.StartsWith("en", StringComparison.OrdinalIgnoreCase))
                {
                    return "en";
                }
                if (tag.StartsWith("vi", StringComparison.OrdinalIgnoreCase))
                {
                    return "vi";
                }
            }
        }
        return "vi";
    }
}
