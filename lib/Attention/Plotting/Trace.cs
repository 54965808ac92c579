using System.Text.Json;

namespace Attention.Plotting;

/// <summary>One data series of a panel: a heatmap, a line, a scatter of labelled points or bars.</summary>
public abstract record Trace
{
    private protected Trace() { }

    /// <summary>The legend entry, shown literally (no HTML); <c>null</c> for none.</summary>
    public string? Name { get; init; }

    /// <summary>Writes the plotly.js trace object; <paramref name="axes"/> names the panel's axes and their labels.</summary>
    internal abstract void WriteJson(Utf8JsonWriter writer, TraceContext axes);

    private protected static void WriteCommon(Utf8JsonWriter writer, string type, string? name, TraceContext axes)
    {
        writer.WriteString("type", type);
        if (name is not null) writer.WriteString("name", PlotlyText.Escape(name));
        writer.WriteString("xaxis", axes.XAxisId);
        writer.WriteString("yaxis", axes.YAxisId);
    }
}

/// <summary>What a trace needs to know about its panel while it is written.</summary>
internal sealed record TraceContext(string XAxisId, string YAxisId, Axis XAxis, Axis YAxis, bool UseSharedColorAxis);
