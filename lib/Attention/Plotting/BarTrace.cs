using System.Text.Json;

namespace Attention.Plotting;

/// <summary>
/// One bar per value at x = 0, 1, 2, …; put the bars' names on the panel's x axis (<see cref="Axis.TickLabels"/>),
/// e.g. one attention row with the key tokens below it.
/// </summary>
/// <param name="Values">The bar heights. Shape: (N).</param>
public sealed record BarTrace(IReadOnlyList<double> Values) : Trace
{
    /// <summary>A CSS colour; <c>null</c> for plotly.js's colour cycle.</summary>
    public string? Color { get; init; }

    internal override void WriteJson(Utf8JsonWriter writer, TraceContext axes)
    {
        writer.WriteStartObject();
        WriteCommon(writer, "bar", Name, axes);
        PlotlyText.WriteIndices(writer, "x", Values.Count);
        PlotlyText.WriteNumbers(writer, "y", Values);
        if (Color is not null)
        {
            writer.WriteStartObject("marker");
            writer.WriteString("color", Color);
            writer.WriteEndObject();
        }
        writer.WriteEndObject();
    }
}
