namespace Indicators.Tests.Support;

/// <summary>The repository the tests run from (the folder holding Indicators.slnx).</summary>
internal static class Repo
{
    public static string Root { get; } = Find();

    private static string Find()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Indicators.slnx")))
            {
                return dir.FullName;
            }
        }
        throw new InvalidOperationException("No Indicators.slnx above " + AppContext.BaseDirectory);
    }
}
