using System.Net;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;
using Indicators.Api.Infrastructure.Http;
using Indicators.Tests.Support;

namespace Indicators.Tests.Infrastructure.Http;

/// <summary>
/// A body System.Text.Json refuses is answered with the field's path and what a value there must be, worked out from the
/// exception's type, inner exception and path, and the request type's contract (<see cref="JsonBodyErrors"/>). The
/// bad-input corpus holds the status and the keys of many more bodies; these hold the words, one case per kind.
/// </summary>
public sealed class JsonBodyErrorTests(SqliteApi api) : IClassFixture<SqliteApi>
{
    private const string Item = """{"indicator":"INDUSTRIAL_OUTPUT","orgUnit":"TQ-SD","period":"2021-M03","status":"estimate",""";
    private const string OrgUnit = """{"name":{"vi":"Huyện Thử","en":"Test"},"kind":"district","parent":"TQ",""";
    private const string Indicator = """{"name":{"vi":"x","en":"x"},"unit":{"vi":"x","en":"x"},"measure":"flow","direction":"increase",""";
    private const string UnknownWords = "(unknown fields are refused so that typos are not silently ignored).";

    [Theory]
    // An unknown field, named by its path; a field named like a .NET type is unknown all the same.
    [InlineData("/api/v1/submissions", "{\"values\":[" + Item + "\"value\":1,\"valeu\":3}]}", "values[0].valeu", "values[0].valeu is not a field of this request " + UnknownWords)]
    [InlineData("/api/v1/submissions", """{"values":[],"submittedBy":"TQ-HY"}""", "submittedBy", "submittedBy is not a field of this request " + UnknownWords)]
    [InlineData("/api/v1/submissions", "{\"values\":[" + Item + "\"value\":1,\"DateOnly\":\"2020-01-01\"}]}", "values[0].dateOnly", "values[0].DateOnly is not a field of this request " + UnknownWords)]
    [InlineData("/api/v1/org-units/TQ-NEW", """{"name":{"vi":"x","en":"y","fr":"x"},"kind":"district","parent":"TQ"}""", "name.fr", "name.fr is not a field of this request " + UnknownWords)]
    // An unknown field whose name is not code-shaped is never echoed: the answer names the object holding it.
    [InlineData("/api/v1/submissions", "{\"values\":[" + Item + "\"value\":1,\"<b>x</b>\":1}]}", "values[0]", "values[0] has a field that is not one of this request's " + UnknownWords)]
    [InlineData("/api/v1/submissions", "{\"values\":[" + Item + "\"value\":1,\"it's\":1}]}", "values[0]", "values[0] has a field that is not one of this request's " + UnknownWords)]
    [InlineData("/api/v1/submissions", """{"values":[],"System.String":1}""", "request", "The body has a field that is not one of this request's " + UnknownWords)]
    // A name given twice, also in another case (names match case-insensitively).
    [InlineData("/api/v1/submissions", "{\"values\":[" + Item + "\"value\":1,\"value\":2}]}", "values[0].value", "values[0].value appears more than once in the same object.")]
    [InlineData("/api/v1/submissions", """{"values":[],"Values":[]}""", "values", "Values appears more than once in the same object.")]
    [InlineData("/api/v1/org-units/TQ-NEW", """{"name":{"vi":"a","vi":"b","en":"y"},"kind":"district","parent":"TQ"}""", "name.vi", "name.vi appears more than once in the same object.")]
    // A value of the wrong kind: what the property's type needs.
    [InlineData("/api/v1/submissions", "{\"values\":[" + Item + "\"value\":\"12.5\"}]}", "values[0].value", "values[0].value must be a JSON number within ±99,999,999,999,999.9999 (NaN, Infinity and strings are not numbers).")]
    [InlineData("/api/v1/submissions", "{\"values\":[" + Item + "\"value\":{\"amount\":1}}]}", "values[0].value", "values[0].value must be a JSON number within ±99,999,999,999,999.9999 (NaN, Infinity and strings are not numbers).")]
    [InlineData("/api/v1/submissions", "{\"values\":[" + Item + "\"value\":1,\"note\":5}]}", "values[0].note", "values[0].note must be a JSON string.")]
    [InlineData("/api/v1/submissions", """{"values":{"indicator":"INDUSTRIAL_OUTPUT"}}""", "values", "values must be a JSON array.")]
    [InlineData("/api/v1/submissions", """{"values":[42]}""", "values[0]", "values[0] is not valid JSON for this request.")]
    [InlineData("/api/v1/org-units/TQ-NEW", OrgUnit + "\"validFrom\":\"2020-02-30\"}", "validFrom", "validFrom must be a date written yyyy-MM-dd.")]
    [InlineData("/api/v1/org-units/TQ-NEW", """{"name":"Test","kind":"district","parent":"TQ"}""", "name", "name is not valid JSON for this request.")]
    [InlineData("/api/v1/indicators/NEW_ONE", Indicator + "\"decimals\":2147483648}", "decimals", "decimals must be a whole number.")]
    [InlineData("/api/v1/indicators/NEW_ONE", Indicator + "\"decimals\":\"1\"}", "decimals", "decimals must be a whole number.")]
    // A number a decimal cannot hold exactly (ExactDecimalConverter's own exception).
    [InlineData("/api/v1/submissions", "{\"values\":[" + Item + "\"value\":1e-30}]}", "values[0].value", "values[0].value must be a JSON number that a decimal holds exactly: at most 28 decimal places and 28 to 29 significant digits (it would otherwise be stored as a different number).")]
    [InlineData("/api/v1/indicators/NEW_ONE", Indicator + "\"decimals\":1,\"min\":1e400}", "min", "min must be a JSON number that a decimal holds exactly: at most 28 decimal places and 28 to 29 significant digits (it would otherwise be stored as a different number).")]
    // Text that is not JSON (the reader's exception inside): where the reader stopped, whatever the type there.
    [InlineData("/api/v1/submissions", "{\"values\":[" + Item + "\"value\":NaN}]}", "values[0].value", "values[0].value is not valid JSON for this request.")]
    [InlineData("/api/v1/submissions", "{\"values\":[" + Item + "\"value\":1,}]}", "values[0]", "values[0] is not valid JSON for this request.")]
    [InlineData("/api/v1/submissions", """[{"indicator":"INDUSTRIAL_OUTPUT"}]""", "request", "The body is not valid JSON for this request.")]
    public async Task A_body_the_serializer_refuses_is_answered_with_the_path_and_what_it_must_be(string path, string body, string key, string message)
    {
        var method = path.StartsWith("/api/v1/submissions", StringComparison.Ordinal) ? HttpMethod.Post : HttpMethod.Put;
        var client = api.Client(method == HttpMethod.Post ? "sd" : "admin");

        var response = await client.SendAsync(new HttpRequestMessage(method, path) { Content = new StringContent(body, Encoding.UTF8, "application/json") },
            TestContext.Current.CancellationToken);

        var problem = await response.AssertProblemAsync(HttpStatusCode.BadRequest, key);
        Assert.Equal("urn:indicators:problem:validation", problem.GetProperty("type").GetString());
        Assert.Equal("The request is not valid.", problem.GetProperty("title").GetString());
        var errors = problem.GetProperty("errors");
        Assert.Equal([key], errors.EnumerateObject().Select(e => e.Name));
        Assert.Equal([message], errors.GetProperty(key).EnumerateArray().Select(m => m.GetString()));
        Assert.Equal(key == "request" ? message : $"{key}: {message}", problem.GetProperty("detail").GetString());
    }

