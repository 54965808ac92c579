using System.CommandLine;
using System.Globalization;
using Curriculum.Notebooks;
using Curriculum.Notebooks.Book;
using Spectre.Console;

namespace Curriculum.Cli;

/// <summary>The notebook verbs of the <c>curriculum</c> tool (run, book, check). Exit codes: see <see cref="Cli"/>.</summary>
internal static class NotebookCommands
{
    public const double DefaultTimeoutSeconds = 60;

    /// <summary>The shortest accepted <c>--timeout</c>: one millisecond (a shorter one rounds to no time at all).</summary>
    public const double MinTimeoutSeconds = 0.001;

    /// <summary>The longest accepted <c>--timeout</c>: one day.</summary>
    public const double MaxTimeoutSeconds = 24 * 60 * 60;

    /// <summary>Adds <c>run</c>, <c>book</c> and <c>check</c> to the root command.</summary>
    public static void AddTo(RootCommand root)
    {
        var timeout = new Option<double>("--timeout")
        {
            Description = $"Time limit per cell, in seconds (at least {MinTimeoutSeconds}, at most {MaxTimeoutSeconds}).",
            DefaultValueFactory = _ => DefaultTimeoutSeconds,
        };
        var jobs = new Option<int>("--jobs")
        {
            Description = "Notebooks executed at the same time (each in its own process).",
            DefaultValueFactory = _ => DefaultJobs,
        };
        Argument<string[]> NotebooksArgument() => new("notebooks")
        {
            Description = "Notebook files (.ipynb) or folders of them. Default: notebooks/*.ipynb of the repository.",
            Arity = ArgumentArity.ZeroOrMore,
        };
        Option<string?> OutOption(string defaultFolder, string layout) => new("--out")
        {
            Description = $"Output folder. Default: {defaultFolder} under the repository root. {layout}",
        };

        var runNotebooks = NotebooksArgument();
        var runOut = OutOption("artifacts/notebooks",
            "Each executed copy keeps its path relative to the notebooks' common folder, so same-name notebooks never overwrite each other.");
        var run = new Command("run", "Execute notebooks headless and write executed copies with outputs.") { runNotebooks, timeout, jobs, runOut };
        run.SetAction((result, token) => RunAsync(result.GetValue(runNotebooks) ?? [], result.GetValue(timeout), result.GetValue(jobs), result.GetValue(runOut), token));

        var bookNotebooks = NotebooksArgument();
        var bookOut = OutOption("artifacts/book", "");
        var book = new Command("book", "Execute every notebook and render the static HTML book (works offline from disk).") { bookNotebooks, timeout, jobs, bookOut };
        book.SetAction((result, token) => BookAsync(result.GetValue(bookNotebooks) ?? [], result.GetValue(timeout), result.GetValue(jobs), result.GetValue(bookOut), token));

        var checkNotebooks = NotebooksArgument();
        var check = new Command("check", "Lint notebook format: nbformat 4.5, C# kernel metadata, cell ids, no outputs.") { checkNotebooks };
        check.SetAction(result => Check(result.GetValue(checkNotebooks) ?? []));

        root.Add(run);
        root.Add(book);
        root.Add(check);
    }

    /// <summary>Notebooks executed at the same time: one per core, at most two (each worker is mostly one thread).</summary>
    public static readonly int DefaultJobs = Math.Clamp(Environment.ProcessorCount, 1, 2);
    private const int Ok = Cli.Ok, Failed = Cli.Failed;

    public static async Task<int> RunAsync(string[] notebooks, double timeoutSeconds, int jobs, string? outDir, CancellationToken token)
    {
        try
        {
            ValidateLimits(timeoutSeconds, jobs);
            var paths = ResolveNotebooks(notebooks);
            var targets = OutputPaths(paths, outDir is null ? null : Cli.FullPath(outDir, "--out"), Cli.RepoRoot());
            var clock = System.Diagnostics.Stopwatch.StartNew();
            var results = await ExecuteAllAsync(paths, timeoutSeconds, jobs, token);
            var wall = clock.Elapsed;
            for (var i = 0; i < results.Count; i++)
                results[i].Executed.Save(targets[i]);
            Console.WriteLine($"Executed notebooks written to {CommonFolder(targets.Select(Path.GetDirectoryName).ToList()!)}");
            return Summarize(results, wall);
        }
        catch (Exception e) when (e is UsageException or NotebookFormatException or IOException or UnauthorizedAccessException)
        {
            return Cli.Fail(e.Message);
        }
    }

    public static async Task<int> BookAsync(string[] notebooks, double timeoutSeconds, int jobs, string? outDir, CancellationToken token)
    {
        try
        {
            ValidateLimits(timeoutSeconds, jobs);
            var paths = ResolveNotebooks(notebooks);
            var root = Cli.RepoRoot();
            var output = outDir is null ? Path.Combine(root ?? Environment.CurrentDirectory, "artifacts", "book") : Cli.FullPath(outDir, "--out");
            var sameName = paths.GroupBy(p => Path.GetFileNameWithoutExtension(p), StringComparer.OrdinalIgnoreCase).FirstOrDefault(g => g.Count() > 1);
            if (sameName is not null)
                throw new UsageException($"two chapters would share the page {sameName.Key}.html: {string.Join(", ", sameName.Select(Relative))}");
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
            return Cli.Fail(e.Message);
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
            return Cli.Fail(e.Message);
        }
    }

