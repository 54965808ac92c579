using Microsoft.Playwright;
using Xunit;

namespace Curriculum.Testing;

/// <summary>
/// Debian's chromium, headless and driven by Playwright (which never downloads a browser here), with every request
/// outside <c>allowed</c> aborted and recorded in <see cref="Blocked"/>, and every console error and page error recorded
/// in <see cref="Errors"/>. One copy, linked into each test project that opens a browser.
/// </summary>
/// <remarks>
/// The machines that run CI are shared and small (two cores), and the test projects run side by side, so parsing the
/// 3.5 MB plotly.js can take far longer than on a desk. Every wait therefore gets <see cref="Patience"/> instead of
/// Playwright's 30 s: a test still fails when what it waits for never happens, only later.
/// </remarks>
public sealed class HeadlessChromium : IAsyncDisposable
{
    public const string ExecutablePath = "/usr/bin/chromium";

    /// <summary>The longest any navigation or wait may take before the test fails.</summary>
    public static readonly TimeSpan Patience = TimeSpan.FromMinutes(3);

    private static readonly string[] s_flags =
        ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--no-first-run", "--disable-component-update", "--disable-sync"];

    private readonly IPlaywright _playwright;
    private readonly IBrowser _browser;
    private readonly List<string> _blocked = [];
    private readonly List<string> _errors = [];

    private HeadlessChromium(IPlaywright playwright, IBrowser browser, IBrowserContext context, IPage page)
    {
        _playwright = playwright;
        _browser = browser;
        Context = context;
        Page = page;
    }

    public IBrowserContext Context { get; }

    public IPage Page { get; }

    /// <summary>Requests that were not allowed (and were aborted).</summary>
    public IReadOnlyList<string> Blocked { get { lock (_blocked) return [.. _blocked]; } }

    /// <summary>Console errors (prefixed with the page's URL) and uncaught page errors, minus those <c>ignoreError</c> accepts.</summary>
    public IReadOnlyList<string> Errors { get { lock (_errors) return [.. _errors]; } }

    /// <summary>Starts chromium with one page of the given size.</summary>
    /// <param name="allowed">Which request URLs may go through; the default allows only file:// URLs.</param>
    /// <param name="answer">Answers a request itself (for example a CDN URL from a local copy); returns false to leave it to <paramref name="allowed"/>.</param>
    /// <param name="ignoreError">Console errors that are known noise of a third-party page (the text, then the failing
    /// resource's URL in brackets when the message names one).</param>
    public static async Task<HeadlessChromium> LaunchAsync(int width = 1100, int height = 900, Func<string, bool>? allowed = null,
        Func<IRoute, Task<bool>>? answer = null, Func<string, bool>? ignoreError = null)
    {
        Assert.True(File.Exists(ExecutablePath), $"{ExecutablePath} is missing: `bash build.sh setup` installs Debian chromium.");
        Environment.SetEnvironmentVariable("PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD", "1");
        allowed ??= url => url.StartsWith("file://", StringComparison.Ordinal);

        var playwright = await Playwright.CreateAsync();
        var browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = ExecutablePath,
            Headless = true,
            Args = s_flags,
            Timeout = (float)Patience.TotalMilliseconds,
        });
        var context = await browser.NewContextAsync(new BrowserNewContextOptions { ViewportSize = new ViewportSize { Width = width, Height = height } });
        context.SetDefaultTimeout((float)Patience.TotalMilliseconds);
        context.SetDefaultNavigationTimeout((float)Patience.TotalMilliseconds);
        var page = await context.NewPageAsync();
        var chromium = new HeadlessChromium(playwright, browser, context, page);

        await context.RouteAsync("**/*", async route =>
        {
            if (answer is not null && await answer(route))
                return;
            if (allowed(route.Request.Url))
            {
                await route.ContinueAsync();
                return;
            }
            lock (chromium._blocked)
                chromium._blocked.Add(route.Request.Url);
            await route.AbortAsync();
        });
        page.Console += (_, message) =>
        {
            if (message.Type != "error")
                return;
            // A failed load says only "404 (Not Found)"; the resource it was for is the message's location.
            var source = message.Location is { Length: > 0 } location && location != page.Url ? $" [{location}]" : "";
            var described = message.Text + source;
            if (ignoreError?.Invoke(described) != true)
                lock (chromium._errors)
                    chromium._errors.Add($"{page.Url}: {described}");
        };
        page.PageError += (_, error) =>
        {
            lock (chromium._errors)
                chromium._errors.Add($"{page.Url}: {error}");
        };
        return chromium;
    }

    /// <summary>Opens a local file and waits for its load event.</summary>
    public Task<IResponse?> OpenFileAsync(string path) =>
        Page.GotoAsync(new Uri(path).AbsoluteUri, new PageGotoOptions { WaitUntil = WaitUntilState.Load });

    public async ValueTask DisposeAsync()
    {
        await _browser.DisposeAsync();
        _playwright.Dispose();
    }
}
