using System.Net;
using System.Text;

namespace Attention.Plotting;

/// <summary>Whole HTML pages of figures, for the browser, the book and the tests.</summary>
public static class HtmlPage
{
    /// <summary>
    /// A page that loads plotly.js from <paramref name="plotlyScriptSource"/> first and then draws each figure, so no
    /// figure needs the CDN fallback.
    /// </summary>
    /// <param name="figures">The figures, top to bottom. Shape: (N).</param>
    /// <param name="plotlyScriptSource">The plotly.js script's <c>src</c>, e.g. <see cref="PlotlyJs.LocalFileUrl"/> or a
    /// path relative to the page.</param>
    /// <param name="title">The page title; shown literally.</param>
    public static string Create(IEnumerable<Figure> figures, string plotlyScriptSource, string? title = null)
    {
        ArgumentNullException.ThrowIfNull(figures);
        ArgumentException.ThrowIfNullOrWhiteSpace(plotlyScriptSource);
        var html = new StringBuilder();
        html.Append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n");
        html.Append("<title>").Append(WebUtility.HtmlEncode(title ?? "Figures")).Append("</title>\n");
        html.Append("<script src=\"").Append(WebUtility.HtmlEncode(plotlyScriptSource)).Append("\"></script>\n");
        html.Append("<style>body{font-family:system-ui,sans-serif;margin:16px;} .attention-plot{margin-bottom:24px;}</style>\n");
        html.Append("</head>\n<body>\n");
        foreach (var figure in figures)
        {
            ArgumentNullException.ThrowIfNull(figure, nameof(figures));
            html.Append(figure.ToHtml());
        }
        html.Append("</body>\n</html>\n");
        return html.ToString();
    }
}
