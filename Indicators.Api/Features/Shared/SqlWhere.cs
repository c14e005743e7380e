namespace Indicators.Api.Features;

/// <summary>
/// The WHERE clause of a filtered list, made of constant SQL terms (the caller's text only ever travels as Dapper
/// parameters). Only the filters given appear, so each query keeps the plain equalities its indexes can seek on,
/// which <c>(@X IS NULL OR col = @X)</c> would hide from SQLite's planner.
/// </summary>
public sealed class SqlWhere
{
    private const string Placeholder = "/**where**/";
    private readonly List<string> terms = [];

    /// <param name="when">Whether the filter was given.</param>
    /// <param name="term">A constant such as <c>"indicator = @Indicator"</c>, never text from the request.</param>
    public SqlWhere And(bool when, string term)
    {
        if (when)
        {
            terms.Add(term);
        }
        return this;
    }

    /// <summary>The SQL with its <c>/**where**/</c> placeholder replaced.</summary>
    public string In(string sql) =>
        sql.Contains(Placeholder, StringComparison.Ordinal)
            ? sql.Replace(Placeholder, terms.Count == 0 ? "" : "WHERE " + string.Join(" AND ", terms), StringComparison.Ordinal)
            : throw new InvalidOperationException("The SQL has no /**where**/ placeholder.");
}
