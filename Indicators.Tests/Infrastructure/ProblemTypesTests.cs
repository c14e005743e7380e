using System.Reflection;
using System.Text.Json;
using System.Text.RegularExpressions;
using FluentValidation.Results;
using Indicators.Api.Infrastructure.Http;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Http;

namespace Indicators.Tests.Infrastructure;

/// <summary>
/// <see cref="ProblemTypes"/> is the one table of the problems the service answers: each entry is unique, and the
/// status-code pages, FastEndpoints' validation answer and every problem still written from literals in the source
/// (Features/, Auth/) agree with it.
/// </summary>
public sealed partial class ProblemTypesTests
{
    [Fact]
    public void Every_entry_is_listed_once_with_a_unique_slug_and_its_urn()
    {
        var declared = typeof(ProblemTypes).GetFields(BindingFlags.Public | BindingFlags.Static)
            .Where(f => f.FieldType == typeof(ProblemType))
            .Select(f => (ProblemType)f.GetValue(null)!)
            .ToList();

        Assert.Equal(declared.OrderBy(t => t.Slug), ProblemTypes.All.OrderBy(t => t.Slug));
        Assert.Equal(ProblemTypes.All.Count, ProblemTypes.All.Select(t => t.Slug).Distinct(StringComparer.Ordinal).Count());
        Assert.All(ProblemTypes.All, t =>
        {
            Assert.Matches("^[a-z]+(-[a-z]+)*$", t.Slug);
            Assert.Equal("urn:indicators:problem:" + t.Slug, t.Uri);
            Assert.InRange(t.Status, 400, 599);
            Assert.False(string.IsNullOrWhiteSpace(t.Title));
        });
    }

    [Theory]
    [InlineData(400, "validation", "The request is not valid.")]
    [InlineData(403, "forbidden", "Forbidden")]
    [InlineData(404, "not-found", "Not found")]
    [InlineData(409, "conflict", "Conflict")]
    [InlineData(413, "payload-too-large", "Payload too large")]
    [InlineData(415, "unsupported-media-type", "Unsupported media type")]
    [InlineData(422, "unprocessable", "Unprocessable request")]
    [InlineData(500, "validation", "The request is not valid.")]
    public void FastEndpoints_validation_answers_take_their_type_from_the_table(int status, string slug, string title)
    {
        var context = new DefaultHttpContext();
        context.Request.Path = "/api/v1/things";

        var problem = Assert.IsType<Problem>(Problems.FromFailures([new ValidationFailure("Values[0].Period", "bad")], context, status));

        Assert.Equal("urn:indicators:problem:" + slug, problem.Type);
        Assert.Equal(title, problem.Title);
        Assert.Equal(status, problem.Status);
        Assert.Contains(ProblemTypes.All, t => t.Slug == slug && t.Title == title);
        Assert.Equal("values[0].period: bad", problem.Detail);
        Assert.Equal(["bad"], problem.Errors!["values[0].period"]);
    }

    [Theory]
    [InlineData(404, "urn:indicators:problem:not-found", "Not found", "There is no resource at this address.")]
    [InlineData(405, "urn:indicators:problem:method-not-allowed", "Method not allowed", "This resource does not support the method.")]
    [InlineData(415, "urn:indicators:problem:unsupported-media-type", "Unsupported media type", "Send the body as application/json.")]
    [InlineData(400, "urn:indicators:problem:http-400", "Bad Request", "Bad Request.")]
    [InlineData(418, "urn:indicators:problem:http-418", "I'm a teapot", "I'm a teapot.")]
    [InlineData(599, "urn:indicators:problem:http-599", "Error", "Error.")]
    public async Task A_bare_status_becomes_the_problem_of_its_table_entry_or_of_its_reason_phrase(int status, string type, string title, string detail)
    {
        var context = new DefaultHttpContext();
        context.Request.Path = "/somewhere";
        context.Response.StatusCode = status;
        context.Response.Body = new MemoryStream();

        await StatusCodePages.WriteAsync(new StatusCodeContext(context, new StatusCodePagesOptions(), _ => Task.CompletedTask));

        context.Response.Body.Position = 0;
        var problem = JsonDocument.Parse(context.Response.Body).RootElement;
        Assert.Equal(status, context.Response.StatusCode);
        Assert.Equal(Problems.ContentType, context.Response.ContentType);
        Assert.Equal(type, problem.GetProperty("type").GetString());
        Assert.Equal(title, problem.GetProperty("title").GetString());
        Assert.Equal(status, problem.GetProperty("status").GetInt32());
        Assert.Equal(detail, problem.GetProperty("detail").GetString());
        Assert.Equal("/somewhere", problem.GetProperty("instance").GetString());
    }

