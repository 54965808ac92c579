using System.Text.Json.Nodes;

namespace Curriculum.Kernel;

/// <summary>
/// Turns the library's figure HTML into the MIME bundle Jupyter front ends want: <c>application/vnd.plotly.v1+json</c>
/// (VS Code's and JupyterLab's plotly renderers draw it natively), the <c>text/html</c> fallback (classic Notebook) and
/// <c>text/plain</c>. For the fallback to draw offline, the first figure of a session is preceded by one
/// <c>display_data</c> that carries the local plotly.js (<c>node_modules/plotly.js-dist-min</c>) inline.
/// </summary>
internal sealed class PlotlyBundles(string? plotlyJsPath)
{
    public const string PlotlyMime = "application/vnd.plotly.v1+json";
    private const string FigureStart = "<div class=\"attention-plot\"";
    private const string JsonStart = "var figure = ";
    private const string JsonEnd = ";\n  var id = ";
    private bool _sentPlotlyJs;

    /// <summary>The local plotly.js, searched upwards from the given folders.</summary>
    public static string? FindPlotlyJs(params string[] startFolders)
    {
        foreach (var start in startFolders)
        {
            for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
            {
                var candidate = Path.Combine(dir.FullName, "node_modules", "plotly.js-dist-min", "plotly.min.js");
                if (File.Exists(candidate))
                    return candidate;
            }
        }
        return null;
    }

    /// <summary>The figure inside a library figure's HTML, or null when the bundle is not a figure.</summary>
    public static JsonObject? FigureOf(JsonObject data)
    {
        if (data["text/html"] is not JsonValue value || !value.TryGetValue<string>(out var html) || !html.StartsWith(FigureStart, StringComparison.Ordinal))
            return null;
        var start = html.IndexOf(JsonStart, StringComparison.Ordinal);
        var end = start < 0 ? -1 : html.IndexOf(JsonEnd, start, StringComparison.Ordinal);
        if (end < 0)
            return null;
        try
        {
            return JsonNode.Parse(html[(start + JsonStart.Length)..end]) as JsonObject;
        }
        catch (System.Text.Json.JsonException)
        {
            return null;
        }
    }

    /// <summary>
    /// Adds the plotly MIME type and a text/plain line to a figure's bundle (other bundles are returned unchanged), and
    /// returns the one-time plotly.js loader to send before it, if it is due.
    /// </summary>
    public (JsonObject Data, JsonObject? Loader) Enrich(JsonObject data)
    {
        if (FigureOf(data) is not { } figure)
            return (data, null);
        var enriched = (JsonObject)data.DeepClone();
        enriched[PlotlyMime] = figure;
        if (!enriched.ContainsKey("text/plain"))
            enriched["text/plain"] = Describe(figure);
        JsonObject? loader = null;
        if (!_sentPlotlyJs && plotlyJsPath is not null && File.Exists(plotlyJsPath))
        {
            _sentPlotlyJs = true;
            var source = File.ReadAllText(plotlyJsPath).Replace("</script", "<\\/script", StringComparison.OrdinalIgnoreCase);
            loader = new JsonObject
            {
                ["text/html"] = "<script type=\"text/javascript\" data-attention-plotly-inline>\nif (!window.Plotly) {\n" + source + "\n}\n</script>",
                ["text/plain"] = "(plotly.js loaded for this session's figures)",
            };
        }
        return (enriched, loader);
    }

    private static string Describe(JsonObject figure)
    {
        var title = figure["layout"]?["title"] switch
        {
            JsonObject t => t["text"]?.ToString(),
            JsonValue v => v.ToString(),
            _ => null,
        };
        var traces = figure["data"] is JsonArray data ? data.Count : 0;
        return $"Figure{(string.IsNullOrEmpty(title) ? "" : $" \"{title}\"")} ({traces} trace{(traces == 1 ? "" : "s")}; open in a front end that renders HTML or plotly to see it)";
    }
}
