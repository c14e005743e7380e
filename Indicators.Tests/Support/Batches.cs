using System.Net.Http.Json;

namespace Indicators.Tests.Support;

/// <summary>Submitting values as a client does, for the tests of every slice.</summary>
internal static class Batches
{
    public static object Value(string indicator, string orgUnit, string period, decimal value, string status = "estimate", string? note = null) =>
        new { indicator, orgUnit, period, value, status, note };

    public static Task<HttpResponseMessage> SubmitAsync(HttpClient client, params object[] values) =>
        client.PostAsJsonAsync("/api/v1/submissions", new { values }, TestContext.Current.CancellationToken);
}
