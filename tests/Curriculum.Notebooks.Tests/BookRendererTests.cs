namespace Curriculum.Notebooks.Tests;

public class BookRendererTests
{
    private static readonly Lazy<Task<string>> FixtureBook = new(RenderAsync);

    /// <summary>Executes the fixture book notebooks and renders them once per test session; returns the site folder.</summary>
    internal static Task<string> RenderFixtureBookAsync() => FixtureBook.Value;

    private static async Task<string> RenderAsync()
    {
        var folder = Fixtures.CopyToTemp();
        var notebooks = Directory.GetFiles(Path.Combine(folder, "book"), "*.ipynb").Order(StringComparer.Ordinal).ToList();
        var chapters = new List<Book.BookChapter>();
        foreach (var path in notebooks)
        {
            var result = await NotebookRunner.RunAsync(path);
            Assert.True(result.Succeeded, result.Failure?.ToString());
            chapters.Add(new Book.BookChapter(path, result.Executed));
        }
        var output = Path.Combine(folder, "site");
        var planned = Book.BookRenderer.ReadPlannedChapters(Path.Combine(folder, "book", "chapters.json"), notebooks);
        Book.BookRenderer.Render(chapters, output, Path.Combine(Fixtures.RepoRoot(), "node_modules"), planned);
        return output;
    }

    [Fact]
    public async Task The_index_lists_chapters_by_first_heading_and_the_planned_ones_still_to_come()
    {
        var site = await RenderFixtureBookAsync();
        var index = File.ReadAllText(Path.Combine(site, "index.html"));

        Assert.Contains("<a href=\"01-attention.html\">Scaled dot-product attention</a>", index);
        Assert.Contains("<a href=\"02-masks.html\">Masks — causal scores <span class=\"math\">\\(s_{t,t'}\\)</span> for <span class=\"math\">\\(t' \\le t\\)</span></a>", index);
        // chapters.json: a plain title (always listed), 02-masks (exists: left out), 03-multi-head (planned).
        Assert.Contains("<li>Multi-head attention</li>", index);
        Assert.DoesNotContain("<li>Masks</li>", index);
    }

    [Fact]
    public async Task A_chapter_page_loads_plotly_before_the_outputs_and_only_local_assets()
    {
        var site = await RenderFixtureBookAsync();
        var page = File.ReadAllText(Path.Combine(site, "01-attention.html"));

        Assert.True(page.IndexOf("assets/plotly.min.js", StringComparison.Ordinal) < page.IndexOf("class=\"attention-plot\"", StringComparison.Ordinal));
        Assert.Contains("<code class=\"language-csharp\">", page);
        Assert.Contains("<pre class=\"output stream stdout\">sum = 1.00\n</pre>", page);
        Assert.Contains("class=\"math\"", page);
        Assert.Contains("<a class=\"next\" href=\"02-masks.html\">", page);
        Assert.DoesNotContain("src=\"http", page);
        Assert.DoesNotContain("href=\"http", page);
        foreach (var asset in Book.BookRenderer.AssetFiles)
            Assert.True(File.Exists(Path.Combine(site, "assets", asset.Destination)), asset.Destination);
        Assert.NotEmpty(Directory.GetFiles(Path.Combine(site, "assets", "katex", "fonts"), "*.woff2"));
    }

    [Fact]
    public void Rendering_again_removes_the_pages_of_chapters_that_are_gone()
    {
        var output = Path.Combine(Fixtures.CopyToTemp(), "site");
        var nodeModules = Path.Combine(Fixtures.RepoRoot(), "node_modules");
        var notebook = Notebook.CreateCSharp();
        notebook.Cells.Add(NotebookCell.Markdown("# Old"));
        Book.BookRenderer.Render([new Book.BookChapter("01-old.ipynb", notebook)], output, nodeModules);

        Book.BookRenderer.Render([new Book.BookChapter("01-new.ipynb", notebook)], output, nodeModules);

        Assert.Equal(["01-new.html", "index.html"], Directory.GetFiles(output, "*.html").Select(Path.GetFileName).Order());
    }

    [Fact]
    public void A_missing_node_modules_folder_gives_a_clear_error()
    {
        var error = Assert.Throws<DirectoryNotFoundException>(() =>
            Book.BookRenderer.Render([], Path.Combine(Path.GetTempPath(), "curriculum-no-assets"), "/nonexistent/node_modules"));

        Assert.Contains("run `npm ci --no-audit --no-fund`", error.Message);
    }
}
