using System.Text.Json.Nodes;
using Attention;
using Attention.Plotting;
using Curriculum.Kernel;

namespace Curriculum.Kernel.Tests;

public class PlotlyBundleTests
{
    private static Figure Heatmap()
    {
        var x = Matrix.RandomNormal(3, 4, seed: 1);  // (T, D) = (3, 4)
        return Plot.AttentionWeights(Ops.ScaledDotProductAttention(x, x, x), ["a", "b", "c"], ["a", "b", "c"], title: "weights");
    }

    [Fact]
    public void A_figure_gets_the_plotly_mime_type_equal_to_its_json_plus_text_fallbacks()
    {
        var figure = Heatmap();
        var bundles = new PlotlyBundles(null);
        var (data, loader) = bundles.Enrich(new JsonObject { ["text/html"] = figure.ToHtml() });
        Assert.Null(loader);  // no local plotly.js given
        Assert.True(JsonNode.DeepEquals(JsonNode.Parse(figure.ToJson()), data[PlotlyBundles.PlotlyMime]));
        Assert.StartsWith("<div class=\"attention-plot\"", data["text/html"]!.GetValue<string>());
        Assert.Contains("weights", data["text/plain"]!.GetValue<string>());
    }

    [Fact]
    public void Plotly_js_is_sent_once_per_session_before_the_first_figure()
    {
        var plotly = Path.GetTempFileName();
        File.WriteAllText(plotly, "window.Plotly = {newPlot: function () {}}; // </script> inside must not end the tag");
        var bundles = new PlotlyBundles(plotly);
        var (_, first) = bundles.Enrich(new JsonObject { ["text/html"] = Heatmap().ToHtml() });
        var (_, second) = bundles.Enrich(new JsonObject { ["text/html"] = Heatmap().ToHtml() });
        Assert.NotNull(first);
        Assert.Null(second);
        var html = first["text/html"]!.GetValue<string>();
        Assert.Contains("window.Plotly = {newPlot", html);
        Assert.Equal(1, html.Split("</script>").Length - 1);
    }

    [Fact]
    public void Other_html_such_as_a_matrix_table_is_left_alone()
    {
        var table = new JsonObject { ["text/html"] = "<table><tr><td>1</td></tr></table>" };
        var (data, loader) = new PlotlyBundles(null).Enrich(table);
        Assert.Same(table, data);
        Assert.Null(loader);
    }

    [Fact]
    public void The_local_plotly_js_of_the_repository_is_found() =>
        Assert.NotNull(PlotlyBundles.FindPlotlyJs(AppContext.BaseDirectory));
}
