using System.Diagnostics;
using System.Net.Sockets;
using Curriculum.Testing;
using Microsoft.Playwright;

namespace Curriculum.Kernel.Tests;

/// <summary>
/// A learner's path in a real browser: Debian's classic Jupyter Notebook server on 127.0.0.1 with a token, headless
/// chromium opens chapter 6 (a copy), which starts ".NET (C#)" from the notebook's kernelspec, runs every cell from the
/// menu and draws the attention heatmap (an SVG from the text/html fallback with the inline plotly.js).
/// </summary>
[Collection("kernels")]
public class ClassicNotebookBrowserTests(InstalledKernel kernel)
{
    private const string Server = "/usr/bin/jupyter-notebook";
    private const string Chapter = "06-scaled-dot-product-attention.ipynb";

    /// <summary>
    /// Console errors of Debian's classic Notebook itself, not of the kernel or the figures: a 404 for the optional
    /// custom.js/custom.css and favicon; the widgets nbextension Debian's notebook config enables without shipping it; the
    /// CodeMirror mode named after the chapters' Polyglot language_info ("polyglot-notebook"), asked for before the kernel
    /// answers with "C#"; and a font face with an about:blank URL (blocked by CORS, then reported as ERR_FAILED). Any
    /// request that leaves 127.0.0.1 is still a failure (asserted separately).
    /// </summary>
    private static readonly string[] KnownServerNoise =
        ["nbextensions/widgets/", "codemirror/mode/polyglot-notebook/", "Access to font at 'about:blank'", "net::ERR_FAILED"];

    /// <summary>The only 404s that are noise: the optional custom.js/custom.css and the favicon. A 404 for anything
    /// else (plotly.js, a kernel resource, a figure's script) is a failure.</summary>
    private static readonly string[] OptionalFiles = ["/custom/custom.js", "/custom/custom.css", "favicon"];

    private static bool IsKnownNoise(string error) =>
        KnownServerNoise.Any(noise => error.Contains(noise, StringComparison.Ordinal))
        || (error.Contains("404", StringComparison.Ordinal) && OptionalFiles.Any(file => error.Contains(file, StringComparison.Ordinal)));

