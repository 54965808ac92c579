using System.Globalization;
using Curriculum.Notebooks;
using Curriculum.Notebooks.Book;
using Spectre.Console;

namespace Curriculum.Cli;

/// <summary>The verbs of the <c>curriculum</c> tool. Exit codes: 0 success, 1 a notebook failed or has format problems, 2 bad arguments.</summary>
internal static class Commands
{
    public const double DefaultTimeoutSeconds = 60;

    /// <summary>Notebooks executed at the same time: one per core, at most two (each worker is mostly one thread).</summary>
    public static readonly int DefaultJobs = Math.Clamp(Environment.ProcessorCount, 1, 2);
    private const int Ok = 0, Failed = 1, Usage = 2;

    public static async Task<int> RunAsync(string[] notebooks, double timeoutSeconds, int jobs, string? outDir, CancellationToken token)
    {
        try
        {
            var paths = ResolveNotebooks(notebooks);
            var output = Path.GetFullPath(outDir ?? Path.Combine(RepoRoot() ?? ".", "artifacts", "notebooks"));
            var clock = System.Diagnostics.Stopwatch.StartNew();
            var results = await ExecuteAllAsync(paths, timeoutSeconds, jobs, token);
            var wall = clock.Elapsed;
            foreach (var result in results)
                result.Executed.Save(Path.Combine(output, Path.GetFileName(result.SourcePath)));
            Console.WriteLine($"Executed notebooks written to {output}");
            return Summarize(results, wall);
        }
        catch (Exception e) when (e is UsageException or NotebookFormatException or IOException or UnauthorizedAccessException)
        {
            return Fail(e.Message);
        }
    }

    public static async Task<int> BookAsync(string[] notebooks, double timeoutSeconds, int jobs, string? outDir, CancellationToken token)
    {
        try
        {
            var paths = ResolveNotebooks(notebooks);
            var root = RepoRoot();
            var output = Path.GetFullPath(outDir ?? Path.Combine(root ?? ".", "artifacts", "book"));
            var nodeModules = FindUp(paths.Count > 0 ? Path.GetDirectoryName(paths[0])! : Environment.CurrentDirectory, "node_modules")
                              ?? (root is null ? null : Path.Combine(root, "node_modules"));
            if (nodeModules is null || !Directory.Exists(nodeModules))
                throw new UsageException("node_modules not found: run `npm ci --no-audit --no-fund` in the repository root (or `bash build.sh setup`) first.");

            var clock = System.Diagnostics.Stopwatch.StartNew();
            var results = await ExecuteAllAsync(paths, timeoutSeconds, jobs, token);
            var wall = clock.Elapsed;
            var chapters = results.Select(r => new BookChapter(r.SourcePath, r.Executed)).ToList();
            var notebookFolder = paths.Count > 0 ? Path.GetDirectoryName(paths[0])! : Path.Combine(root ?? ".", "notebooks");
            var planned = BookRenderer.ReadPlannedChapters(Path.Combine(notebookFolder, "chapters.json"), paths);
            try
            {
                BookRenderer.Render(chapters, output, nodeModules, planned);
            }
            catch (DirectoryNotFoundException e)
            {
                throw new UsageException(e.Message);
            }
            Console.WriteLine($"Book written to {Path.Combine(output, "index.html")}");
            return Summarize(results, wall);
        }
        catch (Exception e) when (e is UsageException or NotebookFormatException or IOException or UnauthorizedAccessException)
        {
            return Fail(e.Message);
        }
    }

    public static int Check(string[] notebooks)
    {
        try
        {
            var paths = ResolveNotebooks(notebooks, load: false);
            var problems = 0;
            foreach (var path in paths)
            {
                Notebook notebook;
                try
                {
                    notebook = Notebook.Load(path);
                }
                catch (NotebookFormatException e)
                {
                    Console.WriteLine($"{Relative(path)}: {e.Message.Replace(path + ": ", "")}");
                    problems++;
                    continue;
                }
                foreach (var problem in NotebookLint.Check(notebook))
                {
                    Console.WriteLine($"{Relative(path)}: {problem}");
                    problems++;
                }
            }
            Console.WriteLine(problems == 0
                ? $"{paths.Count} notebook(s) checked, no problems."
                : $"{paths.Count} notebook(s) checked, {problems} problem(s).");
            return problems == 0 ? Ok : Failed;
        }
        catch (Exception e) when (e is UsageException or NotebookFormatException or IOException or UnauthorizedAccessException)
        {
            return Fail(e.Message);
        }
    }

