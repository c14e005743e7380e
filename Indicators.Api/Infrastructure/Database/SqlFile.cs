namespace Indicators.Api.Infrastructure.Database;

/// <summary>
/// A SQL statement kept in an embedded file beside the code that runs it, with the type of the parameters it takes.
/// <c>new SqlFile&lt;LockKey&gt;("Features.Locks.Put.Find")</c> is <c>Features/Locks/Put/Find.sql</c> — the SQL Server text,
/// and SQLite's too unless a <c>Find.sqlite.sql</c> stands beside it (<see cref="SqlScripts"/>).
/// </summary>
/// <remarks>
/// The parameters are declared once, in the SQL Server file's header (<c>-- Parameters: @Period varchar(16), …</c>):
/// the schema-model test compiles the file against the migrations with exactly those declarations, and matches them
/// with <typeparamref name="TArgs"/>'s properties (names and types), so a renamed or retyped parameter fails the suite
/// on either side. Code runs the file only through <see cref="Db.Command{TArgs}"/>, which takes a <typeparamref name="TArgs"/>.
/// A line ending in <c>-- if @Name</c> is an optional filter: it is sent only when that parameter is not null
/// (<see cref="SqlScripts"/>), so each query keeps the plain equalities its indexes can seek on.
/// </remarks>
internal sealed class SqlFile<TArgs>(string name) : ISqlFile where TArgs : notnull
{
    public string Name { get; } = name;

    public Type ArgsType => typeof(TArgs);

    public override string ToString() => Name;
}

/// <summary>A SQL file that takes no parameters (<c>-- Parameters: none</c>).</summary>
internal sealed class SqlFile(string name) : ISqlFile
{
    public string Name { get; } = name;

    public Type? ArgsType => null;

    public override string ToString() => Name;
}

/// <summary>What the tests enumerate: every declared SQL file and its parameter type.</summary>
internal interface ISqlFile
{
    string Name { get; }

    Type? ArgsType { get; }
}
