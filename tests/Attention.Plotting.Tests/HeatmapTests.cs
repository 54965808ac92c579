using Attention;

namespace Attention.Plotting.Tests;

public sealed class HeatmapTests
{
    [Fact]
    public void Heatmap_z_holds_the_matrix_rows_in_order_with_row_0_first()
    {
        var z = Matrix.RandomNormal(3, 5, seed: 11);

        var trace = JsonHelpers.Parse(Plot.Heatmap(z)).Trace(0);

        Assert.Equal("heatmap", trace.GetProperty("type").GetString());
        var rows = trace.GetProperty("z").EnumerateArray().ToArray();
        Assert.Equal(3, rows.Length);
        for (int r = 0; r < 3; r++)
        {
            var values = rows[r].EnumerateArray().Select(v => v.GetSingle()).ToArray();
            Assert.Equal(z.Row(r).ToArray(), values);
        }
        Assert.Equal([0.0, 1, 2, 3, 4], trace.GetProperty("x").Numbers());
        Assert.Equal([0.0, 1, 2], trace.GetProperty("y").Numbers());
    }

    [Fact]
    public void Heatmap_y_axis_is_reversed_so_row_0_is_drawn_on_top()
    {
        var layout = JsonHelpers.Parse(Plot.Heatmap(Matrix.Identity(3))).Layout();

        Assert.Equal("reversed", layout.GetProperty("yaxis").GetProperty("autorange").GetString());
        Assert.False(layout.GetProperty("xaxis").TryGetProperty("autorange", out _));
    }

    [Fact]
    public void Tokens_become_tick_labels_at_integer_positions_so_repeated_tokens_keep_their_own_ticks()
    {
        string[] keys = ["the", "cat", "saw", "the", "dog"];
        string[] queries = ["the", "dog"];

        var layout = JsonHelpers.Parse(Plot.Heatmap(new Matrix(2, 5), keys, queries)).Layout();

        var xaxis = layout.GetProperty("xaxis");
        Assert.Equal("array", xaxis.GetProperty("tickmode").GetString());
        Assert.Equal([0.0, 1, 2, 3, 4], xaxis.GetProperty("tickvals").Numbers());
        Assert.Equal(keys, xaxis.GetProperty("ticktext").Strings());
        Assert.Equal([0.0, 1], layout.GetProperty("yaxis").GetProperty("tickvals").Numbers());
        Assert.Equal(queries, layout.GetProperty("yaxis").GetProperty("ticktext").Strings());
    }

    [Fact]
    public void Unlabelled_heatmap_axes_tick_at_whole_indices_at_most_about_24_times()
    {
        var layout = JsonHelpers.Parse(Plot.Heatmap(new Matrix(5, 100))).Layout();

        var yaxis = layout.GetProperty("yaxis");
        Assert.Equal("linear", yaxis.GetProperty("tickmode").GetString());
        Assert.Equal(0, yaxis.GetProperty("tick0").GetDouble());
        Assert.Equal(1, yaxis.GetProperty("dtick").GetDouble());
        // ⌈100 / 24⌉ = 5.
        Assert.Equal(5, layout.GetProperty("xaxis").GetProperty("dtick").GetDouble());
    }

    [Fact]
    public void Hover_text_names_each_cell_by_its_row_and_column_tokens()
    {
        var trace = JsonHelpers.Parse(Plot.Heatmap(new Matrix(2, 2), ["k0", "<k1>"], ["q0", "q1"])).Trace(0);

        var text = trace.GetProperty("text");
        Assert.Equal("q1 (1) → &lt;k1&gt; (1)", text[1][1].GetString());
        Assert.Equal("q0 (0) → k0 (0)", text[0][0].GetString());
        Assert.Contains("%{z:.4f}", trace.GetProperty("hovertemplate").GetString());
    }

    [Fact]
    public void Matrices_over_10000_cells_hover_with_indices_instead_of_per_cell_text()
    {
        var trace = JsonHelpers.Parse(Plot.Heatmap(new Matrix(101, 100))).Trace(0);

        Assert.False(trace.TryGetProperty("text", out _));
        Assert.Equal("row %{y}, col %{x}<br>%{z:.4f}<extra></extra>", trace.GetProperty("hovertemplate").GetString());
    }

    [Fact]
    public void Long_sequences_label_every_kth_tick_to_stay_readable()
    {
        string[] tokens = [.. Enumerable.Range(0, 100).Select(i => $"t{i}")];

        var xaxis = JsonHelpers.Parse(Plot.Heatmap(new Matrix(1, 100), tokens)).Layout().GetProperty("xaxis");

        // ⌈100 / 48⌉ = 3: ticks 0, 3, …, 99.
        double[] expected = [.. Enumerable.Range(0, 34).Select(i => 3.0 * i)];
        Assert.Equal(expected, xaxis.GetProperty("tickvals").Numbers());
        Assert.Equal("t99", xaxis.GetProperty("ticktext").Strings()[^1]);
    }

