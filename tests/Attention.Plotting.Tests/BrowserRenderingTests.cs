using System.Text.Json;
using Attention;
using Curriculum.Testing;

namespace Attention.Plotting.Tests;

/// <summary>
/// Draws real figures with the local plotly.js in headless Debian chromium (driven by Playwright, never downloading a
/// browser) and checks what plotly.js put into the page. Saves a screenshot under artifacts/test-screenshots/.
/// </summary>
public sealed class BrowserRenderingTests
{
    [Fact]
    public async Task Heatmap_line_plot_and_2x2_grid_render_offline_in_headless_chromium_with_tokens_as_tick_labels()
    {
        string root = PlotlyJs.FindRepositoryRoot(AppContext.BaseDirectory)
            ?? throw new InvalidOperationException($"No folder above {AppContext.BaseDirectory} holds Curriculum.sln.");
        string plotlyUrl = PlotlyJs.LocalFileUrl(root);

        string[] tokens = TestData.AwkwardTokens;
        var heatmap = Plot.AttentionWeights(TestData.RandomWeights(tokens.Length, tokens.Length, seed: 1), tokens);
        double[] x = [.. Enumerable.Range(0, 20).Select(i => i * 0.5)];
        var lines = Plot.Lines(x, [("sin", [.. x.Select(Math.Sin)]), ("cos", [.. x.Select(Math.Cos)])], title: "Two curves");
        string[] gridTokens = ["I", "saw", "a", "cat"];
        var grid = Plot.AttentionHeads(TestData.RandomHeads(4, 4, 4, seed: 7), gridTokens, columns: 2);
        float[] dK = [4, 16, 64, 256, 1024];
        var logLog = Plot.Lines(dK, [("√dK", [.. dK.Select(MathF.Sqrt)])], title: "Log axes").WithLogAxes(x: true, y: true);

        string pageDir = Directory.CreateTempSubdirectory("attention-plot-").FullName;
        string pagePath = Path.Combine(pageDir, "figures.html");
        await File.WriteAllTextAsync(pagePath, HtmlPage.Create([heatmap, lines, grid, logLog], plotlyUrl, "Browser test"));

        await using var chromium = await HeadlessChromium.LaunchAsync(width: 1000, height: 800);
        var page = chromium.Page;
        await chromium.OpenFileAsync(pagePath);
        await page.WaitForFunctionAsync(
            "() => document.querySelectorAll('.attention-plot.js-plotly-plot').length === 4 && " +
            "[...document.querySelectorAll('.attention-plot')].every(d => d.querySelector('svg.main-svg'))");

        string json = await page.EvaluateAsync<string>("""
            () => {
              const divs = [...document.querySelectorAll('.attention-plot')];
              const texts = (div, selector) => [...div.querySelectorAll(selector)].map(e => e.textContent);
              const yTicksTopToBottom = div => [...div.querySelectorAll('.yaxislayer-above text')]
                .map(e => ({ text: e.textContent, y: e.getBoundingClientRect().y }))
                .sort((a, b) => a.y - b.y).map(t => t.text);
              return JSON.stringify(divs.map(div => ({
                svgs: div.querySelectorAll('svg.main-svg').length,
                traces: div._fullData.length,
                traceTypes: div._fullData.map(t => t.type),
                subplots: div.querySelectorAll('.cartesianlayer .subplot').length,
                xTicks: texts(div, '.xaxislayer-above text'),
                yTicksTopToBottom: yTicksTopToBottom(div),
                lines: div.querySelectorAll('.scatterlayer path.js-line').length,
                legend: texts(div, '.legendtext'),
                colorbars: div.querySelectorAll('.colorbar').length,
                annotations: texts(div, '.annotation-text'),
                heatmapImages: div.querySelectorAll('.heatmaplayer image').length,
                cellTexts: div.querySelectorAll('.heatmaplayer text').length,
                title: texts(div, '.gtitle'),
                axisTypes: [div._fullLayout.xaxis.type, div._fullLayout.yaxis.type],
                xTickX: [...div.querySelectorAll('.xaxislayer-above .xtick')]
                  .map(t => ({ v: t.__data__.x, x: t.getBoundingClientRect().x })),
              })));
            }
            """);
        using var doc = JsonDocument.Parse(json);
        var figures = doc.RootElement.EnumerateArray().ToArray();
        Assert.Equal(4, figures.Length);

        var heat = figures[0];
        Assert.True(heat.GetProperty("svgs").GetInt32() >= 1, json);
        Assert.Equal(["heatmap"], Strings(heat, "traceTypes"));
        Assert.Equal(1, heat.GetProperty("heatmapImages").GetInt32());
        Assert.Equal(tokens, Strings(heat, "xTicks"));
        Assert.Equal(tokens, Strings(heat, "yTicksTopToBottom"));
        Assert.Equal(tokens.Length * tokens.Length, heat.GetProperty("cellTexts").GetInt32());
        Assert.Equal(1, heat.GetProperty("colorbars").GetInt32());
        Assert.Equal(["Attention weights"], Strings(heat, "title"));

        var line = figures[1];
        Assert.Equal(["scatter", "scatter"], Strings(line, "traceTypes"));
        Assert.Equal(2, line.GetProperty("lines").GetInt32());
        Assert.Equal(["sin", "cos"], Strings(line, "legend"));

        var heads = figures[2];
        Assert.Equal(4, heads.GetProperty("traces").GetInt32());
        Assert.Equal(4, heads.GetProperty("subplots").GetInt32());
        Assert.Equal(4, heads.GetProperty("heatmapImages").GetInt32());
        Assert.Equal(1, heads.GetProperty("colorbars").GetInt32());
        Assert.Equal(["head 0", "head 1", "head 2", "head 3"], Strings(heads, "annotations"));
        Assert.Equal([.. gridTokens, .. gridTokens, .. gridTokens, .. gridTokens], Strings(heads, "xTicks"));

        var log = figures[3];
        Assert.Equal(["log", "log"], Strings(log, "axisTypes"));
        Assert.Equal(1, log.GetProperty("lines").GetInt32());
        // On a log axis the ticks at 10, 100 and 1000 (log10 = 1, 2, 3) lie equally far apart on the screen.
        var tickX = log.GetProperty("xTickX").EnumerateArray()
            .ToDictionary(t => Math.Round(t.GetProperty("v").GetDouble(), 6), t => t.GetProperty("x").GetDouble());
        Assert.True(tickX.ContainsKey(1) && tickX.ContainsKey(2) && tickX.ContainsKey(3), json);
        Assert.Equal(tickX[2] - tickX[1], tickX[3] - tickX[2], 1.0);

        Assert.Empty(chromium.Errors);
        Assert.Empty(chromium.Blocked);

        string screenshotDir = Path.Combine(root, "artifacts", "test-screenshots");
        Directory.CreateDirectory(screenshotDir);
        string screenshot = Path.Combine(screenshotDir, "heatmap-line-grid.png");
        await page.ScreenshotAsync(new() { Path = screenshot, FullPage = true });
        Assert.True(new FileInfo(screenshot).Length > 10_000, $"{screenshot} is suspiciously small.");
        Directory.Delete(pageDir, recursive: true);
    }