    private static async Task<List<NotebookRunResult>> ExecuteAllAsync(IReadOnlyList<string> paths, double timeoutSeconds, int jobs, CancellationToken token)
    {
        ValidateLimits(timeoutSeconds, jobs);
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

    private static void ValidateLimits(double timeoutSeconds, int jobs)
    {
        if (!(timeoutSeconds >= MinTimeoutSeconds) || timeoutSeconds > MaxTimeoutSeconds)
            throw new UsageException($"--timeout must be a number of seconds from {MinTimeoutSeconds.ToString(CultureInfo.InvariantCulture)} to {MaxTimeoutSeconds.ToString(CultureInfo.InvariantCulture)}, not {timeoutSeconds.ToString(CultureInfo.InvariantCulture)}.");
        if (jobs < 1)
            throw new UsageException($"--jobs must be at least 1, not {jobs}.");
    }

    /// <summary>
    /// Where each executed copy goes, unique and predictable. With <c>--out</c>: the notebook's path relative to the
    /// notebooks' common folder, under <c>--out</c> (one notebook: <c>OUT/name.ipynb</c>; <c>a/x.ipynb b/x.ipynb</c>:
    /// <c>OUT/a/x.ipynb</c>, <c>OUT/b/x.ipynb</c>). Without: <c>artifacts/notebooks/</c> of the repository, with the path
    /// relative to <c>notebooks/</c> for chapters and <c>other/</c> plus the path relative to the repository for any other
    /// notebook in it; a notebook outside the repository needs <c>--out</c>.
    /// </summary>
    internal static List<string> OutputPaths(IReadOnlyList<string> paths, string? outDir, string? repoRoot)
    {
        List<string> targets;
        if (outDir is not null)
        {
            var common = CommonFolder(paths.Select(p => Path.GetDirectoryName(p)!).ToList());
            targets = paths.Select(p => Path.Combine(outDir, Path.GetRelativePath(common, p))).ToList();
        }
        else
        {
            targets = [];
            foreach (var path in paths)
            {
                if (repoRoot is null || !IsUnder(path, repoRoot))
                    throw new UsageException($"{Relative(path)} is outside the repository; give --out FOLDER for its executed copy");
                var artifacts = Path.Combine(repoRoot, "artifacts", "notebooks");
                var chapters = Path.Combine(repoRoot, "notebooks");
                targets.Add(IsUnder(path, chapters)
                    ? Path.Combine(artifacts, Path.GetRelativePath(chapters, path))
                    : Path.Combine(artifacts, "other", Path.GetRelativePath(repoRoot, path)));
            }
        }
        var clash = targets.Select((t, i) => (t, i)).GroupBy(x => x.t, StringComparer.Ordinal).FirstOrDefault(g => g.Count() > 1);
        if (clash is not null)
            throw new UsageException($"{string.Join(" and ", clash.Select(x => Relative(paths[x.i])))} would both be written to {Relative(clash.Key)}");
        var overwritesSource = targets.Select((t, i) => (t, i)).FirstOrDefault(x => paths.Contains(x.t, StringComparer.Ordinal));
        if (overwritesSource.t is not null)
            throw new UsageException($"the executed copy of {Relative(paths[overwritesSource.i])} would overwrite the notebook {Relative(overwritesSource.t)}; choose another --out");
        return targets;
    }

    private static bool IsUnder(string path, string folder) =>
        path.StartsWith(Path.TrimEndingDirectorySeparator(folder) + Path.DirectorySeparatorChar, StringComparison.Ordinal);

    private static string CommonFolder(IReadOnlyList<string> folders)
    {
        if (folders.Count == 0)
            return Environment.CurrentDirectory;
        var common = folders[0];
        foreach (var folder in folders.Skip(1))
        {
            while (folder != common && !IsUnder(folder, common))
                common = Path.GetDirectoryName(common) ?? common;
        }
        return common;
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

    /// <summary>
    /// The notebooks named on the command line (files, or folders of <c>*.ipynb</c>; each checked to exist and, with
    /// <paramref name="load"/>, to parse), else notebooks/*.ipynb of the repository. Finding none is an error.
    /// </summary>
    private static List<string> ResolveNotebooks(string[] arguments, bool load = true)
    {
        var paths = new List<string>();
        if (arguments.Length > 0)
        {
            foreach (var argument in arguments)
            {
                if (argument.StartsWith('-') && !File.Exists(argument) && !Directory.Exists(argument))
                    throw new UsageException($"unknown option {argument}");
                var full = Cli.FullPath(argument, "a notebook path");
                if (Directory.Exists(full))
                {
                    var found = Directory.GetFiles(full, "*.ipynb").Order(StringComparer.Ordinal).ToList();
                    if (found.Count == 0)
                        throw new UsageException($"no notebooks (*.ipynb) in {argument}");
                    paths.AddRange(found);
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
            var root = Cli.RepoRoot() ?? throw new UsageException("no notebooks given and no repository root (Curriculum.sln) found above the current folder.");
            var folder = Path.Combine(root, "notebooks");
            paths = Directory.Exists(folder) ? Directory.GetFiles(folder, "*.ipynb").Order(StringComparer.Ordinal).ToList() : [];
            if (paths.Count == 0)
                throw new UsageException($"no notebooks (*.ipynb) in {folder}");
        }
        paths = paths.Distinct(StringComparer.Ordinal).ToList();

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
}
