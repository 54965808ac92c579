namespace Attention.Plotting.Tests;

public sealed class GridTests
{
    private static Figure Panel(string title) => Plot.Line([0.0, 1.0], title: title, xTitle: "x", yTitle: "y");

    [Fact]
    public void A_2x2_grid_places_panels_row_by_row_in_domains_that_do_not_overlap()
    {
        var layout = JsonHelpers.Parse(Plot.Grid([Panel("a"), Panel("b"), Panel("c"), Panel("d")])).Layout();

        // Hand-computed: width (1 − 0.08) / 2 = 0.46 per column, height (1 − 0.14) / 2 = 0.43 per row, row 0 on top.
        Assert.Equal([0, 0.46], layout.GetProperty("xaxis").GetProperty("domain").Numbers());
        Assert.Equal([0.54, 1], layout.GetProperty("xaxis2").GetProperty("domain").Numbers());
        Assert.Equal([0, 0.46], layout.GetProperty("xaxis3").GetProperty("domain").Numbers());
        Assert.Equal([0.57, 1], layout.GetProperty("yaxis").GetProperty("domain").Numbers());
        Assert.Equal([0.57, 1], layout.GetProperty("yaxis2").GetProperty("domain").Numbers());
        Assert.Equal([0, 0.43], layout.GetProperty("yaxis4").GetProperty("domain").Numbers());
        Assert.Equal("y3", layout.GetProperty("xaxis3").GetProperty("anchor").GetString());
        Assert.Equal("x4", layout.GetProperty("yaxis4").GetProperty("anchor").GetString());
    }

    [Fact]
    public void Grid_panel_titles_come_from_the_figure_titles_and_sit_above_each_panel()
    {
        var annotations = JsonHelpers.Parse(Plot.Grid([Panel("first"), Panel("second")], title: "Both")).Layout().GetProperty("annotations");

        Assert.Equal("first", annotations[0].GetProperty("text").GetString());
        Assert.Equal("x2 domain", annotations[1].GetProperty("xref").GetString());
        Assert.Equal("y2 domain", annotations[1].GetProperty("yref").GetString());
        Assert.Equal(1, annotations[1].GetProperty("y").GetDouble());
        Assert.Equal("bottom", annotations[1].GetProperty("yanchor").GetString());
    }

    [Fact]
    public void Grid_axis_titles_appear_only_under_the_bottom_row_and_left_of_the_first_column()
    {
        var layout = JsonHelpers.Parse(Plot.Grid([Panel("a"), Panel("b"), Panel("c")], columns: 2)).Layout();

        // Panels: a b / c. Bottom of each column: c (column 0) and b (column 1, nothing below it).
        Assert.False(layout.GetProperty("xaxis").TryGetProperty("title", out _));
        Assert.True(layout.GetProperty("xaxis2").TryGetProperty("title", out _));
        Assert.True(layout.GetProperty("xaxis3").TryGetProperty("title", out _));
        Assert.True(layout.GetProperty("yaxis").TryGetProperty("title", out _));
        Assert.False(layout.GetProperty("yaxis2").TryGetProperty("title", out _));
        Assert.True(layout.GetProperty("yaxis3").TryGetProperty("title", out _));
    }

    [Fact]
    public void Grid_height_grows_with_the_number_of_rows()
    {
        var grid = Plot.Grid(Enumerable.Range(0, 5).Select(i => Panel($"{i}")), columns: 2);

        Assert.Equal(3, grid.Rows);
        Assert.Equal(80 + 280 * 3, JsonHelpers.Parse(grid).Layout().GetProperty("height").GetInt32());
    }

    [Fact]
    public void A_grid_of_nothing_is_rejected()
    {
        var error = Assert.Throws<ArgumentException>(() => Plot.Grid([]));

        Assert.Equal("figures", error.ParamName);
    }

    [Fact]
    public void A_single_panel_figure_has_no_domain_and_no_panel_annotations()
    {
        var layout = JsonHelpers.Parse(Plot.Line([1.0, 2.0], title: "only")).Layout();

        Assert.False(layout.GetProperty("xaxis").TryGetProperty("domain", out _));
        Assert.False(layout.TryGetProperty("annotations", out _));
    }
}
