namespace Indicators.Api.Infrastructure;

/// <summary>
/// Registers the class as a singleton (as itself and as its interfaces) when the service starts: slices and the kernel
/// mark their services, so composition needs no list of them (<see cref="Startup"/> scans the assembly with Scrutor).
/// Per-dialect implementations are not marked; they are registered with <c>DatabaseServices.AddPerDialect</c>.
/// </summary>
[AttributeUsage(AttributeTargets.Class, Inherited = false)]
internal sealed class SingletonAttribute : Attribute;
