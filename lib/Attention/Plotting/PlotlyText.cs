using System.Text;
using System.Text.Json;

namespace Attention.Plotting;

/// <summary>Text and number helpers shared by the JSON writers.</summary>
internal static class PlotlyText
{
    /// <summary>
    /// plotly.js reads titles, tick labels and legend entries as a small HTML subset (<c>&lt;b&gt;</c>, <c>&lt;br&gt;</c>, entities).
    /// Tokens such as <c>&lt;eos&gt;</c> must show literally, so <c>&amp;</c>, <c>&lt;</c> and <c>&gt;</c> become entities,
    /// which plotly.js decodes back to the characters.
    /// </summary>
    public static string Escape(string text)
    {
        if (text.AsSpan().IndexOfAny('&', '<', '>') < 0) return text;
        var sb = new StringBuilder(text.Length + 8);
        foreach (char c in text)
        {
            sb.Append(c switch
            {
                '&' => "&amp;",
                '<' => "&lt;",
                '>' => "&gt;",
                _ => c.ToString(),
            });
        }
        return sb.ToString();
    }

    /// <summary>JSON has no NaN or ∞: such values become <c>null</c>, which plotly.js leaves blank (a masked score shows as a gap).</summary>
    public static void WriteNumber(Utf8JsonWriter writer, float value)
    {
        if (float.IsFinite(value)) writer.WriteNumberValue(value);
        else writer.WriteNullValue();
    }

    /// <inheritdoc cref="WriteNumber(Utf8JsonWriter, float)"/>
    public static void WriteNumber(Utf8JsonWriter writer, double value)
    {
        if (double.IsFinite(value)) writer.WriteNumberValue(value);
        else writer.WriteNullValue();
    }

    public static void WriteNumbers(Utf8JsonWriter writer, string property, IReadOnlyList<double> values)
    {
        writer.WriteStartArray(property);
        for (int i = 0; i < values.Count; i++) WriteNumber(writer, values[i]);
        writer.WriteEndArray();
    }

    public static void WriteIndices(Utf8JsonWriter writer, string property, int count)
    {
        writer.WriteStartArray(property);
        for (int i = 0; i < count; i++) writer.WriteNumberValue(i);
        writer.WriteEndArray();
    }
}
