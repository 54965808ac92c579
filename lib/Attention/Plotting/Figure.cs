using System.Collections.Concurrent;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using Attention.Formatting;

namespace Attention.Plotting;

/// <summary>
/// A plotly.js figure: one or more panels laid out in a grid, a title and a size. Build one with <see cref="Plot"/>,
/// adjust it with <c>with { … }</c>, and show it by making it the last expression of a notebook cell.
/// </summary>
/// <remarks>
/// <see cref="ToJson"/> gives the plotly.js figure <c>{data, layout, config}</c>; <see cref="ToHtml"/> an HTML fragment
/// that draws it; <see cref="ToHtmlPage"/> a whole page with an explicit plotly.js script.
/// </remarks>
/// <param name="Panels">The panels, row by row. Shape: (rows·columns) or fewer.</param>
[TypeFormatterSource(typeof(HtmlFormatterSource), PreferredMimeTypes = ["text/html"])]
public sealed record Figure(IReadOnlyList<Panel> Panels)
{
    private const double GapX = 0.08;
    private const double GapY = 0.14;
    private static readonly ConcurrentDictionary<string, int> s_idUses = new();
    private static readonly JsonWriterOptions s_writerOptions = new()
    {
        // The default encoder escapes <, >, &, ' and every non-ASCII character, so the JSON is safe inside <script>.
        Encoder = JavaScriptEncoder.Default,
    };

    /// <summary>A figure of one panel.</summary>
    /// <param name="panel">The panel.</param>
    public Figure(Panel panel) : this([panel]) { }

    /// <summary>The figure's title, shown literally.</summary>
    public string? Title { get; init; }

    /// <summary>Panels per grid row; 1 for a single plot.</summary>
    public int Columns { get; init; } = 1;

    /// <summary>Width in pixels; <c>null</c> to fill the page or notebook output.</summary>
    public int? Width { get; init; }

    /// <summary>Height in pixels; <c>null</c> for 420 per plot (300 per grid row).</summary>
    public int? Height { get; init; }

    /// <summary>Whether to show the legend; <c>null</c> lets plotly.js decide (shown for several named traces).</summary>
    public bool? ShowLegend { get; init; }

    /// <summary>
    /// Whether all heatmaps share one colour scale and colour bar (taken from the first heatmap), so the same colour means
    /// the same number in every panel, e.g. one heatmap per attention head.
    /// </summary>
    public bool ShareColorScale { get; init; }

    /// <summary>Grid rows: ⌈panels / columns⌉.</summary>
    public int Rows => (Panels.Count + Columns - 1) / Columns;

    /// <summary>The height the figure is drawn with: <see cref="Height"/>, or a default from the number of grid rows.</summary>
    public int EffectiveHeight => Height ?? (Rows == 1 ? 420 : 80 + 280 * Rows);

    /// <summary>Returns a copy with the given title.</summary>
    /// <param name="title">The new title.</param>
    public Figure WithTitle(string title) => this with { Title = title };

    /// <summary>Returns a copy with the given size in pixels.</summary>
    /// <param name="width">Width in pixels.</param>
    /// <param name="height">Height in pixels.</param>
    public Figure WithSize(int width, int height)
    {
        ThrowHelper.ThrowIfNotPositive(width);
        ThrowHelper.ThrowIfNotPositive(height);
        return this with { Width = width, Height = height };
    }

    /// <summary>
    /// Returns a copy whose panels all draw their axes on the given scales, e.g. <c>fig.WithLogAxes()</c> so that
    /// 4, 16, 64, 256 on the x axis are evenly spaced, or <c>fig.WithLogAxes(x: false, y: true)</c> for values that
    /// span several powers of ten. Every axis is set, so <c>false</c> turns a logarithmic axis back to linear.
    /// </summary>
    /// <param name="x">Whether the horizontal axes are logarithmic.</param>
    /// <param name="y">Whether the vertical axes are logarithmic.</param>
    /// <remarks>plotly.js leaves zero and negative values out of a logarithmic axis.</remarks>
    public Figure WithLogAxes(bool x = true, bool y = false) => this with
    {
        Panels = [.. Panels.Select(p => p with
        {
            XAxis = p.XAxis with { Logarithmic = x },
            YAxis = p.YAxis with { Logarithmic = y },
        })],
    };