    [Fact]
    public async Task A_problem_result_from_the_table_and_one_from_literals_write_the_same_document()
    {
        var fromTable = await WriteAsync(new ProblemResult(ProblemTypes.PeriodLocked, "locked", new() { ["values[0].period"] = ["locked"] }));
        var fromLiterals = await WriteAsync(new ProblemResult(409, "period-locked", "Period locked", "locked", new() { ["values[0].period"] = ["locked"] }));

        Assert.Equal(fromTable, fromLiterals);
        Assert.Contains("\"type\":\"urn:indicators:problem:period-locked\",\"title\":\"Period locked\",\"status\":409", fromTable);
    }

    /// <summary>
    /// Until Features/ and Auth/ take their problems from the table, each problem they still write from literals
    /// (a <c>ProblemResult</c>, <c>Problems.WriteAsync</c> or an OpenAPI example) must be one of its entries, word for word.
    /// </summary>
    [Fact]
    public void Every_problem_written_from_literals_in_the_source_is_an_entry_of_the_table()
    {
        var root = new DirectoryInfo(AppContext.BaseDirectory);
        while (root is not null && !File.Exists(Path.Combine(root.FullName, "Indicators.slnx")))
        {
            root = root.Parent;
        }
        Assert.NotNull(root);
        var failures = new List<string>();
        foreach (var file in Directory.EnumerateFiles(Path.Combine(root.FullName, "Indicators.Api"), "*.cs", SearchOption.AllDirectories))
        {
            foreach (var (status, slug, title) in LiteralProblems(File.ReadAllText(file)))
            {
                if (!ProblemTypes.All.Contains(new ProblemType(slug, status, title)))
                {
                    failures.Add($"{Path.GetFileName(file)}: {status} {slug} \"{title}\" is not in ProblemTypes");
                }
            }
        }
        Assert.True(failures.Count == 0, string.Join("\n", failures));
    }

    [Fact]
    public void The_source_scan_finds_each_form_of_a_literal_problem()
    {
        const string source = """
            new ProblemResult(409, "period-locked", "Period locked", detail);
            await Problems.WriteAsync(HttpContext, 503, "not-ready", "Service unavailable", problem);
            return Problems.WriteAsync(
                Context,
                StatusCodes.Status401Unauthorized,
                "unauthorized",
                "Unauthorized",
                detail);
            Type = Problems.TypePrefix + "idempotency-key-reused", Title = "Idempotency-Key reused", Status = 422,
            """;

        Assert.Equal(
            [(409, "period-locked", "Period locked"), (503, "not-ready", "Service unavailable"), (401, "unauthorized", "Unauthorized"), (422, "idempotency-key-reused", "Idempotency-Key reused")],
            LiteralProblems(source));
    }

    private static List<(int Status, string Slug, string Title)> LiteralProblems(string source) =>
        LiteralProblem().Matches(source)
            .Select(m => (int.Parse(m.Groups["status"].Value, System.Globalization.CultureInfo.InvariantCulture), m.Groups["slug"].Value, m.Groups["title"].Value))
            .ToList();

    [GeneratedRegex("""
        (?:new\s+ProblemResult\(|Problems\.WriteAsync\(\s*\w+,)\s*(?:StatusCodes\.Status)?(?<status>\d{3})\w*,\s*"(?<slug>[^"]+)",\s*"(?<title>[^"]*)"
        |Type\s*=\s*Problems\.TypePrefix\s*\+\s*"(?<slug>[^"]+)",\s*Title\s*=\s*"(?<title>[^"]*)",\s*Status\s*=\s*(?<status>\d{3})
        """, RegexOptions.IgnorePatternWhitespace)]
    private static partial Regex LiteralProblem();

    private static async Task<string> WriteAsync(IResult result)
    {
        var context = new DefaultHttpContext();
        context.Request.Path = "/api/v1/submissions";
        context.TraceIdentifier = "trace";
        context.Response.Body = new MemoryStream();
        await result.ExecuteAsync(context);
        return System.Text.Encoding.UTF8.GetString(((MemoryStream)context.Response.Body).ToArray());
    }
}
