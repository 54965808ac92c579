using System.Collections;
using System.Reflection;
using Attention;

namespace Attention.Plotting.Tests;

/// <summary>
/// Finds and calls the HTML formatters exactly as .NET Interactive does without referencing it: the attribute is matched
/// by class name, the source created by its parameterless constructor, and <c>Format</c> found by name.
/// </summary>
public sealed class FormatterConventionTests
{
    private static string? FormatAsHtml(object value)
    {
        var attribute = value.GetType().GetCustomAttributes(inherit: false)
            .SingleOrDefault(a => a.GetType().Name == "TypeFormatterSourceAttribute");
        if (attribute is null) return null;
        var sourceType = (Type)attribute.GetType().GetProperty("FormatterSourceType")!.GetValue(attribute)!;
        var preferred = (string[])attribute.GetType().GetProperty("PreferredMimeTypes")!.GetValue(attribute)!;
        Assert.Equal(["text/html"], preferred);

        object source = Activator.CreateInstance(sourceType)!;
        var formatters = (IEnumerable)sourceType.GetMethod("CreateTypeFormatters")!.Invoke(source, null)!;
        foreach (object formatter in formatters)
        {
            var type = formatter.GetType();
            if ((string?)type.GetProperty("MimeType")!.GetValue(formatter) != "text/html") continue;
            var forType = (Type?)type.GetProperty("Type")?.GetValue(formatter);
            if (forType is not null && !forType.IsInstanceOfType(value)) continue;
            // GetMethod by name throws AmbiguousMatchException if Format were overloaded, as it does in .NET Interactive.
            var format = type.GetMethod("Format")!;
            Assert.Equal([typeof(object), typeof(TextWriter)], format.GetParameters().Select(p => p.ParameterType));
            Assert.Equal(typeof(bool), format.ReturnType);
            var writer = new StringWriter();
            if ((bool)format.Invoke(formatter, [value, writer])!) return writer.ToString();
        }
        return null;
    }

    [Fact]
    public void Every_result_type_carries_an_attribute_named_TypeFormatterSourceAttribute()
    {
        Type[] types = [typeof(Figure), typeof(Matrix), typeof(Tensor3), typeof(Mask), typeof(AttentionResult), typeof(MultiHeadAttentionResult)];

        foreach (var type in types)
            Assert.Contains(type.GetCustomAttributes(inherit: false), a => a.GetType().Name == "TypeFormatterSourceAttribute");
    }

    [Fact]
    public void A_figure_found_by_convention_renders_as_an_attention_plot_div_that_calls_Plotly_newPlot()
    {
        var figure = Plot.Heatmap(TestData.RandomWeights(3, 3, seed: 5), ["a", "b", "c"], title: "convention figure");

        string html = FormatAsHtml(figure)!;

        Assert.StartsWith("<div class=\"attention-plot\"", html);
        Assert.Contains("Plotly.newPlot(div, figure.data, figure.layout, figure.config)", html);
        Assert.Contains(figure.ToJson(), html);
    }

    [Fact]
    public void A_small_matrix_renders_as_a_table_of_every_value_with_4_decimals()
    {
        var matrix = new Matrix(2, 3, [0.5f, -1f, 2.25f, float.NaN, float.NegativeInfinity, 1e-5f]);

        string html = FormatAsHtml(matrix)!;

        Assert.Contains("Matrix (2, 3)", html);
        Assert.Equal(2, CountOf(html, "<tr><th style"));
        foreach (string cell in new[] { "0.5000", "-1.0000", "2.2500", "NaN", "−∞", "0.0000" })
            Assert.Contains($">{cell}</td>", html);
        Assert.DoesNotContain("…", html);
    }

    [Fact]
    public void A_20_by_20_matrix_shows_the_first_9_rows_an_ellipsis_and_the_last_2()
    {
        var matrix = new Matrix(20, 20);
        matrix[19, 19] = 7.5f;
        matrix[9, 0] = 3f;

        string html = FormatAsHtml(matrix)!;

        foreach (int shown in new[] { 0, 8, 18, 19 }) Assert.Contains($">{shown}</th>", html);
        foreach (int hidden in new[] { 9, 10, 17 }) Assert.DoesNotContain($">{hidden}</th>", html);
        Assert.Contains(">7.5000</td>", html);
        Assert.DoesNotContain(">3.0000</td>", html);
        Assert.Equal(1 + 12, CountOf(html, "<tr>"));
    }

    [Fact]
    public void A_causal_mask_renders_squares_where_attention_is_allowed_and_dots_where_blocked()
    {
        string html = FormatAsHtml(Mask.Causal(4))!;

        Assert.Contains("Mask (4, 4)", html);
        // 4 + 3 + 2 + 1 allowed cells, 6 blocked; the caption holds one more ■.
        Assert.Equal(10 + 1, CountOf(html, "■"));
        Assert.Equal(6, CountOf(html, ">·<"));
    }