    [Fact]
    public void Weights_in_0_to_1_use_the_sequential_Viridis_scale_fixed_to_0_and_1()
    {
        var trace = JsonHelpers.Parse(Plot.Heatmap(TestData.RandomWeights(4, 4, seed: 2))).Trace(0);

        Assert.Equal("Viridis", trace.GetProperty("colorscale").GetString());
        Assert.Equal(0, trace.GetProperty("zmin").GetDouble());
        Assert.Equal(1, trace.GetProperty("zmax").GetDouble());
        Assert.False(trace.TryGetProperty("zmid", out _));
    }

    [Fact]
    public void Values_of_both_signs_use_the_diverging_RdBu_scale_centred_at_0()
    {
        var trace = JsonHelpers.Parse(Plot.Heatmap(Matrix.RandomNormal(4, 6, seed: 9))).Trace(0);

        Assert.Equal("RdBu", trace.GetProperty("colorscale").GetString());
        Assert.Equal(0, trace.GetProperty("zmid").GetDouble());
        Assert.False(trace.TryGetProperty("zmin", out _));
    }

    [Fact]
    public void Positive_values_above_1_use_Viridis_over_their_own_range()
    {
        var z = new Matrix(1, 3, [2f, 5f, 9f]);

        var trace = JsonHelpers.Parse(Plot.Heatmap(z)).Trace(0);

        Assert.Equal("Viridis", trace.GetProperty("colorscale").GetString());
        Assert.False(trace.TryGetProperty("zmin", out _));
        Assert.False(trace.TryGetProperty("zmax", out _));
    }

    [Fact]
    public void An_explicit_colour_scale_and_range_override_the_automatic_choice()
    {
        var custom = ColorScale.Custom((0, "#ffffff"), (1, "#000000"));

        var trace = JsonHelpers.Parse(Plot.Heatmap(Matrix.RandomNormal(2, 2, seed: 1), colorScale: custom, zMin: -2, zMax: 2)).Trace(0);

        var stops = trace.GetProperty("colorscale").EnumerateArray().ToArray();
        Assert.Equal(2, stops.Length);
        Assert.Equal(1, stops[1][0].GetDouble());
        Assert.Equal("#000000", stops[1][1].GetString());
        Assert.Equal(-2, trace.GetProperty("zmin").GetDouble());
        Assert.Equal(2, trace.GetProperty("zmax").GetDouble());
        Assert.False(trace.TryGetProperty("zmid", out _));
    }

    [Fact]
    public void Matrices_up_to_12_by_12_print_their_values_with_2_decimals()
    {
        var small = JsonHelpers.Parse(Plot.Heatmap(new Matrix(12, 12))).Trace(0);
        var tall = JsonHelpers.Parse(Plot.Heatmap(new Matrix(13, 2))).Trace(0);
        var forced = JsonHelpers.Parse(Plot.Heatmap(new Matrix(13, 2), showValues: true)).Trace(0);

        Assert.Equal("%{z:.2f}", small.GetProperty("texttemplate").GetString());
        Assert.False(tall.TryGetProperty("texttemplate", out _));
        Assert.Equal("%{z:.2f}", forced.GetProperty("texttemplate").GetString());
    }

    [Fact]
    public void Too_few_column_labels_are_rejected_naming_the_labels_and_the_matrix_shape()
    {
        var error = Assert.Throws<ArgumentException>(() => Plot.Heatmap(new Matrix(4, 6), ["a", "b", "c", "d", "e"]));

        Assert.Equal("xLabels", error.ParamName);
        Assert.Contains("xLabels has 5 labels but z is (4, 6) with 6 columns", error.Message);
    }

    [Fact]
    public void Too_many_row_labels_are_rejected_naming_the_labels_and_the_matrix_shape()
    {
        var error = Assert.Throws<ArgumentException>(() => Plot.Heatmap(new Matrix(2, 3), yLabels: ["a", "b", "c"]));

        Assert.Equal("yLabels", error.ParamName);
        Assert.Contains("yLabels has 3 labels but z is (2, 3) with 2 rows", error.Message);
    }

    [Fact]
    public void Custom_colour_scale_stops_must_start_at_0_end_at_1_and_ascend()
    {
        Assert.Throws<ArgumentException>(() => ColorScale.Custom((0, "#fff")));
        Assert.Throws<ArgumentException>(() => ColorScale.Custom((0.1, "#fff"), (1, "#000")));
        var error = Assert.Throws<ArgumentException>(() => ColorScale.Custom((0, "#fff"), (0.7, "#888"), (0.5, "#444"), (1, "#000")));
        Assert.Equal("stops", error.ParamName);
        Assert.Contains("stops[2] is at 0.5", error.Message);
    }
}
