using Indicators.Api.Infrastructure.Database;

namespace Indicators.Tests.Support;

/// <summary>A fresh SQLite file per fixture, like <see cref="SqliteApi"/>, for fixtures that change settings or reach the file.</summary>
public abstract class SqliteApiWithSettings : ApiFixture
{
    private string? folder;

    public override DatabaseProvider Provider => DatabaseProvider.Sqlite;

    /// <summary>Production pools connections; most tests do not, so that a file can be locked or moved between requests.</summary>
    protected virtual bool Pooling => false;

    public string DatabasePath => Path.Combine(folder ?? throw new InvalidOperationException("The fixture is not initialised."), "indicators.db");

    protected override Task<string?> PrepareDatabaseAsync()
    {
        folder = Path.Combine(Path.GetTempPath(), "indicators-tests", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(folder);
        return Task.FromResult<string?>($"Data Source={DatabasePath};Pooling={Pooling}");
    }

    protected override Task CleanUpAsync()
    {
        try
        {
            if (folder is not null)
            {
                Directory.Delete(folder, recursive: true);
            }
        }
        catch (IOException)
        {
            // A file still open on a slow shutdown is left to the temp folder's cleanup.
        }
        return Task.CompletedTask;
    }
}
