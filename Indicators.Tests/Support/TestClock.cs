namespace Indicators.Tests.Support;

/// <summary>A settable clock for rules that depend on today (a period must have started).</summary>
public sealed class TestClock : TimeProvider
{
    private DateTimeOffset? now;

    public void Set(DateTimeOffset value) => now = value;

    public void Reset() => now = null;

    public override DateTimeOffset GetUtcNow() => now ?? base.GetUtcNow();
}
