using Indicators.Api.Infrastructure;
using Indicators.Api.Infrastructure.Cli;

var command = Commands.IsCommand(args);
// Settings files are found beside the app whatever folder it is started from (a service unit, a script, a container).
var builder = WebApplication.CreateBuilder(new WebApplicationOptions { Args = args, ContentRootPath = AppContext.BaseDirectory });
builder.AddIndicators(command);
var app = builder.Build();
if (command)
{
    return await Commands.RunAsync(app.Services, args, Console.Out, Console.Error);
}
await app.PrepareDatabaseAsync();
app.UseIndicators();
await app.RunAsync();
return 0;

/// <summary>The entry point, visible to WebApplicationFactory in the tests.</summary>
public partial class Program;
