namespace Indicators.Api.Infrastructure.OpenApi;

/// <summary>Section <c>Swagger</c>: whether the OpenAPI document and Swagger UI are served.</summary>
internal sealed class SwaggerOptions
{
    public const string Section = "Swagger";

    public bool Enabled { get; set; } = true;
}