    [Fact]
    public async Task Fragments_without_a_preloaded_plotly_fetch_the_pinned_CDN_script_once_and_draw_every_figure()
    {
        string root = PlotlyJs.FindRepositoryRoot(AppContext.BaseDirectory)
            ?? throw new InvalidOperationException($"No folder above {AppContext.BaseDirectory} holds Curriculum.sln.");
        byte[] plotly = await File.ReadAllBytesAsync(PlotlyJs.RequireLocalCopy(root));

        // A bare page such as a notebook output: fragments only, no plotly.js script of its own.
        string body = Plot.Line([1.0, 3.0, 2.0], title: "first").ToHtml() + Plot.Mask(Mask.Causal(3), ["a", "b", "c"]).ToHtml();
        string pageDir = Directory.CreateTempSubdirectory("attention-plot-").FullName;
        string pagePath = Path.Combine(pageDir, "fragments.html");
        await File.WriteAllTextAsync(pagePath, $"<!DOCTYPE html><html><head><meta charset=\"utf-8\"></head><body>{body}</body></html>");

        // The CDN is answered from the local npm copy, so the test stays offline while exercising the loader.
        var cdnRequests = new List<string>();
        await using var chromium = await HeadlessChromium.LaunchAsync(answer: async route =>
        {
            if (route.Request.Url != PlotlyJs.CdnUrl)
                return false;
            lock (cdnRequests)
                cdnRequests.Add(route.Request.Url);
            await route.FulfillAsync(new() { Status = 200, ContentType = "text/javascript", BodyBytes = plotly });
            return true;
        });
        var page = chromium.Page;
        await chromium.OpenFileAsync(pagePath);
        await page.WaitForFunctionAsync(
            "() => [...document.querySelectorAll('.attention-plot')].filter(d => d.querySelector('svg.main-svg')).length === 2");
        int loaderScripts = await page.EvaluateAsync<int>("() => document.querySelectorAll('script[data-attention-plotly]').length");
        string version = await page.EvaluateAsync<string>("() => window.Plotly.version");

        Assert.Single(cdnRequests);
        Assert.Equal(1, loaderScripts);
        Assert.Equal(PlotlyJs.Version, version);
        Assert.Empty(chromium.Blocked);
        Assert.Empty(chromium.Errors);
        Directory.Delete(pageDir, recursive: true);
    }

    private static string[] Strings(JsonElement element, string property) =>
        [.. element.GetProperty(property).EnumerateArray().Select(e => e.GetString()!)];
}
