using System.Globalization;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using Indicators.Api.Infrastructure.Database;
using Indicators.Api.Infrastructure.Http;

namespace Indicators.Api.Kernel.Sdmx;

/// <summary>
/// Observations of a flow as SDMX-CSV 2.0 or SDMX-JSON 2.0 (SPEC "Exchange formats (SDMX)"). Both carry exactly the
/// observations given, in their order: a read view's page and filters decide what they are, as for its JSON. A figure
/// that is null has no observation (never a 0).
/// </summary>
/// <remarks>
/// SDMX-JSON: one structure and one data set, every dimension at the observation level ("flat", the SDMX API's
/// dimensionAtObservation=AllDimensions): an observation's key is the index of each dimension's value
/// (<c>"0:2:1"</c>), its array the figure then the indexes of its OBS_STATUS and UNIT_MEASURE values (null where it has
/// none), as the SDMX-JSON 2.0.0 field guide describes. Dimension and attribute values carry their names in the
/// requested language and in both (<c>name</c>, <c>names: {vi, en}</c>). The schema requires every dimension to list at
/// least one value, so an empty answer lists its dimensions as none. Numbers are written as the decimals they are.
/// </remarks>
internal static class SdmxAnswer
{
    public const string JsonSchemaUrl = "https://raw.githubusercontent.com/sdmx-twg/sdmx-json/master/data-message/tools/schemas/2.0.0/sdmx-json-data-schema.json";

    private static readonly Names Sender = new("Hệ thống chỉ tiêu kinh tế - xã hội của tỉnh", "Provincial socio-economic indicators service");

    public static IResult Result(SdmxFormat format, SdmxFlow flow, IReadOnlyList<SdmxObservation> observations, string agency, string lang,
        DateTimeOffset prepared, string fileName) => format == SdmxFormat.Csv
        ? new Answer(Encoding.UTF8.GetBytes(Csv(flow, observations, agency)), SdmxMedia.Csv + "; version=" + SdmxMedia.Version + "; charset=utf-8", fileName + ".csv", null, null)
        : new Answer(Json(flow, observations, agency, lang, prepared, out var tag), SdmxMedia.Json + "; version=" + SdmxMedia.Version + "; charset=utf-8", fileName + ".json", lang == "en" ? "en, vi" : "vi, en", tag);

    /// <summary>SDMX-CSV 2.0: STRUCTURE, STRUCTURE_ID, ACTION, the dimensions, OBS_VALUE, the attributes (ids, not names).</summary>
    public static string Csv(SdmxFlow flow, IReadOnlyList<SdmxObservation> observations, string agency)
    {
        var header = new List<string> { "STRUCTURE", "STRUCTURE_ID", "ACTION" };
        header.AddRange(flow.Dimensions.Select(d => d.Id));
        header.AddRange([SdmxFlows.ObsValue.Id, SdmxFlows.ObsStatus.Id, SdmxFlows.UnitMeasure.Id]);
        var structure = flow.StructureId(agency);
        return Infrastructure.Http.Csv.Build(header, observations.Select(o =>
        {
            var row = new List<string?> { "dataflow", structure, "I", o.Indicator.Code, o.Area.Code };
            if (flow.HasMeasureDimension)
            {
                row.Add(SdmxFlows.MeasureCode(o.Measure!.Value).Code);
            }
            row.Add(SdmxFlows.TimeOf(o.Period));
            row.Add(Number(o.Value));
            row.Add(SdmxFlows.ObsStatusOf(o.Status)?.Code);
            row.Add(o.Unit.Code);
            return (IReadOnlyList<string?>)row;
        }));
    }

    private static string Number(decimal value) => DapperSetup.Normalize(value).ToString(CultureInfo.InvariantCulture);

    /// <summary>An SDMX-JSON 2.0.0 data message (UTF-8 bytes).</summary>
    public static byte[] Json(SdmxFlow flow, IReadOnlyList<SdmxObservation> observations, string agency, string lang, DateTimeOffset prepared) =>
        Json(flow, observations, agency, lang, prepared, out _);

