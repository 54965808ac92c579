using Microsoft.Playwright;

namespace Curriculum.Notebooks.Tests;

/// <summary>Opens the rendered fixture book in headless Debian chromium over file:// with every other request blocked.</summary>
public class BookBrowserTests
{
    private const string Chromium = "/usr/bin/chromium";

    [Fact]
    public async Task The_book_renders_offline_with_typeset_math_highlighted_code_and_a_drawn_plot()
    {
        Assert.True(File.Exists(Chromium), $"{Chromium} is missing: install Debian chromium (bash build.sh setup).");
        Environment.SetEnvironmentVariable("PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD", "1");
        var site = await BookRendererTests.RenderFixtureBookAsync();

        using var playwright = await Playwright.CreateAsync();
        await using var browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = Chromium,
            Headless = true,
            Args = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--no-first-run", "--disable-component-update", "--disable-sync"],
        });
        var context = await browser.NewContextAsync(new BrowserNewContextOptions { ViewportSize = new ViewportSize { Width = 1100, Height = 900 } });
        var blocked = new List<string>();
        await context.RouteAsync("**/*", async route =>
        {
            if (route.Request.Url.StartsWith("file://", StringComparison.Ordinal))
                await route.ContinueAsync();
            else
            {
                lock (blocked)
                    blocked.Add(route.Request.Url);
                await route.AbortAsync();
            }
        });
        var page = await context.NewPageAsync();
        var consoleErrors = new List<string>();
        page.Console += (_, message) =>
        {
            if (message.Type == "error")
                lock (consoleErrors)
                    consoleErrors.Add(message.Text);
        };
        page.PageError += (_, error) =>
        {
            lock (consoleErrors)
                consoleErrors.Add(error);
        };

        await page.GotoAsync(new Uri(Path.Combine(site, "index.html")).AbsoluteUri, new PageGotoOptions { WaitUntil = WaitUntilState.Load });
        Assert.Equal(Book.BookRenderer.BookTitle, await page.Locator("h1").InnerTextAsync());
        Assert.Equal(2, await page.Locator("ol.chapters li").CountAsync());

        await page.Locator("ol.chapters a").First.ClickAsync();
        await page.WaitForURLAsync("**/01-attention.html");
        await page.WaitForSelectorAsync(".katex-display");
        await page.WaitForSelectorAsync(".attention-plot svg.main-svg");
        await page.WaitForSelectorAsync("pre.source code.hljs");

        Assert.True(await page.Locator(".katex").CountAsync() >= 2, "the display formula and the inline $d_k$ should be typeset");
        Assert.True(await page.Locator(".attention-plot svg.main-svg").CountAsync() >= 1);
        Assert.True(await page.EvaluateAsync<bool>("() => typeof window.Plotly === 'object' && typeof window.katex === 'object'"));

        Directory.CreateDirectory(Path.Combine(Fixtures.RepoRoot(), "artifacts", "test-screenshots"));
        await page.ScreenshotAsync(new PageScreenshotOptions
        {
            Path = Path.Combine(Fixtures.RepoRoot(), "artifacts", "test-screenshots", "book-chapter.png"),
            FullPage = true,
        });

        Assert.Empty(blocked);
        Assert.Empty(consoleErrors);
    }
}