    /// <summary>The plotly.js figure as JSON: <c>{"data": [...], "layout": {...}, "config": {...}}</c>.</summary>
    /// <param name="indented">Whether to indent (for reading); compact by default.</param>
    public string ToJson(bool indented = false)
    {
        Validate();
        var buffer = new System.Buffers.ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(buffer, s_writerOptions with { Indented = indented }))
        {
            writer.WriteStartObject();
            WriteData(writer);
            WriteLayout(writer);
            writer.WriteStartObject("config");
            writer.WriteBoolean("responsive", true);
            writer.WriteBoolean("displaylogo", false);
            writer.WriteEndObject();
            writer.WriteEndObject();
        }
        return Encoding.UTF8.GetString(buffer.WrittenSpan);
    }

    /// <summary>
    /// An HTML fragment that draws the figure: <c>&lt;div class="attention-plot"&gt;</c> and a script that calls
    /// <c>Plotly.newPlot</c> once plotly.js is there. If the page has no <c>window.Plotly</c>, the script loads the pinned
    /// plotly.js (<see cref="PlotlyJs.Version"/>) from <see cref="PlotlyJs.CdnUrl"/>, through require.js when the host has it.
    /// The rendered book loads a local copy first, so it never touches the network.
    /// </summary>
    /// <remarks>The div id comes from a hash of the figure plus a count of earlier fragments of the same figure, so it
    /// is unique on a page and the same on every run.</remarks>
    public string ToHtml()
    {
        string json = ToJson();
        string id = NextId(json);
        string width = Width is int w ? $"{w}px" : "100%";
        var html = new StringBuilder(json.Length + 1600);
        html.Append(CultureInfo.InvariantCulture, $"<div class=\"attention-plot\" id=\"{id}\" style=\"width:{width};height:{EffectiveHeight}px;\"></div>\n");
        html.Append("<script type=\"text/javascript\">\n(function () {\n");
        html.Append("  var figure = ").Append(json).Append(";\n");
        html.Append(CultureInfo.InvariantCulture, $"  var id = \"{id}\";\n");
        html.Append(CultureInfo.InvariantCulture, $"  var url = \"{PlotlyJs.CdnUrl}\";\n");
        html.Append("""
              function draw(Plotly) {
                var div = document.getElementById(id);
                if (div) Plotly.newPlot(div, figure.data, figure.layout, figure.config);
              }
              if (window.Plotly) { draw(window.Plotly); return; }
              if (typeof window.require === "function" && typeof window.require.config === "function") {
                window.require.config({ paths: { "plotly-attention": url.replace(/\.js$/, "") } });
                window.require(["plotly-attention"], function (Plotly) { window.Plotly = window.Plotly || Plotly; draw(Plotly); });
                return;
              }
              var script = document.querySelector("script[data-attention-plotly]");
              if (!script) {
                script = document.createElement("script");
                script.src = url;
                script.setAttribute("data-attention-plotly", "");
                document.head.appendChild(script);
              }
              script.addEventListener("load", function () { draw(window.Plotly); });
            })();
            </script>

            """);
        return html.ToString();
    }

    /// <summary>A complete HTML page showing this figure, loading plotly.js from <paramref name="plotlyScriptSource"/>.</summary>
    /// <param name="plotlyScriptSource">The <c>src</c> of the plotly.js script: a relative path or file URL of the local copy
    /// (<see cref="PlotlyJs.FindLocalCopy"/>) for offline use, or <see cref="PlotlyJs.CdnUrl"/>.</param>
    public string ToHtmlPage(string plotlyScriptSource) => HtmlPage.Create([this], plotlyScriptSource, Title);

    /// <summary>A short description, e.g. <c>Figure "Head 0" (1 panel, 1 trace)</c>.</summary>
    public override string ToString()
    {
        int traces = Panels.Sum(p => p.Traces.Count);
        return $"Figure{(Title is null ? "" : $" \"{Title}\"")} ({Panels.Count} panel{(Panels.Count == 1 ? "" : "s")}, {traces} trace{(traces == 1 ? "" : "s")})";
    }

    private void Validate()
    {
        if (Panels is null || Panels.Count == 0)
            ThrowHelper.ThrowArgument(nameof(Panels), "Panels is empty; a figure needs at least one panel.");
        ThrowHelper.ThrowIfNotPositive(Columns);
    }

    private static string NextId(string json)
    {
        string hash = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(json)), 0, 6);
        int use = s_idUses.AddOrUpdate(hash, 0, (_, n) => n + 1);
        return use == 0 ? $"attention-plot-{hash}" : $"attention-plot-{hash}-{use}";
    }

    private static string AxisId(char letter, int panel) => panel == 0 ? letter.ToString() : $"{letter}{panel + 1}";

    private static string AxisKey(string name, int panel) => panel == 0 ? name : $"{name}{panel + 1}";

    private HeatmapTrace? FirstHeatmap() => Panels.SelectMany(p => p.Traces).OfType<HeatmapTrace>().FirstOrDefault();

    private void WriteData(Utf8JsonWriter writer)
    {
        bool shared = ShareColorScale && FirstHeatmap() is not null;
        writer.WriteStartArray("data");
        for (int p = 0; p < Panels.Count; p++)
        {
            var panel = Panels[p];
            var context = new TraceContext(AxisId('x', p), AxisId('y', p), panel.XAxis, panel.YAxis, shared);
            foreach (var trace in panel.Traces) trace.WriteJson(writer, context);
        }
        writer.WriteEndArray();
    }

    private void WriteLayout(Utf8JsonWriter writer)
    {
        writer.WriteStartObject("layout");
        if (Title is not null)
        {
            writer.WriteStartObject("title");
            writer.WriteString("text", PlotlyText.Escape(Title));
            writer.WriteEndObject();
        }
        if (Width is int width) writer.WriteNumber("width", width);
        else writer.WriteBoolean("autosize", true);
        writer.WriteNumber("height", EffectiveHeight);
        if (ShowLegend is bool legend) writer.WriteBoolean("showlegend", legend);
        writer.WriteStartObject("margin");
        writer.WriteNumber("l", 70);
        writer.WriteNumber("r", 30);
        writer.WriteNumber("t", Title is null && Panels.Count == 1 ? 30 : 70);
        writer.WriteNumber("b", 60);
        writer.WriteEndObject();

        int rows = Rows;
        double cellWidth = (1 - GapX * (Columns - 1)) / Columns;
        double cellHeight = rows == 1 ? 1 : (1 - GapY * (rows - 1)) / rows;
        bool multiPanel = Panels.Count > 1;
        for (int p = 0; p < Panels.Count; p++)
        {
            int row = p / Columns, col = p % Columns;
            double x0 = col * (cellWidth + GapX), y1 = 1 - row * (cellHeight + GapY);
            // In a grid, axis titles go only under the bottom panel of each column and left of each row, so they
            // do not collide with the titles of the panels below.
            bool bottomOfColumn = p + Columns >= Panels.Count, leftOfRow = col == 0;
            var xAxis = bottomOfColumn ? Panels[p].XAxis : Panels[p].XAxis with { Title = null };
            var yAxis = leftOfRow ? Panels[p].YAxis : Panels[p].YAxis with { Title = null };
            WriteAxis(writer, AxisKey("xaxis", p), xAxis, AxisId('y', p), multiPanel ? (x0, x0 + cellWidth) : null);
            WriteAxis(writer, AxisKey("yaxis", p), yAxis, AxisId('x', p), multiPanel ? (y1 - cellHeight, y1) : null);
        }

        if (ShareColorScale && FirstHeatmap() is { } heatmap) heatmap.WriteSharedColorAxis(writer);
        WritePanelTitles(writer);
        writer.WriteEndObject();
    }

    private static void WriteAxis(Utf8JsonWriter writer, string key, Axis axis, string anchor, (double Low, double High)? domain)
    {
        writer.WriteStartObject(key);
        writer.WriteString("anchor", anchor);
        if (domain is var (low, high))
        {
            writer.WriteStartArray("domain");
            writer.WriteNumberValue(Math.Round(low, 6));
            writer.WriteNumberValue(Math.Round(high, 6));
            writer.WriteEndArray();
        }
        if (axis.Title is not null)
        {
            writer.WriteStartObject("title");
            writer.WriteString("text", PlotlyText.Escape(axis.Title));
            writer.WriteEndObject();
        }
        if (axis.TickLabels is { } labels)
        {
            // Numeric positions with text: repeated tokens keep separate ticks. Long sequences label every k-th tick.
            int step = Math.Max(1, (labels.Count + 47) / 48);
            writer.WriteString("tickmode", "array");
            writer.WriteStartArray("tickvals");
            for (int i = 0; i < labels.Count; i += step) writer.WriteNumberValue(i);
            writer.WriteEndArray();
            writer.WriteStartArray("ticktext");
            for (int i = 0; i < labels.Count; i += step) writer.WriteStringValue(PlotlyText.Escape(labels[i]));
            writer.WriteEndArray();
            writer.WriteBoolean("showgrid", false);
            writer.WriteBoolean("zeroline", false);
        }
        else if (axis.TickStep is double step)
        {
            writer.WriteString("tickmode", "linear");
            writer.WriteNumber("tick0", 0);
            writer.WriteNumber("dtick", step);
        }
        if (axis.Logarithmic) writer.WriteString("type", "log");
        if (axis.Range is var (min, max))
        {
            // plotly.js draws a reversed axis by listing its range high-to-low.
            writer.WriteStartArray("range");
            writer.WriteNumberValue(axis.Reversed ? max : min);
            writer.WriteNumberValue(axis.Reversed ? min : max);
            writer.WriteEndArray();
        }
        else if (axis.Reversed)
        {
            writer.WriteString("autorange", "reversed");
        }
        writer.WriteEndObject();
    }

    private void WritePanelTitles(Utf8JsonWriter writer)
    {
        if (Panels.Count == 1 && Panels[0].Title is null) return;
        writer.WriteStartArray("annotations");
        for (int p = 0; p < Panels.Count; p++)
        {
            if (Panels[p].Title is not { } title) continue;
            writer.WriteStartObject();
            writer.WriteString("text", PlotlyText.Escape(title));
            writer.WriteString("xref", $"{AxisId('x', p)} domain");
            writer.WriteString("yref", $"{AxisId('y', p)} domain");
            writer.WriteNumber("x", 0.5);
            writer.WriteNumber("y", 1);
            writer.WriteString("xanchor", "center");
            writer.WriteString("yanchor", "bottom");
            writer.WriteNumber("yshift", 4);
            writer.WriteBoolean("showarrow", false);
            writer.WriteStartObject("font");
            writer.WriteNumber("size", 13);
            writer.WriteEndObject();
            writer.WriteEndObject();
        }
        writer.WriteEndArray();
    }
}
