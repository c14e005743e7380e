using Indicators.Api.Infrastructure.Database;
using Microsoft.Data.Sqlite;
using Indicators.Tests.Support;

namespace Indicators.Tests.Infrastructure.Database;

/// <summary>Which provider errors a retry may cure (a lost race) and which mean the database is away (503).</summary>
public sealed class DbErrorsTests
{
    [Theory]
    [InlineData(5, 5, false, true)] // BUSY after the whole busy timeout: unavailable, not worth retrying
    [InlineData(5, 517, true, true)] // BUSY_SNAPSHOT: answered at once, a retry passes
    [InlineData(5, 261, true, true)] // BUSY_RECOVERY
    [InlineData(6, 6, true, true)] // LOCKED
    [InlineData(19, 2067, true, false)] // a unique key lost to a concurrent writer
    [InlineData(19, 787, false, false)] // a foreign key: a bug or bad data, neither
    [InlineData(8, 8, false, true)] // READONLY file
    [InlineData(13, 13, false, true)] // disk FULL
    [InlineData(14, 14, false, true)] // CANTOPEN: the file is gone
    [InlineData(26, 26, false, true)] // NOTADB
    [InlineData(1, 1, false, false)] // a plain SQL error is a bug: 500
    public void Classifies_sqlite_errors(int code, int extended, bool transient, bool unavailable)
    {
        var ex = new SqliteException("test", code, extended);
        Assert.Equal(transient, DbErrors.IsTransient(ex));
        Assert.Equal(unavailable, DbErrors.IsUnavailable(ex));
    }

    [Fact]
    public void An_exhausted_SqlClient_pool_is_unavailable_not_a_500()
    {
        var ex = new InvalidOperationException("Timeout expired. The timeout period elapsed prior to obtaining a connection from the pool.")
        {
            Source = "Core Microsoft SqlClient Data Provider",
        };
        Assert.True(DbErrors.IsUnavailable(ex));
        Assert.False(DbErrors.IsUnavailable(new InvalidOperationException("Sequence contains no elements.")));
    }

    [Fact]
    public void Timeouts_and_wrapped_provider_errors_are_unavailable()
    {
        Assert.True(DbErrors.IsUnavailable(new TimeoutException()));
        Assert.True(DbErrors.IsUnavailable(new InvalidOperationException("wrapped", new SqliteException("busy", 5, 5))));
    }
}
