namespace Attention.Plotting;

/// <summary>One axis of a panel: its title, optional text tick labels (tokens), direction and range.</summary>
/// <remarks>
/// Tick labels are placed at the integer positions 0, 1, 2, …, so repeated tokens ("the … the") keep one tick each
/// instead of being merged into one category, as plotly.js does with repeated category names.
/// </remarks>
public sealed record Axis
{
    /// <summary>The axis title, shown literally (no HTML).</summary>
    public string? Title { get; init; }

    /// <summary>Text for the ticks at 0, 1, 2, …, e.g. the tokens of a heatmap's rows. Shape: (T) or (S).</summary>
    public IReadOnlyList<string>? TickLabels { get; init; }

    /// <summary>Ticks every this many units starting at 0 (e.g. 1 for row indices); <c>null</c> lets plotly.js choose.
    /// Ignored when <see cref="TickLabels"/> is set.</summary>
    public double? TickStep { get; init; }

    /// <summary>Whether values grow downwards (heatmaps: row 0 on top).</summary>
    public bool Reversed { get; init; }

    /// <summary>A fixed (min, max) range; <c>null</c> lets plotly.js fit the data.</summary>
    public (double Min, double Max)? Range { get; init; }

    /// <summary>Whether to use a logarithmic scale (e.g. cost against sequence length).</summary>
    public bool Logarithmic { get; init; }
}
