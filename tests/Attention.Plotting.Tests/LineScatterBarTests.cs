using Attention;

namespace Attention.Plotting.Tests;

public sealed class LineScatterBarTests
{
    [Fact]
    public void Line_of_y_alone_uses_the_indices_as_x()
    {
        var trace = JsonHelpers.Parse(Plot.Line(new float[] { 0.5f, 0.25f, 0.125f })).Trace(0);

        Assert.Equal([0.0, 1, 2], trace.GetProperty("x").Numbers());
        Assert.Equal([0.5, 0.25, 0.125], trace.GetProperty("y").Numbers());
    }

    [Fact]
    public void Lines_draw_one_named_curve_per_series_over_the_shared_x()
    {
        double[] x = [1, 2, 3];
        var json = JsonHelpers.Parse(Plot.Lines(x, [("T = 0.5", [0.1, 0.2, 0.7]), ("T = 2", [0.3, 0.3, 0.4])], xTitle: "logit", yTitle: "p"));

        var data = json.GetProperty("data").EnumerateArray().ToArray();
        Assert.Equal(2, data.Length);
        Assert.Equal("T = 2", data[1].GetProperty("name").GetString());
        Assert.Equal([0.3, 0.3, 0.4], data[1].GetProperty("y").Numbers());
        Assert.Equal(x, data[1].GetProperty("x").Numbers());
        Assert.Equal("logit", json.Layout().GetProperty("xaxis").GetProperty("title").GetProperty("text").GetString());
    }

    [Fact]
    public void Lines_from_a_matrix_draw_each_row_as_a_curve()
    {
        var rows = Matrix.RandomNormal(3, 5, seed: 8);

        var data = JsonHelpers.Parse(Plot.Lines(rows, ["dim 0", "dim 1", "dim 2"])).GetProperty("data");

        Assert.Equal(3, data.GetArrayLength());
        for (int r = 0; r < 3; r++)
        {
            Assert.Equal($"dim {r}", data[r].GetProperty("name").GetString());
            Assert.Equal(rows.Row(r).ToArray(), data[r].GetProperty("y").EnumerateArray().Select(v => v.GetSingle()));
            Assert.Equal([0.0, 1, 2, 3, 4], data[r].GetProperty("x").Numbers());
        }
    }

    [Fact]
    public void Lines_reject_a_series_whose_length_differs_from_x()
    {
        var error = Assert.Throws<ArgumentException>(() => Plot.Lines([1.0, 2.0], [("short", [1.0])]));

        Assert.Equal("series", error.ParamName);
        Assert.Contains("series \"short\" has 1 values but x has 2", error.Message);
    }

    [Fact]
    public void Line_rejects_x_and_y_of_different_lengths()
    {
        var error = Assert.Throws<ArgumentException>(() => Plot.Line([1.0, 2.0, 3.0], [1.0, 2.0]));

        Assert.Equal("y", error.ParamName);
        Assert.Contains("y has 2 values but x has 3", error.Message);
    }

    [Fact]
    public void Lines_of_float_series_over_float_x_write_each_float_as_its_exact_double()
    {
        float[] x = [1f, 2f, 4f];
        float[] p = [0.1f, 0.2f, 0.7f];

        var data = JsonHelpers.Parse(Plot.Lines(x, [("T = 1", p), ("half", [0.5f, 0.25f, 0.125f])])).GetProperty("data");

        Assert.Equal(2, data.GetArrayLength());
        Assert.Equal("T = 1", data[0].GetProperty("name").GetString());
        Assert.Equal([1.0, 2, 4], data[0].GetProperty("x").Numbers());
        // (double)0.1f = 0.100000001490116…, not 0.1: the float's value is written, not a rounded decimal.
        Assert.Equal([0.10000000149011612, 0.20000000298023224, 0.699999988079071], data[0].GetProperty("y").Numbers());
        Assert.Equal([0.5, 0.25, 0.125], data[1].GetProperty("y").Numbers());
    }

    [Fact]
    public void Lines_of_float_series_over_double_x_give_the_same_figure_as_the_double_series()
    {
        double[] dK = [4, 16, 64];
        List<float> measured = [0.25f, 0.5f, 0.75f];
        float[] predicted = [0.125f, 0.375f, 1f];

        string fromFloats = Plot.Lines(dK, [("measured", measured), ("predicted", predicted)], title: "t", xTitle: "dK", yTitle: "w").ToJson();
        string fromDoubles = Plot.Lines(dK, [("measured", [0.25, 0.5, 0.75]), ("predicted", [0.125, 0.375, 1.0])], title: "t", xTitle: "dK", yTitle: "w").ToJson();

        Assert.Equal(fromDoubles, fromFloats);
    }

    [Fact]
    public void Lines_accept_an_integer_collection_expression_as_x_with_float_series()
    {
        var trace = JsonHelpers.Parse(Plot.Lines([0, 1, 2], [("w", new float[] { 3f, 2f, 1f })])).Trace(0);

        Assert.Equal([0.0, 1, 2], trace.GetProperty("x").Numbers());
        Assert.Equal([3.0, 2, 1], trace.GetProperty("y").Numbers());
    }

