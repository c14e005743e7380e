using System.Net;
using Dapper;
using Indicators.Tests.Support;

namespace Indicators.Tests.Infrastructure.Database;

/// <summary>
/// SQLite: committed pages reach the database file through the background checkpoint (WalCheckpointer), not through a
/// writer's commit: a connection's own automatic checkpoint waits for 16,384 pages of log, far more than one batch.
/// </summary>
public sealed class WalCheckpointerTests(WalCheckpointerTests.FileApi api) : IClassFixture<WalCheckpointerTests.FileApi>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    /// <summary>A SQLite file with pooled connections, as in production.</summary>
    public sealed class FileApi : SqliteApiWithSettings
    {
        protected override bool Pooling => true;

        protected override IDictionary<string, string?> Settings => new Dictionary<string, string?>();
    }

    [Fact]
    public async Task A_committed_batch_reaches_the_database_file_within_moments_without_a_checkpoint_of_its_own()
    {
        await using (var c = await api.OpenAsync())
        {
            Assert.Equal(16384, await c.ExecuteScalarAsync<int>("PRAGMA wal_autocheckpoint"));
        }
        var before = File.GetLastWriteTimeUtc(api.DatabasePath);
        await Task.Delay(50, Ct);
        var response = await Batches.SubmitAsync(api.Client("sd"), Batches.Value("RETAIL_SALES", "TQ-SD", "2023-M01", 12m));
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);

        var deadline = DateTime.UtcNow.AddSeconds(5);
        while (File.GetLastWriteTimeUtc(api.DatabasePath) == before && DateTime.UtcNow < deadline)
        {
            await Task.Delay(50, Ct);
        }
        Assert.True(File.GetLastWriteTimeUtc(api.DatabasePath) > before, "the database file was not written after the batch committed");
    }
}