    private static async Task<List<NotebookRunResult>> ExecuteAllAsync(IReadOnlyList<string> paths, double timeoutSeconds, int jobs, CancellationToken token)
    {
        if (paths.Count == 0)
            Console.WriteLine("No notebooks found.");
        if (!(timeoutSeconds > 0) || double.IsInfinity(timeoutSeconds))
            throw new UsageException($"--timeout must be a positive number of seconds, not {timeoutSeconds.ToString(CultureInfo.InvariantCulture)}.");
        if (jobs < 1)
            throw new UsageException($"--jobs must be at least 1, not {jobs}.");
        var results = new NotebookRunResult[paths.Count];
        using var slots = new SemaphoreSlim(jobs);

        async Task RunOne(int index, Action<CellProgress> progress)
        {
            await slots.WaitAsync(token);
            try
            {
                var options = new NotebookRunOptions { CellTimeout = TimeSpan.FromSeconds(timeoutSeconds), Progress = progress };
                results[index] = await NotebookRunner.RunAsync(paths[index], options, token);
            }
            finally
            {
                slots.Release();
            }
        }

        if (!Console.IsOutputRedirected && AnsiConsole.Profile.Capabilities.Interactive)
        {
            await AnsiConsole.Progress()
                .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new ElapsedTimeColumn(), new SpinnerColumn())
                .StartAsync(async context =>
                {
                    var runs = paths.Select((path, index) =>
                    {
                        var name = Path.GetFileName(path);
                        var task = context.AddTask(Markup.Escape(name), maxValue: Math.Max(1, CodeCellCount(path)));
                        return RunOne(index, p =>
                        {
                            task.Description = Markup.Escape($"{name} — cell {p.CellNumber}");
                            if (p.Finished)
                                task.Increment(1);
                        }).ContinueWith(t =>
                        {
                            var ok = t.IsCompletedSuccessfully && results[index].Succeeded;
                            task.Description = Markup.Escape(name) + (ok ? " [green]ok[/]" : " [red]failed[/]");
                            task.Value = task.MaxValue;
                            t.GetAwaiter().GetResult();
                        }, TaskScheduler.Default);
                    }).ToList();
                    await Task.WhenAll(runs);
                });
        }
        else
        {
            var gate = new object();
            await Task.WhenAll(paths.Select((path, index) => RunOne(index, p =>
            {
                if (p.Finished)
                    lock (gate)
                        Console.WriteLine($"{Relative(path)}: cell {p.CellNumber} ({p.CodeCellIndex}/{p.CodeCellCount}) {(p.Failed ? "FAILED" : "ok")}");
            })));
        }
        return results.ToList();
    }

    private static int Summarize(IReadOnlyList<NotebookRunResult> results, TimeSpan wall)
    {
        var table = new Table().AddColumns("Notebook", "Cells", "Seconds", "Status");
        foreach (var result in results)
        {
            table.AddRow(
                Markup.Escape(Path.GetFileName(result.SourcePath)),
                $"{result.Cells.Count(c => !c.Failed)}/{result.Executed.CodeCells.Count()}",
                result.Elapsed.TotalSeconds.ToString("0.00", CultureInfo.InvariantCulture),
                result.Succeeded ? "[green]ok[/]" : "[red]failed[/]");
        }
        table.AddRow("[bold]wall clock[/]", results.Sum(r => r.Executed.CodeCells.Count()).ToString(CultureInfo.InvariantCulture),
            wall.TotalSeconds.ToString("0.00", CultureInfo.InvariantCulture), results.All(r => r.Succeeded) ? "[green]ok[/]" : "[red]failed[/]");
        var console = Console.IsOutputRedirected
            ? AnsiConsole.Create(new AnsiConsoleSettings { Ansi = AnsiSupport.No, ColorSystem = ColorSystemSupport.NoColors })
            : AnsiConsole.Console;
        console.Write(table);

        var failures = results.Where(r => r.Failure is not null).ToList();
        foreach (var failure in failures)
            Console.Error.WriteLine($"FAILED {Relative(failure.SourcePath)}, {failure.Failure}");
        return failures.Count == 0 ? Ok : Failed;
    }

    private static int CodeCellCount(string path) => Notebook.Load(path).CodeCells.Count();

    /// <summary>The notebooks named on the command line (checked to exist and parse), else notebooks/*.ipynb of the repository.</summary>
    private static List<string> ResolveNotebooks(string[] arguments, bool load = true)
    {
        List<string> paths;
        if (arguments.Length > 0)
        {
            paths = [];
            foreach (var argument in arguments)
            {
                var full = Path.GetFullPath(argument);
                if (Directory.Exists(full))
                {
                    paths.AddRange(Directory.GetFiles(full, "*.ipynb").Order(StringComparer.Ordinal));
                    continue;
                }
                if (!File.Exists(full))
                    throw new UsageException($"notebook not found: {argument}");
                if (!full.EndsWith(".ipynb", StringComparison.OrdinalIgnoreCase))
                    throw new UsageException($"{argument} is not a notebook (expected a .ipynb file)");
                paths.Add(full);
            }
        }
        else
        {
            var root = RepoRoot() ?? throw new UsageException("no notebooks given and no repository root (Curriculum.sln) found above the current folder.");
            var folder = Path.Combine(root, "notebooks");
            paths = Directory.Exists(folder) ? Directory.GetFiles(folder, "*.ipynb").Order(StringComparer.Ordinal).ToList() : [];
        }

        if (load)
        {
            foreach (var path in paths)
            {
                try
                {
                    Notebook.Load(path);
                }
                catch (NotebookFormatException e)
                {
                    throw new UsageException(e.Message.StartsWith(path, StringComparison.Ordinal) ? Relative(path) + e.Message[path.Length..] : e.Message);
                }
            }
        }
        return paths;
    }

    private static string? RepoRoot() =>
        FindUpFile(Environment.CurrentDirectory, "Curriculum.sln") ?? FindUpFile(AppContext.BaseDirectory, "Curriculum.sln");

    private static string? FindUpFile(string start, string fileName)
    {
        for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, fileName)))
                return dir.FullName;
        }
        return null;
    }

    private static string? FindUp(string start, string folderName)
    {
        for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, folderName);
            if (Directory.Exists(candidate))
                return candidate;
        }
        return null;
    }

    private static string Relative(string path)
    {
        var relative = Path.GetRelativePath(Environment.CurrentDirectory, path);
        return relative.StartsWith("..", StringComparison.Ordinal) ? path : relative;
    }

    private static int Fail(string message)
    {
        Console.Error.WriteLine($"curriculum: {message}");
        return Usage;
    }

    private sealed class UsageException(string message) : Exception(message);
}
