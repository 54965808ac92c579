using System.Text.Json;

namespace Attention.Plotting.Tests;

public sealed class LogAxesTests
{
    private static Figure ThreePanels() => Plot.Grid(
        [
            Plot.Line([1.0, 10.0, 100.0], [1.0, 2.0, 3.0], title: "a", xTitle: "dK", yTitle: "std"),
            Plot.Lines([4.0, 16.0], [("p", [0.5, 0.25]), ("q", [0.1, 0.2])], title: "b"),
            Plot.Line([1.0, 2.0], title: "c"),
        ], columns: 2);

    private static string? AxisType(JsonElement layout, string key) =>
        layout.GetProperty(key).TryGetProperty("type", out var type) ? type.GetString() : null;

    [Fact]
    public void WithLogAxes_by_default_makes_the_x_axis_of_every_panel_logarithmic_and_leaves_y_linear()
    {
        var layout = JsonHelpers.Parse(ThreePanels().WithLogAxes()).Layout();

        Assert.Equal(["log", "log", "log"], new[] { "xaxis", "xaxis2", "xaxis3" }.Select(k => AxisType(layout, k)));
        Assert.Equal([null, null, null], new[] { "yaxis", "yaxis2", "yaxis3" }.Select(k => AxisType(layout, k)));
    }

    [Fact]
    public void WithLogAxes_y_only_makes_every_panel_s_y_axis_logarithmic()
    {
        var layout = JsonHelpers.Parse(ThreePanels().WithLogAxes(x: false, y: true)).Layout();

        Assert.Equal([null, null, null], new[] { "xaxis", "xaxis2", "xaxis3" }.Select(k => AxisType(layout, k)));
        Assert.Equal(["log", "log", "log"], new[] { "yaxis", "yaxis2", "yaxis3" }.Select(k => AxisType(layout, k)));
    }

    [Fact]
    public void WithLogAxes_on_both_axes_of_a_single_plot_writes_two_log_axes()
    {
        var layout = JsonHelpers.Parse(Plot.Line([1.0, 10.0], [1e-8, 1e-2]).WithLogAxes(x: true, y: true)).Layout();

        Assert.Equal("log", AxisType(layout, "xaxis"));
        Assert.Equal("log", AxisType(layout, "yaxis"));
    }

    [Fact]
    public void WithLogAxes_false_turns_logarithmic_axes_back_to_linear()
    {
        var figure = ThreePanels().WithLogAxes(x: true, y: true).WithLogAxes(x: false, y: false);

        Assert.All(figure.Panels, p => Assert.False(p.XAxis.Logarithmic || p.YAxis.Logarithmic));
        Assert.DoesNotContain("\"type\":\"log\"", figure.ToJson());
    }

    [Fact]
    public void WithLogAxes_keeps_titles_ranges_and_traces_and_leaves_the_original_figure_linear()
    {
        var original = ThreePanels();
        var withRange = original with { Panels = [original.Panels[0] with { YAxis = original.Panels[0].YAxis with { Range = (0, 5) } }, .. original.Panels.Skip(1)] };

        var log = withRange.WithLogAxes();

        Assert.Equal(withRange.Panels.Select(p => p.Title), log.Panels.Select(p => p.Title));
        Assert.Equal(withRange.Panels.Select(p => p.Traces.Count), log.Panels.Select(p => p.Traces.Count));
        Assert.Equal("dK", log.Panels[0].XAxis.Title);
        Assert.Equal("std", log.Panels[0].YAxis.Title);
        Assert.Equal((0.0, 5.0), log.Panels[0].YAxis.Range);
        Assert.Equal(withRange.Columns, log.Columns);
        Assert.All(withRange.Panels, p => Assert.False(p.XAxis.Logarithmic));
    }
}
