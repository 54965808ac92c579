namespace Curriculum.Notebooks.Book;

/// <summary>The book's own stylesheet and start-up script (the rest of <c>assets/</c> is copied from npm packages).</summary>
internal static class BookAssets
{
    public const string Css =
        """
        :root { --text: #1f2328; --muted: #59636e; --line: #d1d9e0; --code-bg: #f6f8fa; --accent: #0969da; --error: #cf222e; }
        * { box-sizing: border-box; }
        body { margin: 0; color: var(--text); background: #fff; font: 16px/1.6 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; }
        main { max-width: 980px; margin: 0 auto; padding: 1rem 1.5rem 3rem; }
        h1, h2, h3 { line-height: 1.25; }
        a { color: var(--accent); }
        code { font-family: ui-monospace, "SFMono-Regular", Menlo, Consolas, monospace; font-size: 0.9em; overflow-wrap: anywhere; }
        .pager { display: flex; justify-content: space-between; gap: 1rem; max-width: 980px; margin: 0 auto; padding: 0.75rem 1.5rem; border-bottom: 1px solid var(--line); }
        .pager + main + .pager, main + .pager { border-top: 1px solid var(--line); border-bottom: none; }
        .cell { margin: 1rem 0; }
        .cell.code { border-left: 3px solid var(--line); padding-left: 0.75rem; }
        pre { margin: 0.5rem 0; padding: 0.75rem; overflow-x: auto; border-radius: 6px; white-space: pre-wrap; overflow-wrap: anywhere; }
        pre code { white-space: inherit; overflow-wrap: inherit; }
        pre.source { background: var(--code-bg); }
        pre.source code.hljs { padding: 0; background: transparent; }
        .output { margin: 0.25rem 0 0.75rem; }
        pre.output { background: #fff; border: 1px solid var(--line); }
        pre.output.stderr { color: #9a6700; }
        pre.output.error { color: var(--error); border-color: var(--error); background: #fff5f5; }
        .output.html { overflow-x: auto; }
        span.math.display { display: block; }
        .math.display, div.math { overflow-x: auto; overflow-y: hidden; }
        .output.html .attention-plot { margin-top: 28px; }
        .attention-plot .modebar-container { top: -28px !important; opacity: 0; transition: opacity 0.2s; }
        .attention-plot:hover .modebar-container, .attention-plot:focus-within .modebar-container { opacity: 1; }
        table { border-collapse: collapse; }
        th, td { border: 1px solid var(--line); padding: 0.25rem 0.6rem; }
        ol.planned { color: var(--muted); }
        """;

    /// <summary>Typesets the formulas Markdig marked (<see cref="BookMarkdown"/>) with KaTeX, each in the mode its
    /// delimiters ask for, and highlights the C# cells.</summary>
    public const string Script =
        """
        document.addEventListener("DOMContentLoaded", function () {
          if (window.katex) {
            var formulas = document.querySelectorAll(".cell.markdown .math, .pager .math, ol.chapters .math, ol.planned .math");
            formulas.forEach(function (element) {
              var tex = element.textContent.trim();
              var display = element.tagName === "DIV" || element.classList.contains("display");
              var delimited = /^\\[\[(]([\s\S]*)\\[\])]$/.exec(tex);
              if (delimited) tex = delimited[1];
              window.katex.render(tex, element, { displayMode: display, throwOnError: false });
            });
          }
          if (window.hljs) {
            document.querySelectorAll("pre.source code").forEach(function (element) { window.hljs.highlightElement(element); });
          }
        });
        """;
}
