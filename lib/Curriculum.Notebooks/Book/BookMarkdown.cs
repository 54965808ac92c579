using System.Text;
using Markdig;
using Markdig.Extensions.Mathematics;
using Markdig.Renderers;
using Markdig.Renderers.Html;
using Markdig.Syntax;
using Markdig.Syntax.Inlines;

namespace Curriculum.Notebooks.Book;

/// <summary>Markdown of the book's Markdown cells and chapter titles, rendered with Markdig.</summary>
/// <remarks>
/// The pipeline is Markdig's advanced extensions without generic attributes: that extension reads a trailing
/// <c>{…}</c> as HTML attributes, so a heading like <c># Why scale by $\sqrt{d_k}$</c> lost its formula.
/// Formulas come out as <c>&lt;span class="math"&gt;\(…\)&lt;/span&gt;</c> for <c>$…$</c>,
/// <c>&lt;span class="math display"&gt;\[…\]&lt;/span&gt;</c> for <c>$$…$$</c> inside a paragraph, and
/// <c>&lt;div class="math"&gt;\[…\]&lt;/div&gt;</c> for a <c>$$</c> block; <c>book.js</c> typesets them with KaTeX.
/// </remarks>
internal static class BookMarkdown
{
    internal static readonly MarkdownPipeline Pipeline = new MarkdownPipelineBuilder()
        .UseAlertBlocks()
        .UseAbbreviations()
        .UseAutoIdentifiers()
        .UseCitations()
        .UseCustomContainers()
        .UseDefinitionLists()
        .UseEmphasisExtras()
        .UseFigures()
        .UseFooters()
        .UseFootnotes()
        .UseGridTables()
        .UseMathematics()
        .UseMediaLinks()
        .UsePipeTables()
        .UseListExtras()
        .UseTaskLists()
        .UseDiagrams()
        .UseAutoLinks()
        .Use<DisplayMathExtension>()
        .Build();

    /// <summary>The HTML of a Markdown cell.</summary>
    public static string ToHtml(string markdown) => Markdown.ToHtml(markdown, Pipeline);

    /// <summary>A chapter title (Markdown heading text) as inline HTML, formulas left for KaTeX.</summary>
    public static string TitleHtml(string title)
    {
        var heading = ParseTitle(title);
        if (heading?.Inline is null)
            return System.Net.WebUtility.HtmlEncode(title);
        using var writer = new StringWriter();
        var renderer = new HtmlRenderer(writer);
        Pipeline.Setup(renderer);
        // A link inside the title would nest anchors in the contents and the pager: keep its text only.
        foreach (var link in heading.Inline.Descendants<LinkInline>().ToList())
        {
            while (link.FirstChild is { } child)
            {
                child.Remove();
                link.InsertBefore(child);
            }
            link.Remove();
        }
        renderer.WriteChildren(heading.Inline);
        return writer.ToString();
    }

    /// <summary>A chapter title as plain text for <c>&lt;title&gt;</c>: Markdown markup dropped, TeX kept without its
    /// <c>$</c> delimiters, e.g. <c>Why scale by \sqrt{d_k}</c>.</summary>
    public static string TitleText(string title)
    {
        var heading = ParseTitle(title);
        if (heading?.Inline is null)
            return title;
        var text = new StringBuilder();
        AppendText(heading.Inline, text);
        return text.ToString().Trim();
    }

    private static HeadingBlock? ParseTitle(string title) =>
        Markdown.Parse("# " + title.ReplaceLineEndings(" "), Pipeline).OfType<HeadingBlock>().FirstOrDefault();

    private static void AppendText(ContainerInline container, StringBuilder text)
    {
        foreach (var inline in container)
        {
            switch (inline)
            {
                case MathInline math:
                    text.Append(math.Content.ToString());
                    break;
                case LiteralInline literal:
                    text.Append(literal.Content.ToString());
                    break;
                case CodeInline code:
                    text.Append(code.Content);
                    break;
                case HtmlEntityInline entity:
                    text.Append(entity.Transcoded.ToString());
                    break;
                case AutolinkInline autolink:
                    text.Append(autolink.Url);
                    break;
                case LineBreakInline:
                    text.Append(' ');
                    break;
                case ContainerInline children:
                    AppendText(children, text);
                    break;
            }
        }
    }

    /// <summary>Renders <c>$$…$$</c> met inside a paragraph as display math (<c>\[…\]</c>), like a <c>$$</c> block;
    /// Markdig's own renderer writes every inline formula as <c>\(…\)</c>, which KaTeX sets inline-sized.</summary>
    private sealed class DisplayMathExtension : IMarkdownExtension
    {
        public void Setup(MarkdownPipelineBuilder pipeline)
        {
        }

        public void Setup(MarkdownPipeline pipeline, IMarkdownRenderer renderer)
        {
            if (renderer is HtmlRenderer html)
                html.ObjectRenderers.ReplaceOrAdd<HtmlMathInlineRenderer>(new MathInlineRenderer());
        }
    }

    private sealed class MathInlineRenderer : HtmlObjectRenderer<MathInline>
    {
        protected override void Write(HtmlRenderer renderer, MathInline math)
        {
            var display = math.DelimiterCount >= 2;
            if (renderer.EnableHtmlForInline)
                renderer.Write(display ? "<span class=\"math display\">\\[" : "<span class=\"math\">\\(");
            renderer.WriteEscape(ref math.Content);
            if (renderer.EnableHtmlForInline)
                renderer.Write(display ? "\\]</span>" : "\\)</span>");
        }
    }
}
