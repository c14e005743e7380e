using FluentValidation.Results;
using Indicators.Api.Infrastructure.Http;

namespace Indicators.Api.Kernel.Batches;

/// <summary>How a refused batch is answered: 400 through FastEndpoints' validation problem, 403 and 409 as problems
/// listing the items at fault.</summary>
internal static class BatchAnswers
{
    public static List<ValidationFailure> Failures(BatchResult result) =>
        result.Errors.SelectMany(e => e.Value.Select(m => new ValidationFailure(e.Key, m))).ToList();

    public static ProblemResult Problem(BatchResult result)
    {
        var n = result.Errors.Count;
        var list = string.Join(", ", result.Errors.Keys.Take(10)) + (n > 10 ? ", …" : "");
        return result.Outcome switch
        {
            BatchOutcome.Locked => new ProblemResult(ProblemTypes.PeriodLocked,
                $"{(n == 1 ? "1 item falls" : $"{n} items fall")} in a locked period: {list}. Nothing was stored; an admin may unlock the period or write it.", result.Errors),
            BatchOutcome.Approved => new ProblemResult(ProblemTypes.ReportApproved,
                $"{(n == 1 ? "1 item belongs" : $"{n} items belong")} to an approved report: {list}. Nothing was stored; an admin must reopen the report before its figures can change.",
                result.Errors),
            _ => new ProblemResult(ProblemTypes.Forbidden,
                $"{(n == 1 ? "1 item is" : $"{n} items are")} outside what this API key may write: {list}. Nothing was stored.", result.Errors),
        };
    }
}