    /// <summary>An SDMX-JSON 2.0.0 data message (UTF-8 bytes) and its weak entity tag: the hash of everything after the
    /// message's <c>meta</c>, whose <c>id</c> and <c>prepared</c> are new in every message. Two messages of the same data
    /// are the same representation (RFC 9110 §8.8.1: weakly equal), so a conditional GET answers 304 until the data
    /// changes, on every replica, as the other views do.</summary>
    private static byte[] Json(SdmxFlow flow, IReadOnlyList<SdmxObservation> observations, string agency, string lang, DateTimeOffset prepared,
        out string weakTag)
    {
        // The values each dimension and attribute takes, in order of first appearance; an observation refers to them by index.
        var dimensionValues = flow.Dimensions.Select(_ => new Dictionary<string, int>(StringComparer.Ordinal)).ToArray();
        var dimensionItems = flow.Dimensions.Select(_ => new List<Action<Utf8JsonWriter>>()).ToArray();
        var statusValues = new Dictionary<string, int>(StringComparer.Ordinal);
        var statusItems = new List<Action<Utf8JsonWriter>>();
        var unitValues = new Dictionary<string, int>(StringComparer.Ordinal);
        var unitItems = new List<Action<Utf8JsonWriter>>();
        var keys = new List<(string Key, decimal Value, int? Status, int Unit)>(observations.Count);

        foreach (var o in observations)
        {
            var key = new StringBuilder();
            for (var d = 0; d < flow.Dimensions.Count; d++)
            {
                var (id, item) = DimensionValue(flow.Dimensions[d], o, lang);
                if (!dimensionValues[d].TryGetValue(id, out var index))
                {
                    index = dimensionValues[d][id] = dimensionItems[d].Count;
                    dimensionItems[d].Add(item);
                }
                key.Append(d == 0 ? "" : ":").Append(index.ToString(CultureInfo.InvariantCulture));
            }
            int? status = null;
            if (SdmxFlows.ObsStatusOf(o.Status) is { } s)
            {
                if (!statusValues.TryGetValue(s.Code, out var i))
                {
                    i = statusValues[s.Code] = statusItems.Count;
                    statusItems.Add(w => Coded(w, s.Code, s.Names, lang));
                }
                status = i;
            }
            if (!unitValues.TryGetValue(o.Unit.Code, out var u))
            {
                u = unitValues[o.Unit.Code] = unitItems.Count;
                var unit = o.Unit;
                unitItems.Add(w => Coded(w, unit.Code, unit.Names, lang));
            }
            keys.Add((key.ToString(), o.Value, status, u));
        }

        using var stream = new MemoryStream();
        long dataStart;
        using (var w = new Utf8JsonWriter(stream, new JsonWriterOptions { Encoder = JavaScriptEncoder.Create(System.Text.Unicode.UnicodeRanges.All) }))
        {
            w.WriteStartObject();
            w.WriteStartObject("meta");
            w.WriteString("schema", JsonSchemaUrl);
            w.WriteString("id", "IND-" + Guid.CreateVersion7(prepared).ToString("N"));
            w.WriteBoolean("test", false);
            w.WriteString("prepared", prepared.ToUniversalTime().ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture));
            w.WriteStartArray("contentLanguages");
            w.WriteStringValue(lang);
            w.WriteStringValue(lang == "en" ? "vi" : "en");
            w.WriteEndArray();
            w.WriteStartObject("sender");
            w.WriteString("id", agency);
            WriteNames(w, Sender, lang);
            w.WriteEndObject();
            w.WriteEndObject();
            w.Flush();
            dataStart = stream.Length;

            w.WriteStartObject("data");
            w.WriteStartArray("structures");
            w.WriteStartObject();
            WriteLinks(w, flow, agency);
            WriteNames(w, flow.Names, lang);
            w.WriteStartObject("dimensions");
            w.WriteStartArray("dataSet");
            w.WriteEndArray();
            w.WriteStartArray("series");
            w.WriteEndArray();
            w.WriteStartArray("observation");
            if (observations.Count > 0)
            {
                for (var d = 0; d < flow.Dimensions.Count; d++)
                {
                    var dimension = flow.Dimensions[d];
                    w.WriteStartObject();
                    w.WriteString("id", dimension.Id);
                    WriteNames(w, dimension.Names, lang);
                    w.WriteNumber("keyPosition", d);
                    if (dimension.Role is { } role)
                    {
                        w.WriteStartArray("roles");
                        w.WriteStringValue(role);
                        w.WriteEndArray();
                    }
                    if (dimension == SdmxFlows.TimePeriod)
                    {
                        w.WriteStartObject("format");
                        w.WriteString("dataType", "ObservationalTimePeriod");
                        w.WriteEndObject();
                    }
                    w.WriteStartArray("values");
                    foreach (var item in dimensionItems[d])
                    {
                        item(w);
                    }
                    w.WriteEndArray();
                    w.WriteEndObject();
                }
            }
            w.WriteEndArray();
            w.WriteEndObject();

            w.WriteStartObject("measures");
            w.WriteStartArray("observation");
            w.WriteStartObject();
            w.WriteString("id", SdmxFlows.ObsValue.Id);
            WriteNames(w, SdmxFlows.ObsValue.Names, lang);
            w.WriteStartArray("roles");
            w.WriteStringValue(SdmxFlows.ObsValue.Role);
            w.WriteEndArray();
            w.WriteBoolean("isMandatory", true);
            w.WriteStartObject("format");
            w.WriteString("dataType", "Decimal");
            w.WriteEndObject();
            w.WriteEndObject();
            w.WriteEndArray();
            w.WriteEndObject();

            w.WriteStartObject("attributes");
            w.WriteStartArray("dataSet");
            w.WriteEndArray();
            w.WriteStartArray("series");
            w.WriteEndArray();
            w.WriteStartArray("observation");
            WriteAttribute(w, SdmxFlows.ObsStatus, statusItems, lang);
            WriteAttribute(w, SdmxFlows.UnitMeasure, unitItems, lang);
            w.WriteEndArray();
            w.WriteEndObject();
            w.WriteStartArray("dataSets");
            w.WriteNumberValue(0);
            w.WriteEndArray();
            w.WriteEndObject();
            w.WriteEndArray();

            w.WriteStartArray("dataSets");
            w.WriteStartObject();
            w.WriteNumber("structure", 0);
            w.WriteString("action", "Information");
            WriteLinks(w, flow, agency);
            w.WriteStartObject("observations");
            foreach (var (key, value, status, unit) in keys)
            {
                w.WriteStartArray(key);
                w.WriteNumberValue(DapperSetup.Normalize(value));
                if (status is { } s)
                {
                    w.WriteNumberValue(s);
                }
                else
                {
                    w.WriteNullValue();
                }
                w.WriteNumberValue(unit);
                w.WriteEndArray();
            }
            w.WriteEndObject();
            w.WriteEndObject();
            w.WriteEndArray();
            w.WriteEndObject();
            w.WriteEndObject();
        }
        var body = stream.ToArray();
        weakTag = "W/" + ETagMiddleware.TagOf(body.AsSpan((int)dataStart));
        return body;
    }

    /// <summary>A dimension's value for an observation: its id (what keys it) and how it is written.</summary>
    private static (string Id, Action<Utf8JsonWriter> Write) DimensionValue(SdmxComponent dimension, SdmxObservation o, string lang)
    {
        if (dimension == SdmxFlows.Indicator)
        {
            return (o.Indicator.Code, w => Coded(w, o.Indicator.Code, new Names(o.Indicator.NameVi, o.Indicator.NameEn), lang));
        }
        if (dimension == SdmxFlows.RefArea)
        {
            return (o.Area.Code, w => Coded(w, o.Area.Code, new Names(o.Area.NameVi, o.Area.NameEn), lang));
        }
        if (dimension == SdmxFlows.Measure)
        {
            var (code, names) = SdmxFlows.MeasureCode(o.Measure!.Value);
            return (code, w => Coded(w, code, names, lang));
        }
        var period = o.Period;
        var time = SdmxFlows.TimeOf(period);
        return (time, w =>
        {
            w.WriteStartObject();
            // A reporting period is an id; a time range holds '/', which an id may not: it is the value itself.
            w.WriteString(period.Type == Domain.PeriodType.Range ? "value" : "id", time);
            WriteNames(w, SdmxFlows.TimeNames(period), lang);
            w.WriteString("start", period.Start.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) + "T00:00:00Z");
            w.WriteString("end", period.End.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) + "T23:59:59Z");
            w.WriteEndObject();
        });
    }

    private static void Coded(Utf8JsonWriter w, string id, Names names, string lang)
    {
        w.WriteStartObject();
        w.WriteString("id", id);
        WriteNames(w, names, lang);
        w.WriteEndObject();
    }

    private static void WriteNames(Utf8JsonWriter w, Names names, string lang)
    {
        w.WriteString("name", names.In(lang));
        w.WriteStartObject("names");
        w.WriteString("vi", names.Vi);
        w.WriteString("en", names.En);
        w.WriteEndObject();
    }

    private static void WriteLinks(Utf8JsonWriter w, SdmxFlow flow, string agency)
    {
        w.WriteStartArray("links");
        w.WriteStartObject();
        w.WriteString("urn", flow.Urn(agency));
        w.WriteString("rel", "dataflow");
        w.WriteEndObject();
        w.WriteEndArray();
    }

    private static void WriteAttribute(Utf8JsonWriter w, SdmxComponent attribute, List<Action<Utf8JsonWriter>> values, string lang)
    {
        w.WriteStartObject();
        w.WriteString("id", attribute.Id);
        WriteNames(w, attribute.Names, lang);
        w.WriteStartArray("roles");
        w.WriteStringValue(attribute.Role);
        w.WriteEndArray();
        w.WriteStartObject("relationship");
        w.WriteStartObject("observation");
        w.WriteEndObject();
        w.WriteEndObject();
        if (values.Count > 0)
        {
            w.WriteStartArray("values");
            foreach (var value in values)
            {
                value(w);
            }
            w.WriteEndArray();
        }
        w.WriteEndObject();
    }

    private sealed class Answer(byte[] body, string contentType, string fileName, string? contentLanguage, string? etag) : IResult
    {
        public async Task ExecuteAsync(HttpContext httpContext)
        {
            var response = httpContext.Response;
            response.StatusCode = StatusCodes.Status200OK;
            response.ContentType = contentType;
            response.Headers.ContentDisposition = $"inline; filename=\"{fileName}\"";
            if (contentLanguage is not null)
            {
                response.Headers.ContentLanguage = contentLanguage;
            }
            if (etag is not null)
            {
                // The entity tag of what the message says, not of its bytes (ETagMiddleware and ReadCache keep it).
                response.Headers.ETag = etag;
            }
            response.ContentLength = body.Length;
            await response.Body.WriteAsync(body, httpContext.RequestAborted);
        }
    }
}
