using System.Text.Json;

namespace Attention.Plotting;

/// <summary>
/// A matrix drawn as coloured cells: element (r, c) at x = c, y = r. Tokens go on the panel's axes
/// (<see cref="Axis.TickLabels"/>); NaN and ±∞ cells (e.g. masked scores) are left blank.
/// </summary>
/// <param name="Z">The values. Shape: (T, S).</param>
public sealed record HeatmapTrace(Matrix Z) : Trace
{
    /// <summary>The colour scale; <see cref="ColorScale.Viridis"/> by default.</summary>
    public ColorScale ColorScale { get; init; } = ColorScale.Viridis;

    /// <summary>The value drawn with the lowest colour; <c>null</c> for the data's minimum.</summary>
    public double? ZMin { get; init; }

    /// <summary>The value drawn with the highest colour; <c>null</c> for the data's maximum.</summary>
    public double? ZMax { get; init; }

    /// <summary>The value drawn with the scale's middle colour (0 for a diverging scale); <c>null</c> for none.</summary>
    public double? ZMid { get; init; }

    /// <summary>Whether to draw the colour bar.</summary>
    public bool ShowColorBar { get; init; } = true;

    /// <summary>The colour bar's title, shown literally.</summary>
    public string? ColorBarTitle { get; init; }

    /// <summary>Whether to print each value (2 decimals) in its cell; useful up to about 12 × 12.</summary>
    public bool ShowValues { get; init; }

    internal override void WriteJson(Utf8JsonWriter writer, TraceContext axes)
    {
        writer.WriteStartObject();
        WriteCommon(writer, "heatmap", Name, axes);
        writer.WriteStartArray("z");
        for (int r = 0; r < Z.Rows; r++)
        {
            writer.WriteStartArray();
            foreach (float v in Z.Row(r)) PlotlyText.WriteNumber(writer, v);
            writer.WriteEndArray();
        }
        writer.WriteEndArray();
        PlotlyText.WriteIndices(writer, "x", Z.Cols);
        PlotlyText.WriteIndices(writer, "y", Z.Rows);

        if (axes.UseSharedColorAxis)
        {
            writer.WriteString("coloraxis", "coloraxis");
        }
        else
        {
            writer.WritePropertyName("colorscale");
            ColorScale.WriteValue(writer);
            WriteRange(writer, "zmin", "zmax", "zmid");
            writer.WriteBoolean("showscale", ShowColorBar);
            if (ColorBarTitle is not null) WriteColorBar(writer);
        }
        if (ShowValues)
        {
            writer.WriteString("texttemplate", "%{z:.2f}");
            writer.WriteStartObject("textfont");
            writer.WriteNumber("size", 11);
            writer.WriteEndObject();
        }
        WriteHoverText(writer, axes);
        writer.WriteEndObject();
    }

    /// <summary>The <c>layout.coloraxis</c> object a grid shares among its heatmaps, taken from this trace's settings.</summary>
    internal void WriteSharedColorAxis(Utf8JsonWriter writer)
    {
        writer.WriteStartObject("coloraxis");
        writer.WritePropertyName("colorscale");
        ColorScale.WriteValue(writer);
        WriteRange(writer, "cmin", "cmax", "cmid");
        writer.WriteBoolean("showscale", ShowColorBar);
        if (ColorBarTitle is not null) WriteColorBar(writer);
        writer.WriteEndObject();
    }

    private void WriteRange(Utf8JsonWriter writer, string min, string max, string mid)
    {
        if (ZMin is double lo) writer.WriteNumber(min, lo);
        if (ZMax is double hi) writer.WriteNumber(max, hi);
        if (ZMid is double m) writer.WriteNumber(mid, m);
    }

    private void WriteColorBar(Utf8JsonWriter writer)
    {
        writer.WriteStartObject("colorbar");
        writer.WriteStartObject("title");
        writer.WriteString("text", PlotlyText.Escape(ColorBarTitle!));
        writer.WriteEndObject();
        writer.WriteEndObject();
    }

    /// <summary>Above this many cells the hover shows indices only, keeping the JSON small.</summary>
    internal const int MaxHoverTextCells = 10_000;

    /// <summary>Hovering a cell names its row and column by token (or index) and shows the value with 4 decimals.</summary>
    private void WriteHoverText(Utf8JsonWriter writer, TraceContext axes)
    {
        if ((long)Z.Rows * Z.Cols > MaxHoverTextCells)
        {
            writer.WriteString("hovertemplate", "row %{y}, col %{x}<br>%{z:.4f}<extra></extra>");
            return;
        }
        var rows = axes.YAxis.TickLabels;
        var cols = axes.XAxis.TickLabels;
        writer.WriteStartArray("text");
        for (int r = 0; r < Z.Rows; r++)
        {
            writer.WriteStartArray();
            string row = rows is null ? $"row {r}" : $"{PlotlyText.Escape(rows[r])} ({r})";
            for (int c = 0; c < Z.Cols; c++)
                writer.WriteStringValue(cols is null ? $"{row}, col {c}" : $"{row} → {PlotlyText.Escape(cols[c])} ({c})");
            writer.WriteEndArray();
        }
        writer.WriteEndArray();
        writer.WriteString("hovertemplate", "%{text}<br>%{z:.4f}<extra></extra>");
    }
}
