using System.Text.Json;

namespace Attention.Plotting;

/// <summary>Points at (X[i], Y[i]), each optionally labelled with a text such as its token (embedding plots).</summary>
/// <param name="X">The x coordinates. Shape: (N).</param>
/// <param name="Y">The y coordinates. Shape: (N).</param>
public sealed record ScatterTrace(IReadOnlyList<double> X, IReadOnlyList<double> Y) : Trace
{
    /// <summary>One label per point, shown literally next to it; <c>null</c> for none. Shape: (N).</summary>
    public IReadOnlyList<string>? Labels { get; init; }

    /// <summary>Marker diameter in pixels.</summary>
    public double MarkerSize { get; init; } = 8;

    /// <summary>A CSS colour; <c>null</c> for plotly.js's colour cycle.</summary>
    public string? Color { get; init; }

    internal override void WriteJson(Utf8JsonWriter writer, TraceContext axes)
    {
        writer.WriteStartObject();
        WriteCommon(writer, "scatter", Name, axes);
        writer.WriteString("mode", Labels is null ? "markers" : "markers+text");
        PlotlyText.WriteNumbers(writer, "x", X);
        PlotlyText.WriteNumbers(writer, "y", Y);
        if (Labels is not null)
        {
            writer.WriteStartArray("text");
            foreach (string label in Labels) writer.WriteStringValue(PlotlyText.Escape(label));
            writer.WriteEndArray();
            writer.WriteString("textposition", "top center");
        }
        writer.WriteStartObject("marker");
        writer.WriteNumber("size", MarkerSize);
        if (Color is not null) writer.WriteString("color", Color);
        writer.WriteEndObject();
        writer.WriteEndObject();
    }
}
