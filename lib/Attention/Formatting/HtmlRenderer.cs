using System.Globalization;
using Attention.Plotting;

namespace Attention.Formatting;

/// <summary>HTML views of the library's types for notebook outputs: tables for numbers, heatmaps for attention.</summary>
internal static class HtmlRenderer
{
    /// <summary>Rows and columns shown before a table is elided: the first ones, "…", and the last two.</summary>
    public const int MaxTableSize = 12;

    /// <summary>Slices of a <see cref="Tensor3"/> shown before eliding.</summary>
    public const int MaxSlices = 2;

    /// <summary>Mask rows and columns shown before eliding.</summary>
    public const int MaxMaskSize = 32;

    /// <summary>Attention results with more queries or keys than this show their weights as a table, not a plot,
    /// so a notebook output stays small; <c>Plot.AttentionWeights</c> still draws them on request.</summary>
    public const int MaxPlottedSequence = 128;

    private const string TableStyle =
        "border-collapse:collapse;font-family:ui-monospace,monospace;font-size:12px;";
    private const string CellStyle = "padding:1px 6px;text-align:right;border:1px solid #ddd;";
    private const string HeaderStyle = "padding:1px 6px;text-align:right;color:#888;font-weight:normal;";

    public static void WriteMatrix(TextWriter writer, Matrix matrix, string? caption = null)
    {
        writer.Write("<div class=\"attention-matrix\">");
        WriteCaption(writer, caption ?? $"Matrix {matrix.ShapeString}");
        WriteTable(writer, matrix.Rows, matrix.Cols, MaxTableSize, (r, c) => FormatNumber(matrix.Data[r * matrix.Cols + c]));
        writer.Write("</div>");
    }

    public static void WriteTensor3(TextWriter writer, Tensor3 tensor)
    {
        writer.Write("<div class=\"attention-tensor3\">");
        WriteCaption(writer, $"Tensor3 {tensor.ShapeString}");
        int shown = Math.Min(tensor.Count, MaxSlices);
        for (int i = 0; i < shown; i++)
            WriteMatrix(writer, tensor[i], $"[{i}] {tensor[i].ShapeString}");
        if (tensor.Count > shown)
            writer.Write($"<div style=\"color:#888\">… {tensor.Count - shown} more</div>");
        writer.Write("</div>");
    }

    public static void WriteMask(TextWriter writer, Mask mask)
    {
        writer.Write("<div class=\"attention-mask\">");
        WriteCaption(writer, $"Mask {mask.ShapeString} (■ = may attend)");
        WriteTable(writer, mask.Queries, mask.Keys, MaxMaskSize, (r, c) => mask.Row(r)[c] ? "■" : "·");
        writer.Write("</div>");
    }

    // A result's weights are (T, S) and computed on first read: the formatter shows shapes and the output only, and plots
    // the weights only when the learner has already read them (then they cost nothing more).
    public static void WriteAttentionResult(TextWriter writer, AttentionResult result)
    {
        writer.Write("<div class=\"attention-result\">");
        WriteCaption(writer, $"AttentionResult: Output {result.Output.ShapeString}, Weights ({result.Queries}, {result.Keys}), Scores ({result.Queries}, {result.Keys})");
        if (!result.WeightsComputed)
            WriteCaption(writer, "Weights not computed yet: read result.Weights or draw Plot.AttentionWeights(result).");
        else if (result.Queries <= MaxPlottedSequence && result.Keys <= MaxPlottedSequence)
            writer.Write(Plot.AttentionWeights(result).ToHtml());
        else
            WriteMatrix(writer, result.Weights, $"Weights {result.Weights.ShapeString} (draw with Plot.AttentionWeights)");
        WriteMatrix(writer, result.Output, $"Output {result.Output.ShapeString}");
        writer.Write("</div>");
    }

    public static void WriteMultiHeadAttentionResult(TextWriter writer, MultiHeadAttentionResult result)
    {
        writer.Write("<div class=\"attention-result\">");
        WriteCaption(writer, $"MultiHeadAttentionResult: Output {result.Output.ShapeString}, Weights ({result.NumHeads}, {result.Queries}, {result.Keys}), HeadOutputs ({result.NumHeads}, {result.Queries}, {result.Output.Cols / result.NumHeads})");
        if (!result.WeightsComputed)
            WriteCaption(writer, "Weights not computed yet: read result.Weights or draw Plot.AttentionHeads(result).");
        else if (result.Queries <= MaxPlottedSequence && result.Keys <= MaxPlottedSequence)
            writer.Write(Plot.AttentionHeads(result).ToHtml());
        else
            WriteTensor3(writer, result.Weights);
        WriteMatrix(writer, result.Output, $"Output {result.Output.ShapeString}");
        writer.Write("</div>");
    }

    private static void WriteCaption(TextWriter writer, string caption) =>
        writer.Write($"<div style=\"font-family:ui-monospace,monospace;font-size:12px;margin:4px 0;\">{Encode(caption)}</div>");

    /// <summary>
    /// A table with row and column indices. Beyond <paramref name="max"/> rows (columns) it shows the first
    /// max − 3, a "…" row (column), and the last two.
    /// </summary>
    private static void WriteTable(TextWriter writer, int rows, int cols, int max, Func<int, int, string> cell)
    {
        var shownRows = ShownIndices(rows, max);
        var shownCols = ShownIndices(cols, max);
        writer.Write($"<table style=\"{TableStyle}\"><thead><tr><th></th>");
        foreach (int c in shownCols)
            writer.Write(c < 0 ? $"<th style=\"{HeaderStyle}\">…</th>" : $"<th style=\"{HeaderStyle}\">{c}</th>");
        writer.Write("</tr></thead><tbody>");
        foreach (int r in shownRows)
        {
            writer.Write(r < 0 ? $"<tr><th style=\"{HeaderStyle}\">…</th>" : $"<tr><th style=\"{HeaderStyle}\">{r}</th>");
            foreach (int c in shownCols)
            {
                string text = r < 0 || c < 0 ? "…" : Encode(cell(r, c));
                writer.Write($"<td style=\"{CellStyle}\">{text}</td>");
            }
            writer.Write("</tr>");
        }
        writer.Write("</tbody></table>");
    }

    /// <summary>The indices to show, with −1 standing for the elided run.</summary>
    internal static int[] ShownIndices(int count, int max)
    {
        if (count <= max) return [.. Enumerable.Range(0, count)];
        int head = max - 3;
        return [.. Enumerable.Range(0, head), -1, count - 2, count - 1];
    }

    /// <summary>Escapes the characters HTML gives meaning to; other text, such as ■ and ·, stays as it is.</summary>
    private static string Encode(string text) =>
        text.Replace("&", "&amp;").Replace("<", "&lt;").Replace(">", "&gt;").Replace("\"", "&quot;");

    private static string FormatNumber(float value) =>
        float.IsFinite(value) ? value.ToString("0.0000", CultureInfo.InvariantCulture)
        : float.IsNaN(value) ? "NaN" : value > 0 ? "∞" : "−∞";
}
