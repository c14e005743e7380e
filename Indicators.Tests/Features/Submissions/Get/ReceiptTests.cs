using Dapper;
using Indicators.Tests.Support;
using static Indicators.Tests.Support.Batches;
using System.Net.Http.Json;
using System.Net;
using System.Text.Json;

namespace Indicators.Tests.Features.Submissions.Get;

public sealed class ReceiptTestsOnSqlite(SqliteApi api) : ReceiptTests(api), IClassFixture<SqliteApi>;

public sealed class ReceiptTestsOnSqlServer(SqlServerApi api) : ReceiptTests(api), IClassFixture<SqlServerApi>;

/// <summary>GET /api/v1/submissions/{id}: who may read a receipt.</summary>
public abstract class ReceiptTests(ApiFixture api)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_submitter_reads_only_its_own_units_receipts()
    {
        var created = await SubmitAsync(api.Client("sd"), Value("EXPORT_VALUE", "TQ-SD", "2019-M11", 3m));
        var location = created.Headers.Location!.OriginalString;
        Assert.Equal(HttpStatusCode.OK, (await api.Client("sd").GetAsync(location, Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await api.Client("admin").GetAsync(location, Ct)).StatusCode);
        await (await api.Client("hy").GetAsync(location, Ct)).AssertProblemAsync(HttpStatusCode.NotFound);
        await (await api.Client("reader").GetAsync(location, Ct)).AssertProblemAsync(HttpStatusCode.Forbidden);
        await (await api.Client("admin").GetAsync("/api/v1/submissions/no-such-receipt", Ct)).AssertProblemAsync(HttpStatusCode.NotFound);
        await (await api.Client().GetAsync(location, Ct)).AssertProblemAsync(HttpStatusCode.Unauthorized);
    }
}
