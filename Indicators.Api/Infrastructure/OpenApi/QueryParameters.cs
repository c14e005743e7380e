using System.Reflection;
using System.Text.Json.Serialization;
using FastEndpoints;
using Namotion.Reflection;
using NSwag;
using NSwag.Generation.Processors.Contexts;

namespace Indicators.Api.Infrastructure.OpenApi;

/// <summary>
/// Query parameters as binding really treats them: FastEndpoints describes a request DTO's properties, but which are
/// required, which have defaults and which are left out follows from binding and the validator, not from the property types.
/// </summary>
internal static class QueryParameters
{
    /// <summary>
    /// FastEndpoints leaves out every [JsonIgnore] property, but <c>[QueryParam, JsonIgnore]</c> is how a request keeps a
    /// query value (<c>?dryRun=true</c>) out of its JSON body: it is still a query parameter.
    /// </summary>
    public static void AddIgnored(OperationProcessorContext context, OpenApiOperation op, EndpointDefinition endpoint)
    {
        if (endpoint.ReqDtoType is not { } requestType)
        {
            return;
        }
        foreach (var property in requestType.GetProperties(BindingFlags.Public | BindingFlags.Instance)
                     .Where(p => p.IsDefined(typeof(QueryParamAttribute)) && p.IsDefined(typeof(JsonIgnoreAttribute))))
        {
            var name = property.GetCustomAttribute<BindFromAttribute>()?.Name ?? System.Text.Json.JsonNamingPolicy.CamelCase.ConvertName(property.Name);
            if (op.Parameters.Any(p => p.Kind == OpenApiParameterKind.Query && p.Name == name))
            {
                continue;
            }
            var description = endpoint.EndpointSummary?.Params.GetValueOrDefault(name) ?? endpoint.EndpointSummary?.Params.GetValueOrDefault(property.Name)
                              ?? property.GetXmlDocsSummary();
            var parameter = context.DocumentGenerator.CreatePrimitiveParameter(name, description, property.PropertyType.ToContextualType());
            parameter.Kind = OpenApiParameterKind.Query;
            parameter.IsNullableRaw = null; // nullability belongs to the schema, not the parameter object
            // Never required by binding; a value type goes on to MarkOptionalQueryParameters, which writes its default.
            parameter.IsRequired = property.PropertyType.IsValueType;
            op.Parameters.Add(parameter);
        }
    }

    /// <summary>
    /// FastEndpoints marks every non-nullable query property required. Binding leaves a missing one at the value a new
    /// request has (page = 1), so only what a validator insists on is really required; a value type or a non-empty
    /// initial value is an optional parameter with that default.
    /// </summary>
    public static void MarkOptional(OpenApiOperation op, Type? requestType)
    {
        if (requestType is null || requestType.GetConstructor(Type.EmptyTypes) is null)
        {
            return;
        }
        object fresh;
        try
        {
            fresh = Activator.CreateInstance(requestType)!;
        }
        catch (TargetInvocationException)
        {
            return;
        }
        foreach (var parameter in op.Parameters.Where(p => p.Kind == OpenApiParameterKind.Query && p.IsRequired))
        {
            var property = requestType.GetProperties(BindingFlags.Public | BindingFlags.Instance)
                .FirstOrDefault(p => string.Equals(p.GetCustomAttribute<BindFromAttribute>()?.Name ?? p.Name, parameter.Name, StringComparison.OrdinalIgnoreCase));
            if (property is null)
            {
                continue;
            }
            var value = property.GetValue(fresh);
            if (property.PropertyType.IsValueType || value is string { Length: > 0 })
            {
                parameter.IsRequired = false;
                if (parameter.Schema is not null && value is not null)
                {
                    parameter.Schema.Default = value is bool b ? b : value is string or int or long or decimal ? value : value.ToString();
                }
            }
        }
    }

    /// <summary>
    /// A query parameter is required when the endpoint's validator refuses a request that leaves it out: the fresh
    /// request (every query value absent) is validated, and each query parameter named in a failure is required.
    /// </summary>
    public static void MarkRequired(OpenApiOperation op, EndpointDefinition endpoint)
    {
        if (endpoint.ValidatorType is not { } validatorType || endpoint.ReqDtoType is not { } requestType
            || validatorType.GetConstructor(Type.EmptyTypes) is null || requestType.GetConstructor(Type.EmptyTypes) is null)
        {
            return;
        }
        FluentValidation.Results.ValidationResult result;
        try
        {
            var validator = (FluentValidation.IValidator)Activator.CreateInstance(validatorType)!;
            result = validator.Validate(new FluentValidation.ValidationContext<object>(Activator.CreateInstance(requestType)!));
        }
        catch (Exception ex) when (ex is TargetInvocationException or InvalidOperationException or InvalidCastException or NotSupportedException)
        {
            return; // a validator that needs services or the HTTP context: leave what FastEndpoints decided
        }
        var failed = result.Errors.Select(e => e.PropertyName).ToHashSet(StringComparer.OrdinalIgnoreCase);
        foreach (var parameter in op.Parameters.Where(p => p.Kind == OpenApiParameterKind.Query && failed.Contains(p.Name)))
        {
            parameter.IsRequired = true;
            if (parameter.Schema is not null)
            {
                parameter.Schema.IsNullableRaw = null;
                parameter.Schema.Default = null;
            }
        }
    }

    /// <summary>FastEndpoints describes parameters from the JSON body's properties; without a body, from the DTO's XML docs.</summary>
    public static void Describe(OpenApiOperation op, Type? requestType)
    {
        if (requestType is null)
        {
            return;
        }
        foreach (var parameter in op.Parameters.Where(p => p.Kind is OpenApiParameterKind.Query or OpenApiParameterKind.Path && string.IsNullOrWhiteSpace(p.Description)))
        {
            var property = requestType.GetProperties(BindingFlags.Public | BindingFlags.Instance)
                .FirstOrDefault(p => string.Equals(p.GetCustomAttribute<BindFromAttribute>()?.Name ?? p.Name, parameter.Name, StringComparison.OrdinalIgnoreCase));
            var summary = property?.GetXmlDocsSummary();
            if (!string.IsNullOrWhiteSpace(summary))
            {
                parameter.Description = summary;
            }
        }
    }
}
