using System.Text.Json.Nodes;
using Curriculum.Testing;

namespace Curriculum.Notebooks.Tests;

/// <summary>The real chapters (notebooks/*.ipynb, executed) rendered into the book and opened in headless chromium.</summary>
public class RealChapterBrowserTests
{
    [Fact]
    public async Task Every_real_chapter_renders_offline_with_its_plots_drawn_math_typeset_and_no_errors()
    {
        var paths = CurriculumNotebookTests.CurriculumNotebookPaths();
        Assert.True(paths.Count > 0, "no notebooks in notebooks/: there is no book to render");
        var chapters = new List<Book.BookChapter>();
        foreach (var path in paths)
        {
            var result = await CurriculumNotebookTests.RunChapterAsync(Path.GetFileName(path));
            Assert.True(result.Succeeded, $"{Path.GetFileName(path)}: {result.Failure}");
            chapters.Add(new Book.BookChapter(path, result.Executed));
        }
        var site = Path.Combine(Fixtures.CopyToTemp(), "real-book");
        var planned = Book.BookRenderer.ReadPlannedChapters(Path.Combine(Fixtures.RepoRoot(), "notebooks", "chapters.json"), paths);
        Book.BookRenderer.Render(chapters, site, Path.Combine(Fixtures.RepoRoot(), "node_modules"), planned);

        await using var chromium = await HeadlessChromium.LaunchAsync();
        var page = chromium.Page;

        await chromium.OpenFileAsync(Path.Combine(site, "index.html"));
        Assert.Equal(chapters.Count, await page.Locator("ol.chapters li a").CountAsync());

        var plotsDrawn = 0;
        foreach (var chapter in chapters)
        {
            var name = chapter.PageName;
            await chromium.OpenFileAsync(Path.Combine(site, name));
            var plots = chapter.Executed.CodeCells.SelectMany(c => c.Outputs.OfType<JsonObject>())
                .Count(o => NotebookOutputs.Text(o["data"]?["text/html"]).Contains("class=\"attention-plot\"", StringComparison.Ordinal));
            var codeCells = chapter.Executed.CodeCells.Count();
            var hasMath = chapter.Executed.Cells.Any(c => c.CellType == "markdown" && c.Source.Contains('$'));

            await page.WaitForFunctionAsync(
                "n => [...document.querySelectorAll('.attention-plot')].filter(p => p.querySelector('svg.main-svg')).length >= n", plots);
            Assert.Equal(plots, await page.EvaluateAsync<int>(
                "() => [...document.querySelectorAll('.attention-plot')].filter(p => p.querySelector('svg.main-svg')).length"));
            plotsDrawn += plots;
            Assert.Equal(codeCells, await page.Locator("pre.source code.hljs").CountAsync());
            if (hasMath)
            {
                await page.WaitForSelectorAsync(".katex");
                Assert.Equal(0, await page.Locator(".katex-error").CountAsync());
            }
            Assert.Equal(0, await page.Locator(".output.error, pre.output.error").CountAsync());
            Assert.True(await page.EvaluateAsync<bool>("() => document.documentElement.scrollWidth <= window.innerWidth"),
                $"{name} scrolls sideways at 1100 px");
        }

        Assert.True(plotsDrawn > 0, "the chapters drew no plot at all");
        Assert.Empty(chromium.Blocked);
        Assert.Empty(chromium.Errors);
    }
}