    [Fact]
    public void Lines_reject_a_float_series_whose_length_differs_from_x()
    {
        var error = Assert.Throws<ArgumentException>(() => Plot.Lines(new float[] { 1f, 2f }, [("short", new float[] { 1f })]));

        Assert.Equal("series", error.ParamName);
        Assert.Contains("series \"short\" has 1 values but x has 2", error.Message);
    }

    [Fact]
    public void Lines_reject_a_null_float_series()
    {
        var error = Assert.Throws<ArgumentNullException>(() => Plot.Lines([1.0], [("missing", (IReadOnlyList<float>)null!)]));

        Assert.Equal("series", error.ParamName);
    }

    [Fact]
    public void Line_of_float_y_against_double_or_float_x_writes_both_coordinates()
    {
        float[] entropy = [0.25f, 1.5f];

        var overDoubles = JsonHelpers.Parse(Plot.Line([0.1, 10.0], entropy, name: "H")).Trace(0);
        var overFloats = JsonHelpers.Parse(Plot.Line(new float[] { 0.5f, 8f }, entropy)).Trace(0);

        Assert.Equal([0.1, 10], overDoubles.GetProperty("x").Numbers());
        Assert.Equal([0.25, 1.5], overDoubles.GetProperty("y").Numbers());
        Assert.Equal("H", overDoubles.GetProperty("name").GetString());
        Assert.Equal([0.5, 8], overFloats.GetProperty("x").Numbers());
        Assert.Equal([0.25, 1.5], overFloats.GetProperty("y").Numbers());
    }

    [Fact]
    public void Line_rejects_float_x_and_y_of_different_lengths()
    {
        var error = Assert.Throws<ArgumentException>(() => Plot.Line(new float[] { 1f, 2f, 3f }, new float[] { 1f }));

        Assert.Equal("y", error.ParamName);
        Assert.Contains("y has 1 values but x has 3", error.Message);
    }

    [Fact]
    public void Scatter_of_an_N_by_2_matrix_uses_its_columns_as_x_and_y_and_labels_each_point()
    {
        var points = new Matrix(3, 2, [1f, -1f, 2f, 0.5f, -3f, 4f]);

        var trace = JsonHelpers.Parse(Plot.Scatter(points, ["king", "queen", "apple"])).Trace(0);

        Assert.Equal("markers+text", trace.GetProperty("mode").GetString());
        Assert.Equal([1.0, 2, -3], trace.GetProperty("x").Numbers());
        Assert.Equal([-1.0, 0.5, 4], trace.GetProperty("y").Numbers());
        Assert.Equal(["king", "queen", "apple"], trace.GetProperty("text").Strings());
    }

    [Fact]
    public void Scatter_without_labels_draws_markers_only()
    {
        var trace = JsonHelpers.Parse(Plot.Scatter([0.0, 1.0], [1.0, 0.0])).Trace(0);

        Assert.Equal("markers", trace.GetProperty("mode").GetString());
        Assert.False(trace.TryGetProperty("text", out _));
    }

    [Fact]
    public void Scatter_rejects_a_matrix_without_exactly_two_columns()
    {
        var error = Assert.Throws<ArgumentException>(() => Plot.Scatter(new Matrix(4, 3)));

        Assert.Equal("points", error.ParamName);
        Assert.Contains("points is (4, 3) but must have 2 columns", error.Message);
    }

    [Fact]
    public void Scatter_rejects_a_label_count_that_differs_from_the_points()
    {
        var error = Assert.Throws<ArgumentException>(() => Plot.Scatter(new Matrix(3, 2), ["a"]));

        Assert.Equal("labels", error.ParamName);
    }

    [Fact]
    public void Bar_puts_one_bar_per_value_and_the_labels_on_the_x_ticks()
    {
        var json = JsonHelpers.Parse(Plot.Bar(["the", "cat", "the"], new float[] { 0.2f, 0.5f, 0.3f }));

        var trace = json.Trace(0);
        Assert.Equal("bar", trace.GetProperty("type").GetString());
        Assert.Equal([0.0, 1, 2], trace.GetProperty("x").Numbers());
        Assert.Equal([0.2f, 0.5f, 0.3f], trace.GetProperty("y").EnumerateArray().Select(v => (float)v.GetDouble()));
        Assert.Equal(["the", "cat", "the"], json.Layout().GetProperty("xaxis").GetProperty("ticktext").Strings());
    }

    [Fact]
    public void Bar_rejects_labels_and_values_of_different_lengths()
    {
        var error = Assert.Throws<ArgumentException>(() => Plot.Bar(["a", "b"], [1.0]));

        Assert.Equal("values", error.ParamName);
    }

    [Fact]
    public void A_logarithmic_axis_with_a_range_is_written_as_a_log_axis()
    {
        var figure = Plot.Line([1.0, 10.0, 100.0], [1.0, 2.0, 3.0]);
        var panel = figure.Panels[0] with { XAxis = new Axis { Logarithmic = true, Range = (0, 2) } };

        var xaxis = JsonHelpers.Parse(figure with { Panels = [panel] }).Layout().GetProperty("xaxis");

        Assert.Equal("log", xaxis.GetProperty("type").GetString());
        Assert.Equal([0.0, 2], xaxis.GetProperty("range").Numbers());
    }
}
