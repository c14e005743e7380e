namespace Indicators.Api.Domain;

/// <summary>
/// What "today" is for SPEC "Periods": "actual values may be submitted only for periods that have started".
/// </summary>
/// <remarks>
/// Decision: the province's civil date, Vietnam time — UTC+07:00, without daylight saving since 1975 — taken as a
/// fixed offset rather than the time-zone id <c>Asia/Ho_Chi_Minh</c>, which a slim container image may lack. A value
/// for <c>2026-M01</c> is therefore accepted from 1 January 2026 00:00 in Tuyên Quang, which is 31 December 2025
/// 17:00 UTC.
/// </remarks>
internal static class ProvinceTime
{
    public static readonly TimeSpan Offset = TimeSpan.FromHours(7);

    /// <summary>The date in the province at the instant <paramref name="now"/>.</summary>
    public static DateOnly Today(DateTimeOffset now) => DateOnly.FromDateTime(now.ToOffset(Offset).DateTime);
}
