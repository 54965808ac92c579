using System.Net;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Curriculum.Notebooks.Book;

/// <summary>One chapter of the book: an executed notebook and the file name its page is derived from.</summary>
/// <param name="SourcePath">The source notebook's path (its file name orders the chapters and names the page).</param>
/// <param name="Executed">The notebook with outputs.</param>
public sealed record BookChapter(string SourcePath, Notebook Executed)
{
    /// <summary>The page file name, e.g. <c>01-attention.html</c>.</summary>
    public string PageName => Path.GetFileNameWithoutExtension(SourcePath) + ".html";

    /// <summary>The notebook's first Markdown heading (Markdown, may hold <c>$…$</c> formulas), else its file name.</summary>
    public string Title => Executed.Title ?? Path.GetFileNameWithoutExtension(SourcePath);
}

/// <summary>
/// Renders executed notebooks as a static HTML site that works from <c>file://</c> with no network: Markdown through
/// Markdig, formulas typeset by KaTeX auto-render, C# highlighted by highlight.js, plot outputs drawn by plotly.js —
/// all loaded from local copies in <c>assets/</c>.
/// </summary>
public static class BookRenderer
{
    /// <summary>The book's title, on the index page.</summary>
    public const string BookTitle = "Attention, step by step — a C# curriculum";

    /// <summary>The front-end files the book needs: destination under <c>assets/</c> to source under <c>node_modules/</c>.</summary>
    internal static readonly (string Destination, string Source)[] AssetFiles =
    [
        ("plotly.min.js", "plotly.js-dist-min/plotly.min.js"),
        ("katex/katex.min.js", "katex/dist/katex.min.js"),
        ("katex/katex.min.css", "katex/dist/katex.min.css"),
        ("highlight/highlight.min.js", "@highlightjs/cdn-assets/highlight.min.js"),
        ("highlight/github.min.css", "@highlightjs/cdn-assets/styles/github.min.css"),
    ];

    /// <summary>Writes <c>index.html</c>, one page per chapter and <c>assets/</c> into <paramref name="outputDirectory"/>.</summary>
    /// <param name="chapters">The chapters in reading order.</param>
    /// <param name="outputDirectory">Destination folder (created; existing pages are overwritten).</param>
    /// <param name="nodeModulesDirectory">The repository's <c>node_modules</c> folder (from <c>npm ci</c>).</param>
    /// <param name="plannedChapters">Titles of chapters still to come, listed on the index; may be empty.</param>
    /// <exception cref="DirectoryNotFoundException">A front-end asset is missing from <paramref name="nodeModulesDirectory"/>.</exception>
    public static void Render(IReadOnlyList<BookChapter> chapters, string outputDirectory, string nodeModulesDirectory, IReadOnlyList<string>? plannedChapters = null)
    {
        ArgumentNullException.ThrowIfNull(chapters);
        ArgumentException.ThrowIfNullOrEmpty(outputDirectory);
        ArgumentException.ThrowIfNullOrEmpty(nodeModulesDirectory);
        var missing = AssetFiles.Where(a => !File.Exists(Path.Combine(nodeModulesDirectory, a.Source))).Select(a => a.Source).ToList();
        if (missing.Count > 0)
            throw new DirectoryNotFoundException(
                $"The front-end assets are missing ({missing[0]} not found under {nodeModulesDirectory}); run `npm ci --no-audit --no-fund` in the repository root, or `bash build.sh setup`.");

        Directory.CreateDirectory(outputDirectory);
        // Pages of chapters that were renamed or removed must not linger in a book rendered before.
        if (File.Exists(Path.Combine(outputDirectory, "assets", "book.css")))
        {
            foreach (var stale in Directory.GetFiles(outputDirectory, "*.html"))
                File.Delete(stale);
        }
        CopyAssets(outputDirectory, nodeModulesDirectory);
        File.WriteAllText(Path.Combine(outputDirectory, "index.html"), IndexPage(chapters, plannedChapters ?? []), Utf8);
        for (var i = 0; i < chapters.Count; i++)
        {
            var previous = i > 0 ? chapters[i - 1] : null;
            var next = i + 1 < chapters.Count ? chapters[i + 1] : null;
            File.WriteAllText(Path.Combine(outputDirectory, chapters[i].PageName), ChapterPage(chapters[i], i + 1, previous, next), Utf8);
        }
    }

