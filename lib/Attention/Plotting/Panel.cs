namespace Attention.Plotting;

/// <summary>One plotting area with its own axes: a whole single plot, or one cell of a grid (e.g. one attention head).</summary>
/// <param name="Traces">What the panel draws, in drawing order.</param>
public sealed record Panel(IReadOnlyList<Trace> Traces)
{
    /// <summary>The panel's title (above it in a grid), shown literally.</summary>
    public string? Title { get; init; }

    /// <summary>The horizontal axis.</summary>
    public Axis XAxis { get; init; } = new();

    /// <summary>The vertical axis.</summary>
    public Axis YAxis { get; init; } = new();
}
