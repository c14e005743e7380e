using FluentValidation;

namespace Indicators.Api.Infrastructure.Http;

/// <summary>SPEC "Shapes": lists are <c>{ items, page, pageSize, total }</c>.</summary>
internal sealed record Paged<T>(IReadOnlyList<T> Items, int Page, int PageSize, int Total);

internal interface IPagedRequest
{
    /// <summary>Page number, from 1.</summary>
    int Page { get; }

    /// <summary>Items per page, 1 to 1000.</summary>
    int PageSize { get; }
}

internal static class Paging
{
    public const int DefaultPageSize = 100;
    public const int MaxPageSize = 1000;

    public static int Offset(this IPagedRequest r) => (r.Page - 1) * r.PageSize;

    public static void AddPagingRules<T>(this AbstractValidator<T> v) where T : IPagedRequest
    {
        v.RuleFor(x => x.Page).InclusiveBetween(1, 1_000_000).WithMessage("page must be a whole number from 1 to 1000000.");
        v.RuleFor(x => x.PageSize).InclusiveBetween(1, MaxPageSize).WithMessage($"pageSize must be a whole number from 1 to {MaxPageSize}.");
    }
}
