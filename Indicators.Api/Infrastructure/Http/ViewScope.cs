using Indicators.Api.Infrastructure.Database;

namespace Indicators.Api.Infrastructure.Http;

/// <summary>
/// What a computed view's answer depends on, declared by its endpoint while it computes: the stored figures (values and
/// targets) of indicators × org units × years, and the catalogue. <see cref="ReadCache"/> keeps the answer until the
/// change log names one of those figures (or the catalogue); an answer without a scope is kept only while data_version
/// stands still.
/// </summary>
/// <remarks>A product of sets over-approximates (a plan-versus-actual view reads its rows' previous year and its children's
/// current year): a change may drop an answer that did not need dropping, never keep one that did.</remarks>
internal sealed class ViewScope
{
    private static readonly object Item = new();

    private readonly List<(HashSet<string> Indicators, HashSet<string> OrgUnits, int FirstYear, int LastYear)> parts = [];

    /// <summary>Adds indicators × org units × years <paramref name="firstYear"/>..<paramref name="lastYear"/> to the request's scope.</summary>
    public static void Declare(HttpContext context, IEnumerable<string> indicators, IEnumerable<string> orgUnits, int firstYear, int lastYear)
    {
        if (context.Items[Item] is not ViewScope scope)
        {
            context.Items[Item] = scope = new ViewScope();
        }
        scope.parts.Add((indicators.ToHashSet(StringComparer.Ordinal), orgUnits.ToHashSet(StringComparer.Ordinal), firstYear, lastYear));
    }

    /// <summary>The scope the request's endpoint declared, or null.</summary>
    public static ViewScope? Of(HttpContext context) => context.Items[Item] as ViewScope;

    /// <summary>Whether the change of this figure can change the answer.</summary>
    public bool Touches(ChangedFigure figure)
    {
        foreach (var (indicators, orgUnits, first, last) in parts)
        {
            if (figure.Year >= first && figure.Year <= last && indicators.Contains(figure.Indicator) && orgUnits.Contains(figure.OrgUnit))
            {
                return true;
            }
        }
        return false;
    }
}