    private static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web)
    {
        UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
        AllowDuplicateProperties = false,
        NumberHandling = JsonNumberHandling.Strict,
        Converters = { new ExactDecimalConverter() },
    };

    /// <summary>Kinds no request of the API has yet (a boolean, a list of strings, a non-nullable decimal), on a probe type.</summary>
    [Theory]
    [InlineData("""{"flag":"yes"}""", "flag", "flag must be true or false.")]
    [InlineData("""{"tags":"a"}""", "tags", "tags must be a JSON array.")]
    [InlineData("""{"tags":[1]}""", "tags[0]", "tags[0] must be a JSON string.")]
    [InlineData("""{"amount":null}""", "amount", "amount must be a JSON number within ±99,999,999,999,999.9999 (NaN, Infinity and strings are not numbers).")]
    [InlineData("""{"count":1.5}""", "count", "count must be a whole number.")]
    [InlineData("""{"inner":{"flag":1}}""", "inner.flag", "inner.flag must be true or false.")]
    [InlineData("""{"inner":{"flag":true,"FLAG":false}}""", "inner.FLAG", "inner.FLAG appears more than once in the same object.")]
    [InlineData("""{"inner":{"extra":1}}""", "inner.extra", "inner.extra is not a field of this request " + UnknownWords)]
    public void Each_kind_of_refusal_is_recognised_from_the_exception_and_the_contract(string json, string key, string message)
    {
        var ex = Assert.ThrowsAny<JsonException>(() => JsonSerializer.Deserialize<Probe>(json, Options));

        var failure = JsonBodyErrors.Failure(ex, Options.GetTypeInfo(typeof(Probe)));

        Assert.Equal(key, failure.PropertyName);
        Assert.Equal(message, failure.ErrorMessage);
    }

    [Fact]
    public void Without_the_request_type_a_wrong_value_is_only_said_to_be_not_valid_JSON_at_its_path()
    {
        var ex = Assert.ThrowsAny<JsonException>(() => JsonSerializer.Deserialize<Probe>("""{"inner":{"flag":1}}""", Options));

        var failure = JsonBodyErrors.Transform(ex);

        Assert.Equal("inner.flag", failure.PropertyName);
        Assert.Equal("inner.flag is not valid JSON for this request.", failure.ErrorMessage);
    }

    [Theory]
    [InlineData(null, "request", true)]
    [InlineData("$", "request", true)]
    [InlineData("$.values[0].valeu", "values[0].valeu", true)]
    [InlineData("$.matrix[1][2]", "matrix[1][2]", true)]
    [InlineData("$.values[0]['SELECT * FROM 'a'']", "values[0]", false)]
    [InlineData("$.values[0].a+b", "values[0]", false)]
    [InlineData("$.xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx", "request", false)]
    public void A_path_is_shown_as_far_as_its_names_are_code_shaped(string? path, string shown, bool whole)
    {
        var parsed = JsonBodyPath.Parse(path);

        Assert.Equal(shown, parsed.Shown);
        Assert.Equal(whole, parsed.IsShownWhole);
    }

    private sealed class Probe
    {
        public bool Flag { get; set; }
        public List<string>? Tags { get; set; }
        public decimal Amount { get; set; }
        public long Count { get; set; }
        public Probe? Inner { get; set; }
    }
}
