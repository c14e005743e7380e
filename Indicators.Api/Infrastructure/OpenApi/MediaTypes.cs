using Indicators.Api.Infrastructure.Http;
using Indicators.Api.Kernel.Sdmx;
using Indicators.Api.Kernel.Spreadsheets;
using NJsonSchema;
using NSwag;

namespace Indicators.Api.Infrastructure.OpenApi;

/// <summary>
/// The bodies that are not JSON, described as what they are: NSwag gives every media type of an endpoint the request
/// or response DTO's schema, which is right only for application/json. A spreadsheet upload is a file (binary, so that
/// Swagger UI offers a file picker), and so is an xlsx answer (Swagger UI offers it as a download); CSV and SDMX-CSV answers are text; an SDMX-JSON answer is an SDMX-JSON 2.0.0 data
/// message, whose schema is the standard's, not ours (SPEC "Spreadsheets", "Exchange formats (SDMX)").
/// </summary>
internal static class MediaTypes
{
    public static void Describe(OpenApiOperation op)
    {
        if (op.RequestBody is { } body)
        {
            Replace(body.Content, SheetMediaTypes.Csv, () => new JsonSchema
            {
                Type = JsonObjectType.String,
                Format = "binary",
                Description = "A CSV file (RFC 4180, UTF-8, a BOM allowed): the header row names indicator, orgUnit, period, value, status and " +
                              "optionally note, in any letter case; the delimiter , or ; is read from it; with ; a decimal comma is accepted.",
            });
            Replace(body.Content, SheetMediaTypes.Xlsx, () => new JsonSchema
            {
                Type = JsonObjectType.String,
                Format = "binary",
                Description = "An Excel workbook (.xlsx): the first worksheet, its row 1 naming the columns as in the CSV.",
            });
        }
        foreach (var response in op.Responses.Values)
        {
            // A spreadsheet answer (the reporting-status template) is a file to save, whichever of the two types: both are
            // binary, so that client generators hand back a stream (NSwag, for one, treats the answer as a file only when
            // every type of it is binary) and Swagger UI offers a download.
            var file = response.Content.ContainsKey(SheetMediaTypes.Xlsx);
            Replace(response.Content, SheetMediaTypes.Xlsx, () => new JsonSchema
            {
                Type = JsonObjectType.String,
                Format = "binary",
                Description = "An Excel workbook (.xlsx) of one worksheet: a header row, then the rows (SPEC \"Spreadsheets\").",
            });
            Replace(response.Content, Csv.MediaType, () => new JsonSchema
            {
                Type = JsonObjectType.String,
                Format = file ? "binary" : null,
                Description = file
                    ? "The same sheet as a CSV file: UTF-8, a header row, RFC 4180; text that a spreadsheet would read as a formula is prefixed with '."
                    : "UTF-8 CSV with a header row (RFC 4180); text that a spreadsheet would read as a formula is prefixed with '.",
            });
            Replace(response.Content, SdmxMedia.CsvVersioned, () => new JsonSchema
            {
                Type = JsonObjectType.String,
                Description = "SDMX-CSV 2.0: STRUCTURE,STRUCTURE_ID,ACTION, the dimensions, OBS_VALUE, OBS_STATUS, UNIT_MEASURE; one row per observation.",
            }, "STRUCTURE,STRUCTURE_ID,ACTION,INDICATOR,REF_AREA,TIME_PERIOD,OBS_VALUE,OBS_STATUS,UNIT_MEASURE\r\n" +
               "dataflow,INDICATORS:INDICATOR_VALUES(1.0),I,INDUSTRIAL_OUTPUT,TQ,2020-S1,7966,E,BILLION_VND\r\n");
            Replace(response.Content, SdmxMedia.JsonVersioned, () => new JsonSchema
            {
                Type = JsonObjectType.Object,
                Description = "An SDMX-JSON 2.0.0 data message (" + SdmxAnswer.JsonSchemaUrl + "): meta, and data with one structure " +
                              "(every dimension at the observation level, values named in vi and en) and one data set of observations.",
                AllowAdditionalProperties = true,
            });
        }
    }

    private static void Replace(IDictionary<string, OpenApiMediaType> content, string mediaType, Func<JsonSchema> schema, string? example = null)
    {
        if (content.ContainsKey(mediaType))
        {
            content[mediaType] = new OpenApiMediaType { Schema = schema(), Example = example };
        }
    }
}
