using System.Reflection;
using System.Text.Json;
using System.Text.RegularExpressions;
using FluentValidation.Results;
using Indicators.Api.Infrastructure.Http;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Http;
using Indicators.Tests.Support;

namespace Indicators.Tests.Infrastructure.Http;

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
    [InlineData(415, "urn:indicators:problem:unsupported-media-type", "Unsupported media type", "Send the body as application/json (POST /api/v1/submissions also takes a spreadsheet as text/csv or application/vnd.openxmlformats-officedocument.spreadsheetml.sheet).")]
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
    public async Task A_problem_result_writes_its_table_entry_and_its_own_detail_and_errors()
    {
        var written = await WriteAsync(new ProblemResult(ProblemTypes.PeriodLocked, "locked", new() { ["values[0].period"] = ["locked"] }));
        Assert.Contains("\"type\":\"urn:indicators:problem:period-locked\",\"title\":\"Period locked\",\"status\":409,\"detail\":\"locked\"", written);
        Assert.Contains("\"errors\":{\"values[0].period\":[\"locked\"]}", written);
    }

    /// <summary>Every problem of the source comes from the table: no type, title or status is written anywhere else.</summary>
    [Fact]
    public void No_problem_is_written_from_literals_outside_the_table()
    {
        var found = Directory.EnumerateFiles(Path.Combine(Repo.Root, "Indicators.Api"), "*.cs", SearchOption.AllDirectories)
            .Where(f => Path.GetFileName(f) != "ProblemTypes.cs" && !f.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}", StringComparison.Ordinal))
            .SelectMany(f => LiteralProblem().Matches(File.ReadAllText(f)).Select(m => $"{Path.GetFileName(f)}: {m.Value}"))
            .ToList();
        Assert.True(found.Count == 0, string.Join("\n", found));
        Assert.Equal(3, LiteralProblem().Matches("""
            Type = Problems.TypePrefix + "x", Title = "X", Status = 409,
            new ProblemType("x", 409, "X");
            new ProblemResult(409, "x", "X", detail);
            """).Count);
    }

    [GeneratedRegex(@"TypePrefix\s*\+\s*""|new\s+ProblemType\(|new\s+ProblemResult\(\s*\d")]
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
