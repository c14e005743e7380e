using System.Net.Http.Headers;
using System.Reflection;
using System.Runtime.Loader;
using Indicators.Api.Infrastructure.OpenApi;
using Indicators.Api.Kernel.Spreadsheets;
using Indicators.Tests.Support;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using NJsonSchema.CodeGeneration.CSharp;
using NSwag;
using NSwag.CodeGeneration.CSharp;
using NSwag.CodeGeneration.OperationNameGenerators;

namespace Indicators.Tests.Infrastructure.OpenApi;

/// <summary>
/// A typed C# client works from the served document: NSwag's C# generator (as an integrator would run it) writes the
/// client, Roslyn compiles it together with code that uses it as a caller would (so a decimal that came out as a
/// double, or a type under a name nobody would guess, fails to compile), and that code drives the running service — a
/// submission whose decimal survives exactly, a plan-vs-actual read, a 400 problem surfacing as the client's
/// exception with its errors, and the reporting-status template downloaded as a file (a stream). The generated file is left in <c>.ci/out/IndicatorsClient.cs</c> to look at.
/// </summary>
public sealed class GeneratedClientTests(SqliteApi api) : IClassFixture<SqliteApi>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    /// <summary>What a caller writes against the generated client: plain, typed C#.</summary>
    private const string Caller = """
        using System;
        using System.Collections.Generic;
        using System.Linq;
        using System.Net.Http;
        using System.Threading.Tasks;
        using Generated;

        public static class Caller
        {
            public static async Task<Dictionary<string, object>> RunAsync(HttpClient submitter, HttpClient reader)
            {
                var facts = new Dictionary<string, object>();
                var client = new IndicatorsClient(submitter);
                SubmissionReceipt receipt = await client.SubmitValuesAsync(null, "generated-client-1", new SubmitValuesRequest
                {
                    Values = new List<SubmittedValue>
                    {
                        new SubmittedValue { Indicator = "EXPORT_VALUE", OrgUnit = "TQ-SD", Period = "2019-M11", Value = 99999999999999.99m, Status = "estimate", Note = "generated client" },
                        new SubmittedValue { Indicator = "INDUSTRIAL_OUTPUT", OrgUnit = "TQ-SD", Period = "2019-M11", Value = 0.1m, Status = "preliminary" },
                    },
                });
                facts["created"] = receipt.Created;
                facts["kind"] = receipt.Kind;

                PlanVsActualResponse view = await new IndicatorsClient(reader).PlanVsActualAsync("2019-M11", "EXPORT_VALUE,INDUSTRIAL_OUTPUT", "TQ-SD", null, null, null, "en", null, null);
                PlanVsActualRow export = view.Rows.Single(r => r.Indicator == "EXPORT_VALUE");
                decimal? actual = export.Actual;
                facts["exportActual"] = actual;
                facts["outputActual"] = view.Rows.Single(r => r.Indicator == "INDUSTRIAL_OUTPUT").Actual;
                facts["status"] = export.ActualStatus;
                facts["unit"] = export.Unit;

                try
                {
                    await client.SubmitValuesAsync(null, null, new SubmitValuesRequest
                    {
                        Values = new List<SubmittedValue>
                        {
                            new SubmittedValue { Indicator = "EXPORT_VALUE", OrgUnit = "TQ-SD", Period = "2019-M13", Value = 1.234m, Status = "guess" },
                        },
                    });
                    facts["problem"] = "none";
                }
                catch (ApiException<Problem> ex)
                {
                    facts["problemStatus"] = ex.StatusCode;
                    facts["problemType"] = ex.Result.Type;
                    facts["problemErrors"] = string.Join(",", ex.Result.Errors.Keys.OrderBy(k => k, StringComparer.Ordinal));
                    facts["problemTraceId"] = ex.Result.TraceId;
                }

                // A file answer: the reporting-status template, as a stream.
                using (FileResponse template = await client.GetReportTemplateAsync("SOCIO_ECONOMIC_HALF_YEAR", "2020-S1", "TQ-SD", null, null, null))
                {
                    var bytes = new System.IO.MemoryStream();
                    await template.Stream.CopyToAsync(bytes);
                    facts["templateStatus"] = template.StatusCode;
                    facts["templateType"] = string.Join(";", template.Headers["Content-Type"]);
                    facts["templateBytes"] = bytes.ToArray();
                }
                return facts;
            }
        }
        """;

    [Fact]
    public async Task A_client_generated_from_the_document_submits_exact_decimals_reads_a_view_and_surfaces_a_problem()
    {
        var json = await api.Client().GetStringAsync(OpenApiSetup.DocumentPath, Ct);
        var document = await OpenApiDocument.FromJsonAsync(json, Ct);
        var settings = new CSharpClientGeneratorSettings
        {
            ClassName = "IndicatorsClient",
            GenerateClientInterfaces = false,
            UseBaseUrl = false,
            OperationNameGenerator = new SingleClientFromOperationIdOperationNameGenerator(),
        };
        settings.CSharpGeneratorSettings.Namespace = "Generated";
        settings.CSharpGeneratorSettings.JsonLibrary = CSharpJsonLibrary.SystemTextJson;
        var code = new CSharpClientGenerator(document, settings).GenerateFile();
        var output = Path.Combine(Repo.Root, ".ci", "out");
        Directory.CreateDirectory(output);
        await File.WriteAllTextAsync(Path.Combine(output, "IndicatorsClient.cs"), code, Ct);

        var assembly = Compile(code, Caller);
        var run = assembly.GetType("Caller")!.GetMethod("RunAsync", BindingFlags.Public | BindingFlags.Static)!;
        var submitter = api.Client("sd");
        var reader = api.TokenClient("reader");
        var facts = await (Task<Dictionary<string, object>>)run.Invoke(null, [submitter, reader])!;

        Assert.Equal(2, facts["created"]);
        Assert.Equal("values", facts["kind"]);
        Assert.Equal(99999999999999.99m, Assert.IsType<decimal>(facts["exportActual"]));
        Assert.Equal(0.1m, Assert.IsType<decimal>(facts["outputActual"]));
        Assert.Equal("estimate", facts["status"]);
        Assert.Equal("million USD", facts["unit"]);
        Assert.Equal(400, facts["problemStatus"]);
        Assert.Equal("urn:indicators:problem:validation", facts["problemType"]);
        Assert.Equal("values[0].period,values[0].status,values[0].value", facts["problemErrors"]);
        Assert.Matches("^[0-9a-f]{32}$", (string)facts["problemTraceId"]);
        Assert.Equal(200, facts["templateStatus"]);
        Assert.Equal("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", facts["templateType"]);
        var template = XlsxSheetReader.Read((byte[])facts["templateBytes"], SubmissionColumns.Read);
        Assert.Equal(8, template.Rows.Count);
    }

    private static Assembly Compile(params string[] sources)
    {
        var references = ((string)AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES")!)
            .Split(Path.PathSeparator)
            .Where(p => Path.GetFileName(p).StartsWith("System", StringComparison.Ordinal) || Path.GetFileName(p) is "netstandard.dll" or "mscorlib.dll")
            .Select(p => MetadataReference.CreateFromFile(p));
        var compilation = CSharpCompilation.Create(
            "GeneratedIndicatorsClient",
            sources.Select(s => CSharpSyntaxTree.ParseText(s, new CSharpParseOptions(LanguageVersion.Latest))),
            references,
            new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, nullableContextOptions: NullableContextOptions.Disable));
        using var dll = new MemoryStream();
        var result = compilation.Emit(dll);
        var errors = result.Diagnostics.Where(d => d.Severity == DiagnosticSeverity.Error).Select(d => d.ToString()).ToList();
        Assert.True(result.Success, "The generated client does not compile:\n" + string.Join("\n", errors.Take(20)));
        dll.Position = 0;
        return new AssemblyLoadContext("generated-client", isCollectible: true).LoadFromStream(dll);
    }
}