    [Fact]
    public async Task Chapter_6_runs_in_jupyter_notebook_and_draws_the_heatmap()
    {
        Assert.True(File.Exists(Server), $"{Server} is missing: bash build.sh setup installs Debian jupyter-notebook.");

        // A copy, so the notebook's autosave never writes outputs into the repository; ../artifacts/lib and ../exercises resolve through links.
        var root = SavedNotebookTests.RepoRoot();
        var work = Directory.CreateTempSubdirectory("classic-").FullName;
        Directory.CreateDirectory(Path.Combine(work, "notebooks"));
        File.Copy(Path.Combine(root, "notebooks", Chapter), Path.Combine(work, "notebooks", Chapter));
        Directory.CreateSymbolicLink(Path.Combine(work, "artifacts"), Path.Combine(root, "artifacts"));
        Directory.CreateSymbolicLink(Path.Combine(work, "node_modules"), Path.Combine(root, "node_modules"));
        // The chapter ends with its exercises (#load "../exercises/Chapter06.cs"): a learner's stubs, which must show
        // "not done yet" rather than an error.
        Directory.CreateSymbolicLink(Path.Combine(work, "exercises"), Path.Combine(root, "exercises"));

        var port = FreePort();
        var token = Convert.ToHexString(System.Security.Cryptography.RandomNumberGenerator.GetBytes(16));
        var start = new ProcessStartInfo(Server) { WorkingDirectory = work, RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var argument in new[] { "--no-browser", "--ip=127.0.0.1", $"--port={port}", $"--NotebookApp.token={token}", $"--notebook-dir={work}", "--NotebookApp.port_retries=0" })
            start.ArgumentList.Add(argument);
        if (Environment.UserName == "root" || Environment.GetEnvironmentVariable("USER") == "root")
            start.ArgumentList.Add("--allow-root");
        foreach (var (key, value) in kernel.Environment())
            start.Environment[key] = value;
        using var server = Process.Start(start)!;
        var serverLog = new System.Text.StringBuilder();
        server.OutputDataReceived += (_, e) => { lock (serverLog) serverLog.AppendLine(e.Data); };
        server.ErrorDataReceived += (_, e) => { lock (serverLog) serverLog.AppendLine(e.Data); };
        server.BeginOutputReadLine();
        server.BeginErrorReadLine();
        var screenshot = Path.Combine(Processes.OutputFolder(), "classic-notebook-chapter-6.png");
        try
        {
            var origin = $"http://127.0.0.1:{port}/";
            await using var chromium = await HeadlessChromium.LaunchAsync(width: 1200, height: 1600,
                allowed: url => url.StartsWith(origin, StringComparison.Ordinal) || url.StartsWith("ws://127.0.0.1", StringComparison.Ordinal),
                ignoreError: IsKnownNoise);
            var page = chromium.Page;

            await WaitForServerAsync(page, $"http://127.0.0.1:{port}/api/status?token={token}", server, serverLog);
            await page.GotoAsync($"http://127.0.0.1:{port}/notebooks/notebooks/{Chapter}?token={token}");
            await page.WaitForFunctionAsync("() => window.Jupyter && Jupyter.notebook && Jupyter.notebook.kernel && Jupyter.notebook.kernel.is_connected()",
                null, new PageWaitForFunctionOptions { Timeout = 120_000 });
            Assert.Equal(".net-csharp", await page.EvaluateAsync<string>("() => Jupyter.notebook.kernel.name"));

            await page.ClickAsync("#celllink");
            await page.ClickAsync("#run_all_cells");
            await page.WaitForFunctionAsync(
                "() => Jupyter.notebook.get_cells().filter(c => c.cell_type === 'code').every(c => typeof c.input_prompt_number === 'number') && Jupyter.notebook.kernel_busy === false",
                null, new PageWaitForFunctionOptions { Timeout = 240_000, PollingInterval = 500 });
            var errorOutputs = await page.EvaluateAsync<int>("() => document.querySelectorAll('.output_error').length");
            var heatmaps = await page.Locator(".output_area svg.main-svg .hm").CountAsync();
            await page.ScreenshotAsync(new PageScreenshotOptions { Path = screenshot, FullPage = true });

            Assert.Equal(0, errorOutputs);
            Assert.True(heatmaps > 0, "no plotly heatmap was drawn in an output area");
            Assert.True(chromium.Errors.Count == 0, "console errors:\n" + string.Join("\n", chromium.Errors));
            Assert.True(chromium.Blocked.Count == 0, "requests that left 127.0.0.1:\n" + string.Join("\n", chromium.Blocked));
        }
        finally
        {
            try
            {
                server.Kill(entireProcessTree: true);
                await server.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(10));
            }
            catch (Exception e) when (e is InvalidOperationException or TimeoutException)
            {
            }
            File.WriteAllText(Path.Combine(Processes.OutputFolder(), "classic-notebook-server.log"), serverLog.ToString());
        }
    }

    private static async Task WaitForServerAsync(IPage page, string statusUrl, Process server, System.Text.StringBuilder log)
    {
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (true)
        {
            try
            {
                var response = await page.APIRequest.GetAsync(statusUrl);
                if (response.Ok)
                    return;
            }
            catch (PlaywrightException)
            {
            }
            if (server.HasExited || DateTime.UtcNow > deadline)
                throw new InvalidOperationException("jupyter-notebook did not start:\n" + log);
            await Task.Delay(300);
        }
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(System.Net.IPAddress.Loopback, 0);
        listener.Start();
        return ((System.Net.IPEndPoint)listener.LocalEndpoint).Port;
    }
}
