namespace Curriculum.Notebooks.Tests;

/// <summary>How the book renders Markdown cells and chapter titles (formulas, braces, Markdig extensions).</summary>
public class BookMarkdownTests
{
    /// <summary>Renders notebooks made of the given Markdown cells (one notebook per array) and returns the site folder.</summary>
    private static string RenderBook(params string[][] chapters)
    {
        var output = Path.Combine(Path.GetTempPath(), "curriculum-tests", Guid.NewGuid().ToString("N")[..12], "site");
        var book = new List<Book.BookChapter>();
        for (var i = 0; i < chapters.Length; i++)
        {
            var notebook = Notebook.CreateCSharp();
            foreach (var markdown in chapters[i])
                notebook.Cells.Add(NotebookCell.Markdown(markdown));
            book.Add(new Book.BookChapter($"0{i + 1}-chapter.ipynb", notebook));
        }
        Book.BookRenderer.Render(book, output, Path.Combine(Fixtures.RepoRoot(), "node_modules"));
        return output;
    }

    private static string Page(string site, string name) => File.ReadAllText(Path.Combine(site, name));

    [Fact]
    public void Display_math_written_on_one_line_is_marked_for_display_mode_like_a_dollar_block()
    {
        var site = RenderBook([
            "Softmax:\n\n$$\\mathrm{softmax}(x)_i = \\frac{e^{x_i}}{\\sum_j e^{x_j}}$$\n\nand the block form:\n\n$$\n\\sum_i w_i = 1\n$$",
        ]);
        var page = Page(site, "01-chapter.html");

        Assert.Contains("<p><span class=\"math display\">\\[\\mathrm{softmax}(x)_i = \\frac{e^{x_i}}{\\sum_j e^{x_j}}\\]</span></p>", page);
        Assert.Contains("<div class=\"math\">\n\\[\n\\sum_i w_i = 1\n\\]</div>", page);
    }

    [Fact]
    public void Single_dollar_math_stays_inline_and_double_dollars_inside_a_sentence_are_display()
    {
        var site = RenderBook(["where $d_k$ is the head width and $$x < y$$ is shown apart."]);
        var page = Page(site, "01-chapter.html");

        Assert.Contains("where <span class=\"math\">\\(d_k\\)</span> is the head width and <span class=\"math display\">\\[x &lt; y\\]</span> is shown apart.", page);
    }

    [Fact]
    public void The_page_script_typesets_each_formula_in_the_mode_its_element_asks_for()
    {
        var site = RenderBook(["# T"]);
        var script = Page(site, Path.Combine("assets", "book.js"));
        var page = Page(site, "01-chapter.html");

        Assert.Contains("katex.render(tex, element, { displayMode: display", script);
        Assert.Contains("element.classList.contains(\"display\")", script);
        Assert.DoesNotContain("auto-render", page);
        Assert.DoesNotContain("renderMathInElement", script);
    }

    [Fact]
    public void Braces_in_a_heading_keep_its_formula_in_the_page()
    {
        var site = RenderBook(["# Chapter 4 — Why scale by $\\sqrt{d_k}$\n\nText."]);
        var page = Page(site, "01-chapter.html");

        Assert.Contains(">Chapter 4 — Why scale by <span class=\"math\">\\(\\sqrt{d_k}\\)</span></h1>", page);
        Assert.DoesNotContain("d_k=\"\"", page);
    }

    [Fact]
    public void A_title_with_a_formula_is_plain_text_in_the_title_tag_and_typesettable_in_the_contents_and_the_pager()
    {
        var site = RenderBook(["# Chapter 4 — Why scale by $\\sqrt{d_k}$"], ["# Chapter 5 — **Softmax** of $x_{i}$"]);
        var index = Page(site, "index.html");
        var fourth = Page(site, "01-chapter.html");
        var fifth = Page(site, "02-chapter.html");

        Assert.Contains("<title>1. Chapter 4 — Why scale by \\sqrt{d_k}</title>", fourth);
        Assert.Contains("<title>2. Chapter 5 — Softmax of x_{i}</title>", fifth);
        Assert.Contains("<a href=\"01-chapter.html\">Chapter 4 — Why scale by <span class=\"math\">\\(\\sqrt{d_k}\\)</span></a>", index);
        Assert.Contains("<a href=\"02-chapter.html\">Chapter 5 — <strong>Softmax</strong> of <span class=\"math\">\\(x_{i}\\)</span></a>", index);
        Assert.Contains("<a class=\"next\" href=\"02-chapter.html\">Chapter 5 — <strong>Softmax</strong> of <span class=\"math\">\\(x_{i}\\)</span> →</a>", fourth);
        Assert.Contains("<a class=\"prev\" href=\"01-chapter.html\">← Chapter 4 — Why scale by <span class=\"math\">\\(\\sqrt{d_k}\\)</span></a>", fifth);
    }

    [Fact]
    public void A_link_in_a_title_keeps_its_text_but_no_nested_anchor_in_the_contents()
    {
        var site = RenderBook(["# About [Vaswani et al.](https://arxiv.org/abs/1706.03762) & more"]);
        var index = Page(site, "index.html");

        Assert.Contains("<a href=\"01-chapter.html\">About Vaswani et al. &amp; more</a>", index);
        Assert.Contains("<title>1. About Vaswani et al. &amp; more</title>", Page(site, "01-chapter.html"));
    }

    [Fact]
    public void Without_generic_attributes_the_other_extensions_still_work()
    {
        var site = RenderBook([
            "## Results\n\n| dK | std |\n|---:|---:|\n| 4 | 2.0 |\n\n- [x] measured\n\nSee the note[^1] and ~~old~~ text.\n\n[^1]: The note.",
        ]);
        var page = Page(site, "01-chapter.html");

        Assert.Contains("<h2 id=\"results\">Results</h2>", page);
        Assert.Contains("<th style=\"text-align: right;\">dK</th>", page);
        Assert.Contains("<input disabled=\"disabled\" type=\"checkbox\" checked=\"checked\" /> measured", page);
        Assert.Contains("class=\"footnote-ref\"", page);
        Assert.Contains("<del>old</del>", page);
    }
}
