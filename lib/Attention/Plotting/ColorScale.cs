using System.Text.Json;

namespace Attention.Plotting;

/// <summary>
/// How a heatmap maps numbers to colours: one of plotly.js's named scales, or a list of (position, colour) stops.
/// Use a sequential scale (<see cref="Viridis"/>, <see cref="Blues"/>) for weights in [0, 1] and a diverging one
/// (<see cref="RdBu"/>, centred at 0) for scores and encodings that take both signs.
/// </summary>
public sealed class ColorScale
{
    private readonly string? _name;
    private readonly (double Position, string Color)[]? _stops;

    private ColorScale(string? name, (double, string)[]? stops)
    {
        _name = name;
        _stops = stops;
    }

    /// <summary>Sequential, dark purple (low) to yellow (high); readable in greyscale and for colour-blind readers.</summary>
    public static ColorScale Viridis { get; } = new("Viridis", null);

    /// <summary>Sequential, white (low) to dark blue (high).</summary>
    public static ColorScale Blues { get; } = new("Blues", null);

    /// <summary>Sequential, white (low) to black (high).</summary>
    public static ColorScale Greys { get; } = new("Greys", null);

    /// <summary>Diverging, blue (low) through white to red (high); pair it with a midpoint of 0.</summary>
    public static ColorScale RdBu { get; } = new("RdBu", null);

    /// <summary>A scale given by colour stops, e.g. <c>ColorScale.Custom((0, "#f4f4f4"), (1, "#3b6fb6"))</c>.</summary>
    /// <param name="stops">Positions in [0, 1], ascending, from 0 to 1, each with a CSS colour. Shape: (at least 2).</param>
    public static ColorScale Custom(params (double Position, string Color)[] stops)
    {
        ArgumentNullException.ThrowIfNull(stops);
        if (stops.Length < 2)
            ThrowHelper.ThrowArgument(nameof(stops), $"stops has {stops.Length} entries; a colour scale needs at least 2.");
        if (stops[0].Position != 0 || stops[^1].Position != 1)
            ThrowHelper.ThrowArgument(nameof(stops), $"stops run from {stops[0].Position} to {stops[^1].Position}; they must start at 0 and end at 1.");
        for (int i = 1; i < stops.Length; i++)
            if (!(stops[i].Position >= stops[i - 1].Position))
                ThrowHelper.ThrowArgument(nameof(stops), $"stops[{i}] is at {stops[i].Position}, before stops[{i - 1}] at {stops[i - 1].Position}; positions must ascend.");
        return new ColorScale(null, [.. stops]);
    }

    /// <summary>The plotly.js name (<c>Viridis</c>, <c>RdBu</c>, …), or <c>custom</c>.</summary>
    public override string ToString() => _name ?? "custom";

    internal void WriteValue(Utf8JsonWriter writer)
    {
        if (_name is not null)
        {
            writer.WriteStringValue(_name);
            return;
        }
        writer.WriteStartArray();
        foreach (var (position, color) in _stops!)
        {
            writer.WriteStartArray();
            writer.WriteNumberValue(position);
            writer.WriteStringValue(color);
            writer.WriteEndArray();
        }
        writer.WriteEndArray();
    }
}
