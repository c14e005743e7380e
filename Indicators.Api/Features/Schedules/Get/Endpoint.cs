using FastEndpoints;
using Indicators.Api.Infrastructure.Database;
using Indicators.Api.Infrastructure.Http;
using Indicators.Api.Infrastructure.OpenApi;
using Indicators.Api.Kernel.Reporting;

namespace Indicators.Api.Features.Schedules.Get;

internal sealed class GetScheduleRequest
{
    /// <summary>The schedule's code (case-sensitive).</summary>
    /// <example>SOCIO_ECONOMIC_HALF_YEAR</example>
    public string Code { get; set; } = "";
}

internal sealed class GetScheduleEndpoint(Db db) : Endpoint<GetScheduleRequest, ScheduleResponse>
{
    public override void Configure()
    {
        Get("/api/v1/schedules/{code}");
        Roles(Infrastructure.Auth.Roles.Readers);
        Description(b => b.Produces<ScheduleResponse>(200).Problems(404).AuthProblems());
        Summary(s =>
        {
            s.Summary = "Get one reporting schedule";
            s.Description = "One schedule by its code: frequency, cut-off, due days, validity, its indicators and reporters in its order. Any key reads it.";
            s.Responses[404] = "There is no schedule with this code.";
        });
        Tags("Reporting cycle");
    }

    public override async Task HandleAsync(GetScheduleRequest r, CancellationToken ct)
    {
        await using var c = await db.OpenAsync(ct);
        var schedule = await ScheduleData.FindAsync(db, c, r.Code);
        if (schedule is null)
        {
            await Send.ResultAsync(ProblemResult.NotFound($"There is no schedule {Domain.Echo.Quote(r.Code)} (codes are case-sensitive)."));
            return;
        }
        await Send.OkAsync(schedule.ToResponse(), ct);
    }
}
