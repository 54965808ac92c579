using Curriculum.Testing;
using Microsoft.Playwright;

namespace Curriculum.Notebooks.Tests;

/// <summary>Opens the rendered fixture book in headless Debian chromium over file:// with every other request blocked.</summary>
public class BookBrowserTests
{
    [Fact]
    public async Task The_book_renders_offline_with_typeset_math_highlighted_code_and_a_drawn_plot()
    {
        var site = await BookRendererTests.RenderFixtureBookAsync();
        await using var chromium = await HeadlessChromium.LaunchAsync();
        var page = chromium.Page;

        await chromium.OpenFileAsync(Path.Combine(site, "index.html"));
        Assert.Equal(Book.BookRenderer.BookTitle, await page.Locator("h1").InnerTextAsync());
        Assert.Equal(2, await page.Locator("ol.chapters li").CountAsync());
        await page.WaitForSelectorAsync("ol.chapters .katex");
        Assert.Equal(2, await page.Locator("ol.chapters li:nth-child(2) .katex").CountAsync());

        await page.Locator("ol.chapters a").First.ClickAsync();
        await page.WaitForURLAsync("**/01-attention.html");
        await page.WaitForSelectorAsync(".katex-display");
        await page.WaitForSelectorAsync(".attention-plot svg.main-svg");
        await page.WaitForSelectorAsync("pre.source code.hljs");

        Assert.True(await page.Locator(".katex").CountAsync() >= 2, "the display formula and the inline $d_k$ should be typeset");
        Assert.True(await page.Locator(".attention-plot svg.main-svg").CountAsync() >= 1);
        Assert.True(await page.EvaluateAsync<bool>("() => typeof window.Plotly === 'object' && typeof window.katex === 'object'"));

        // $$...$$ on one line inside a paragraph is display math, centred like the $$ block; $...$ stays inline.
        Assert.Equal(1, await page.Locator("span.math.display > .katex-display").CountAsync());
        Assert.Equal(1, await page.Locator("div.math > .katex-display").CountAsync());
        Assert.Equal(0, await page.Locator("span.math:not(.display) .katex-display").CountAsync());
        var offCentre = await page.EvaluateAsync<double>(
            """
            () => {
              const box = document.querySelector("span.math.display").getBoundingClientRect();
              const formula = document.querySelector("span.math.display .katex-display > .katex").getBoundingClientRect();
              return Math.abs((formula.left + formula.right) / 2 - (box.left + box.right) / 2);
            }
            """);
        Assert.True(offCentre < 2, $"the one-line display formula is {offCentre} px off the centre of its paragraph");

        // A formula in the next chapter's title is typeset in the pager.
        Assert.True(await page.Locator("nav.pager a.next .katex").CountAsync() >= 2, "the next chapter's title has two formulas");
        Assert.Equal("1. Scaled dot-product attention", await page.TitleAsync());

        // Long code lines and long outputs wrap (indentation kept) instead of overflowing at 1100 px.
        var overflowing = await page.EvaluateAsync<string[]>(
            """
            () => [...document.querySelectorAll("pre, pre code")]
              .filter(e => e.scrollWidth > e.clientWidth + 1)
              .map(e => e.className + ": " + e.scrollWidth + " > " + e.clientWidth)
            """);
        Assert.Empty(overflowing);
        Assert.True(await page.EvaluateAsync<bool>("() => document.documentElement.scrollWidth <= window.innerWidth"));
        var longCode = page.Locator("pre.source code", new PageLocatorOptions { HasText = "longestTokenInTheBook" });
        Assert.Contains("\n{\n    Console.WriteLine($\"weights = [{row}]\");\n", await longCode.InnerTextAsync());
        var longOutput = page.Locator("pre.output.stdout", new PageLocatorOptions { HasText = "weights = [" });
        Assert.Contains(new string('w', 240), await longOutput.InnerTextAsync());
        Assert.True((await longOutput.BoundingBoxAsync())!.Height > 4 * 16, "the long output should wrap onto several lines");

        // The plotly modebar is hidden until the pointer is over the plot, and then sits above the figure title.
        var modebar = ".attention-plot .modebar-container";
        Assert.Equal("0", await page.EvaluateAsync<string>($"() => getComputedStyle(document.querySelector('{modebar}')).opacity"));
        await page.Locator(".attention-plot").First.HoverAsync();
        await page.WaitForFunctionAsync($"() => getComputedStyle(document.querySelector('{modebar}')).opacity === '1'");
        var overlap = await page.EvaluateAsync<double[]>(
            """
            () => {
              const bar = document.querySelector(".attention-plot .modebar").getBoundingClientRect();
              const title = document.querySelector(".attention-plot .gtitle").getBoundingClientRect();
              const output = document.querySelector(".attention-plot").closest(".output").getBoundingClientRect();
              const width = Math.min(bar.right, title.right) - Math.max(bar.left, title.left);
              const height = Math.min(bar.bottom, title.bottom) - Math.max(bar.top, title.top);
              return [width, height, bar.top - output.top, bar.width];
            }
            """);
        Assert.True(overlap[0] <= 0 || overlap[1] <= 0, $"the modebar overlaps the plot title ({overlap[0]} x {overlap[1]} px)");
        Assert.True(overlap[2] >= 0 && overlap[3] > 0, "the modebar should be visible inside the output, not clipped above it");

        Directory.CreateDirectory(Path.Combine(Fixtures.RepoRoot(), "artifacts", "test-screenshots"));
        await page.ScreenshotAsync(new PageScreenshotOptions
        {
            Path = Path.Combine(Fixtures.RepoRoot(), "artifacts", "test-screenshots", "book-chapter.png"),
            FullPage = true,
        });

        Assert.Empty(chromium.Blocked);
        Assert.Empty(chromium.Errors);
    }
}
