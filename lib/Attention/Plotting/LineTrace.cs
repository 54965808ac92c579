using System.Text.Json;

namespace Attention.Plotting;

/// <summary>A curve through the points (X[i], Y[i]), e.g. one positional-encoding dimension or a softmax curve.</summary>
/// <param name="X">The x coordinates. Shape: (N).</param>
/// <param name="Y">The y coordinates; non-finite values break the line. Shape: (N).</param>
public sealed record LineTrace(IReadOnlyList<double> X, IReadOnlyList<double> Y) : Trace
{
    /// <summary>Whether to mark each point as well as joining them.</summary>
    public bool ShowMarkers { get; init; }

    /// <summary>A CSS colour; <c>null</c> for plotly.js's colour cycle.</summary>
    public string? Color { get; init; }

    /// <summary>Whether to draw the line dashed (e.g. a reference curve).</summary>
    public bool Dashed { get; init; }

    internal override void WriteJson(Utf8JsonWriter writer, TraceContext axes)
    {
        writer.WriteStartObject();
        WriteCommon(writer, "scatter", Name, axes);
        writer.WriteString("mode", ShowMarkers ? "lines+markers" : "lines");
        PlotlyText.WriteNumbers(writer, "x", X);
        PlotlyText.WriteNumbers(writer, "y", Y);
        writer.WriteStartObject("line");
        if (Color is not null) writer.WriteString("color", Color);
        if (Dashed) writer.WriteString("dash", "dash");
        writer.WriteEndObject();
        writer.WriteEndObject();
    }
}
