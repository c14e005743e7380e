namespace Indicators.Api.Infrastructure.Http;

/// <summary>Section <c>Api</c>: the limits every request meets (<see cref="RequestLimits"/>, Kestrel) and the demo keys.</summary>
internal sealed class ApiOptions
{
    public const string Section = "Api";

    /// <summary>Create the well-known demo keys of the README. Honoured only in the Development environment.</summary>
    public bool DemoKeys { get; set; } = true;

    /// <summary>Largest request body accepted, in bytes (a 10,000-value batch is about 2 MB).</summary>
    public long MaxRequestBodyBytes { get; set; } = 8 * 1024 * 1024;

    /// <summary>A read (GET) still running after this many seconds is abandoned with 503 and Retry-After.</summary>
    public int RequestTimeoutSeconds { get; set; } = 30;
}