    [Fact]
    public void A_tensor3_renders_its_shape_and_first_two_slices()
    {
        var tensor = new Tensor3([new Matrix(2, 2, [1, 2, 3, 4]), new Matrix(2, 2, [5, 6, 7, 8]), new Matrix(2, 2, [9, 9, 9, 9])]);

        string html = FormatAsHtml(tensor)!;

        Assert.Contains("Tensor3 (3, 2, 2)", html);
        Assert.Contains(">4.0000</td>", html);
        Assert.Contains(">8.0000</td>", html);
        Assert.DoesNotContain(">9.0000</td>", html);
        Assert.Contains("… 1 more", html);
    }

    [Fact]
    public void An_attention_result_renders_its_weights_as_a_plot_and_its_output_as_a_table()
    {
        var result = new AttentionResult(new Matrix(2, 2, [0.25f, 0, 0, 0]), TestData.RandomWeights(2, 3, seed: 1), new Matrix(2, 3));

        string html = FormatAsHtml(result)!;

        Assert.Contains("AttentionResult: Output (2, 2), Weights (2, 3), Scores (2, 3)", html);
        Assert.Equal(1, CountOf(html, "class=\"attention-plot\""));
        Assert.Contains(">0.2500</td>", html);
    }

    [Fact]
    public void An_attention_result_over_128_tokens_shows_its_weights_as_an_elided_table_instead_of_a_plot()
    {
        var result = new AttentionResult(new Matrix(129, 2), new Matrix(129, 129), new Matrix(129, 129));

        string html = FormatAsHtml(result)!;

        Assert.DoesNotContain("attention-plot", html);
        Assert.Contains("Weights (129, 129) (draw with Plot.AttentionWeights)", html);
        Assert.Contains(">128</th>", html);
    }

    [Fact]
    public void Formatting_a_fused_result_shows_shapes_and_output_and_never_builds_the_weights()
    {
        var x = Matrix.RandomUniform(6, 4, seed: 5);
        var result = Ops.ScaledDotProductAttention(x, x, x);
        var multi = new MultiHeadAttention(4, 2, seed: 6).Forward(x);

        string html = FormatAsHtml(result)!;
        string multiHtml = FormatAsHtml(multi)!;

        Assert.Contains("AttentionResult: Output (6, 4), Weights (6, 6), Scores (6, 6)", html);
        Assert.Contains("Weights not computed yet", html);
        Assert.DoesNotContain("attention-plot", html);
        Assert.Contains("MultiHeadAttentionResult: Output (6, 4), Weights (2, 6, 6), HeadOutputs (2, 6, 2)", multiHtml);
        Assert.False(result.WeightsComputed);
        Assert.False(multi.WeightsComputed);

        _ = result.Weights; // once read, the plot costs nothing more and is drawn
        Assert.Equal(1, CountOf(FormatAsHtml(result)!, "class=\"attention-plot\""));
    }

    [Fact]
    public void A_multi_head_result_renders_a_grid_of_heads()
    {
        var result = new MultiHeadAttentionResult(new Matrix(3, 4), TestData.RandomHeads(2, 3, 3, seed: 3), TestData.RandomHeads(2, 3, 2, seed: 4));

        string html = FormatAsHtml(result)!;

        Assert.Contains("Weights (2, 3, 3)", html);
        Assert.Contains("\"text\":\"head 1\"", html);
        Assert.Contains("class=\"attention-plot\"", html);
    }

    [Fact]
    public void A_formatter_returns_false_and_writes_nothing_for_a_value_of_another_type()
    {
        var attribute = typeof(Matrix).GetCustomAttributes(inherit: false).Single(a => a.GetType().Name == "TypeFormatterSourceAttribute");
        var sourceType = (Type)attribute.GetType().GetProperty("FormatterSourceType")!.GetValue(attribute)!;
        var formatters = ((IEnumerable)sourceType.GetMethod("CreateTypeFormatters")!.Invoke(Activator.CreateInstance(sourceType), null)!).Cast<object>();
        var matrixFormatter = formatters.Single(f => (Type)f.GetType().GetProperty("Type")!.GetValue(f)! == typeof(Matrix));

        var writer = new StringWriter();
        bool handled = (bool)matrixFormatter.GetType().GetMethod("Format")!.Invoke(matrixFormatter, ["not a matrix", writer])!;

        Assert.False(handled);
        Assert.Equal("", writer.ToString());
    }

    private static int CountOf(string text, string part)
    {
        int count = 0;
        for (int i = text.IndexOf(part, StringComparison.Ordinal); i >= 0; i = text.IndexOf(part, i + part.Length, StringComparison.Ordinal)) count++;
        return count;
    }
}