    /// <summary>Reads the titles of planned chapters from <c>chapters.json</c>: an array of strings or of objects with
    /// <c>title</c> (and optional <c>file</c>); those whose file is among <paramref name="existingFiles"/> are left out.</summary>
    /// <param name="path">The <c>chapters.json</c> path; a missing file gives an empty list.</param>
    /// <param name="existingFiles">File names of the notebooks that exist.</param>
    public static IReadOnlyList<string> ReadPlannedChapters(string path, IEnumerable<string> existingFiles)
    {
        if (!File.Exists(path))
            return [];
        var existing = existingFiles.Select(Path.GetFileName).ToHashSet(StringComparer.OrdinalIgnoreCase);
        JsonNode? root;
        try
        {
            root = JsonNode.Parse(File.ReadAllText(path));
        }
        catch (JsonException e)
        {
            throw new NotebookFormatException($"{path}: not valid JSON ({e.Message})");
        }
        var items = root switch
        {
            JsonArray a => a,
            JsonObject o when o["chapters"] is JsonArray a => a,
            JsonObject o when o["planned"] is JsonArray a => a,
            _ => [],
        };
        var titles = new List<string>();
        foreach (var item in items)
        {
            switch (item)
            {
                case JsonValue v when v.TryGetValue<string>(out var title):
                    titles.Add(title);
                    break;
                case JsonObject o when o["title"] is JsonValue t && t.TryGetValue<string>(out var title):
                    var file = o["file"] is JsonValue f && f.TryGetValue<string>(out var name) ? name : null;
                    if (file is null || !existing.Contains(Path.GetFileName(file)))
                        titles.Add(title);
                    break;
            }
        }
        return titles;
    }

    private static readonly UTF8Encoding Utf8 = new(false);

    private static void CopyAssets(string outputDirectory, string nodeModulesDirectory)
    {
        var assets = Path.Combine(outputDirectory, "assets");
        foreach (var (destination, source) in AssetFiles)
        {
            var target = Path.Combine(assets, destination);
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.Copy(Path.Combine(nodeModulesDirectory, source), target, overwrite: true);
        }
        var fonts = Path.Combine(nodeModulesDirectory, "katex", "dist", "fonts");
        var fontTarget = Path.Combine(assets, "katex", "fonts");
        Directory.CreateDirectory(fontTarget);
        foreach (var font in Directory.GetFiles(fonts, "*.woff2"))
            File.Copy(font, Path.Combine(fontTarget, Path.GetFileName(font)), overwrite: true);
        File.WriteAllText(Path.Combine(assets, "book.css"), BookAssets.Css, Utf8);
        File.WriteAllText(Path.Combine(assets, "book.js"), BookAssets.Script, Utf8);
    }

    private static string Head(string title) =>
        $"""
         <!DOCTYPE html>
         <html lang="en">
         <head>
         <meta charset="utf-8">
         <meta name="viewport" content="width=device-width, initial-scale=1">
         <title>{Encode(title)}</title>
         <link rel="stylesheet" href="assets/katex/katex.min.css">
         <link rel="stylesheet" href="assets/highlight/github.min.css">
         <link rel="stylesheet" href="assets/book.css">
         <script src="assets/plotly.min.js"></script>
         <script defer src="assets/katex/katex.min.js"></script>
         <script defer src="assets/highlight/highlight.min.js"></script>
         <script defer src="assets/book.js"></script>
         </head>
         """;

