using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace Attention.Plotting.Tests;

public sealed partial class HtmlFragmentTests
{
    [GeneratedRegex("<div class=\"attention-plot\" id=\"(?<id>[^\"]+)\"")]
    private static partial Regex DivId();

    private static string IdOf(string html) => DivId().Match(html).Groups["id"].Value;

    [Fact]
    public void The_div_id_is_derived_from_a_hash_of_the_figure_json_so_reruns_give_the_same_output()
    {
        var figure = Plot.Line([1.0, 2.0], title: "id from hash " + nameof(The_div_id_is_derived_from_a_hash_of_the_figure_json_so_reruns_give_the_same_output));

        string expected = "attention-plot-" + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(figure.ToJson())))[..12];

        Assert.Equal(expected, IdOf(figure.ToHtml()));
    }

    [Fact]
    public void Showing_the_same_figure_twice_gives_two_distinct_ids()
    {
        var figure = Plot.Line([3.0, 4.0], title: "shown twice");

        string first = IdOf(figure.ToHtml());
        string second = IdOf(figure.ToHtml());

        Assert.NotEqual(first, second);
        Assert.StartsWith(first, second);
    }

    [Fact]
    public void The_fragment_draws_with_window_Plotly_when_present_and_otherwise_loads_the_pinned_version()
    {
        string html = Plot.Line([1.0], title: "loader").ToHtml();

        Assert.Contains("if (window.Plotly) { draw(window.Plotly); return; }", html);
        Assert.Contains($"\"https://cdn.jsdelivr.net/npm/plotly.js-dist-min@{PlotlyJs.Version}/plotly.min.js\"", html);
        Assert.Contains("window.require.config", html);
        Assert.Contains("script[data-attention-plotly]", html);
        Assert.Equal(1, Regex.Count(html, "<script"));
        Assert.Equal(1, Regex.Count(html, "</script>"));
    }

    [Fact]
    public void Token_text_cannot_close_the_script_element()
    {
        string html = Plot.Bar(["</script><script>alert(1)</script>", "ok"], [1.0, 2.0], title: "</script>").ToHtml();

        Assert.Equal(1, Regex.Count(html, "</script>", RegexOptions.IgnoreCase));
        Assert.DoesNotContain("alert(1)</", html);
    }

    [Fact]
    public void The_fragment_embeds_the_figure_json_unchanged()
    {
        var figure = Plot.Heatmap(TestData.RandomWeights(2, 2, seed: 8), title: "embedded");

        string html = figure.ToHtml();
        int start = html.IndexOf("var figure = ", StringComparison.Ordinal) + "var figure = ".Length;
        int end = html.IndexOf(";\n", start, StringComparison.Ordinal);

        Assert.Equal(figure.ToJson(), html[start..end]);
    }

    [Fact]
    public void The_div_is_as_tall_as_the_layout_and_as_wide_as_a_fixed_width()
    {
        var auto = Plot.Line([1.0], title: "auto width");
        var fixedSize = auto.WithSize(500, 300);

        Assert.Contains("style=\"width:100%;height:420px;\"", auto.ToHtml());
        Assert.Contains("style=\"width:500px;height:300px;\"", fixedSize.ToHtml());
    }

    [Fact]
    public void A_page_loads_the_given_plotly_script_before_any_figure_and_encodes_its_title()
    {
        string page = HtmlPage.Create([Plot.Line([1.0]), Plot.Line([2.0])], "plotly.min.js", "a < b");

        int script = page.IndexOf("<script src=\"plotly.min.js\"></script>", StringComparison.Ordinal);
        Assert.True(script > 0);
        Assert.True(script < page.IndexOf("attention-plot", StringComparison.Ordinal));
        Assert.Equal(2, Regex.Count(page, "<div class=\"attention-plot\""));
        Assert.Contains("<title>a &lt; b</title>", page);
        Assert.StartsWith("<!DOCTYPE html>", page);
    }

    [Fact]
    public void The_pinned_version_matches_package_json_and_the_installed_local_copy()
    {
        string root = PlotlyJs.FindRepositoryRoot(AppContext.BaseDirectory)!;
        using var packageJson = JsonDocument.Parse(File.ReadAllText(Path.Combine(root, "package.json")));
        string local = PlotlyJs.RequireLocalCopy(root);
        using var installed = JsonDocument.Parse(File.ReadAllText(Path.Combine(Path.GetDirectoryName(local)!, "package.json")));

        Assert.Equal(PlotlyJs.Version, packageJson.RootElement.GetProperty("dependencies").GetProperty("plotly.js-dist-min").GetString());
        Assert.Equal(PlotlyJs.Version, installed.RootElement.GetProperty("version").GetString());
        Assert.StartsWith("file:///", PlotlyJs.LocalFileUrl(root));
    }

    [Fact]
    public void The_local_copy_is_found_from_any_folder_inside_the_repository_and_not_from_outside()
    {
        string? fromTests = PlotlyJs.FindLocalCopy(AppContext.BaseDirectory);
        string outside = Directory.CreateTempSubdirectory("no-repo-").FullName;

        Assert.NotNull(fromTests);
        Assert.EndsWith(Path.Combine("node_modules", "plotly.js-dist-min", "plotly.min.js"), fromTests);
        Assert.Null(PlotlyJs.FindLocalCopy(outside));
        var error = Assert.Throws<FileNotFoundException>(() => PlotlyJs.RequireLocalCopy(outside));
        Assert.Contains("Curriculum.sln", error.Message);
        Directory.Delete(outside);
    }
}