    private static string IndexPage(IReadOnlyList<BookChapter> chapters, IReadOnlyList<string> planned)
    {
        var html = new StringBuilder();
        html.Append(Head(BookTitle)).Append("\n<body>\n<main class=\"index\">\n");
        html.Append($"<h1>{Encode(BookTitle)}</h1>\n");
        html.Append("<p class=\"lead\">Each chapter is a C# notebook, executed to produce this page. Open the <code>.ipynb</code> files in VS Code to run and change them.</p>\n");
        html.Append("<h2>Chapters</h2>\n<ol class=\"chapters\">\n");
        foreach (var chapter in chapters)
            html.Append($"<li><a href=\"{Encode(chapter.PageName)}\">{BookMarkdown.TitleHtml(chapter.Title)}</a></li>\n");
        html.Append("</ol>\n");
        if (planned.Count > 0)
        {
            html.Append("<h2>Still to come</h2>\n<ol class=\"planned\" start=\"").Append(chapters.Count + 1).Append("\">\n");
            foreach (var title in planned)
                html.Append($"<li>{BookMarkdown.TitleHtml(title)}</li>\n");
            html.Append("</ol>\n");
        }
        html.Append("</main>\n</body>\n</html>\n");
        return html.ToString();
    }

    private static string ChapterPage(BookChapter chapter, int number, BookChapter? previous, BookChapter? next)
    {
        var html = new StringBuilder();
        html.Append(Head($"{number}. {BookMarkdown.TitleText(chapter.Title)}")).Append("\n<body>\n");
        var navigation = Navigation(previous, next);
        html.Append(navigation).Append("<main class=\"chapter\">\n");
        foreach (var cell in chapter.Executed.Cells)
        {
            switch (cell.CellType)
            {
                case "markdown":
                    html.Append("<section class=\"cell markdown\">\n").Append(BookMarkdown.ToHtml(cell.Source)).Append("</section>\n");
                    break;
                case "code":
                    html.Append("<section class=\"cell code\">\n<pre class=\"source\"><code class=\"language-csharp\">")
                        .Append(Encode(cell.Source)).Append("</code></pre>\n");
                    foreach (var output in cell.Outputs.OfType<JsonObject>())
                        html.Append(Output(output));
                    html.Append("</section>\n");
                    break;
            }
        }
        html.Append("</main>\n").Append(navigation).Append("</body>\n</html>\n");
        return html.ToString();
    }

    private static string Navigation(BookChapter? previous, BookChapter? next)
    {
        var prev = previous is null ? "<span></span>" : $"<a class=\"prev\" href=\"{Encode(previous.PageName)}\">← {BookMarkdown.TitleHtml(previous.Title)}</a>";
        var after = next is null ? "<span></span>" : $"<a class=\"next\" href=\"{Encode(next.PageName)}\">{BookMarkdown.TitleHtml(next.Title)} →</a>";
        return $"<nav class=\"pager\">{prev}<a class=\"home\" href=\"index.html\">Contents</a>{after}</nav>\n";
    }

    private static string Output(JsonObject output)
    {
        switch (output["output_type"]?.GetValue<string>())
        {
            case "stream":
                var stream = output["name"]?.GetValue<string>() == "stderr" ? "stderr" : "stdout";
                return $"<pre class=\"output stream {stream}\">{Encode(NotebookOutputs.Text(output["text"]))}</pre>\n";
            case "display_data" or "execute_result":
                var data = output["data"] as JsonObject;
                if (data?["text/html"] is { } htmlNode)
                    return $"<div class=\"output html\">\n{NotebookOutputs.Text(htmlNode)}\n</div>\n";
                if (data?["text/plain"] is { } textNode)
                    return $"<pre class=\"output text\">{Encode(NotebookOutputs.Text(textNode))}</pre>\n";
                return "";
            case "error":
                var ename = output["ename"]?.GetValue<string>() ?? "Error";
                var traceback = output["traceback"] is JsonArray lines ? string.Join('\n', lines.Select(l => l?.GetValue<string>())) : "";
                return $"<pre class=\"output error\"><strong>{Encode(ename)}</strong>: {Encode(output["evalue"]?.GetValue<string>() ?? "")}\n{Encode(traceback)}</pre>\n";
            default:
                return "";
        }
    }

    private static string Encode(string text) => WebUtility.HtmlEncode(text);
}
