using System.Diagnostics;
using System.Text;
using System.Text.Json.Nodes;
using Curriculum.Notebooks.Scripting;

namespace Curriculum.Notebooks;

/// <summary>Settings for <see cref="NotebookRunner"/>.</summary>
public sealed record NotebookRunOptions
{
    /// <summary>The default per-cell time limit: 60 s.</summary>
    public static readonly TimeSpan DefaultCellTimeout = TimeSpan.FromSeconds(60);

    /// <summary>How long one cell may run before its notebook is stopped.</summary>
    public TimeSpan CellTimeout { get; init; } = DefaultCellTimeout;

    /// <summary>How long the worker process may take to start and compile its prelude (default 60 s; on a busy
    /// machine this takes a few seconds).</summary>
    public TimeSpan StartupTimeout { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>Called when a cell starts and when it finishes (from a background thread).</summary>
    public Action<CellProgress>? Progress { get; init; }
}

/// <summary>A progress report from <see cref="NotebookRunner"/>.</summary>
/// <param name="NotebookPath">The notebook being executed.</param>
/// <param name="CellNumber">1-based position of the cell among all cells.</param>
/// <param name="CodeCellIndex">1-based position among the code cells.</param>
/// <param name="CodeCellCount">Number of code cells in the notebook.</param>
/// <param name="Finished">False when the cell starts, true when it has finished.</param>
/// <param name="Failed">True when the finished cell failed.</param>
public sealed record CellProgress(string NotebookPath, int CellNumber, int CodeCellIndex, int CodeCellCount, bool Finished, bool Failed);

/// <summary>How one code cell went.</summary>
/// <param name="CellNumber">1-based position of the cell among all cells.</param>
/// <param name="Elapsed">Wall-clock time of the cell.</param>
/// <param name="Failed">True when the cell produced an error or ran out of time.</param>
public sealed record CellResult(int CellNumber, TimeSpan Elapsed, bool Failed);

/// <summary>Where and why a notebook failed.</summary>
/// <param name="CellNumber">1-based position of the failing cell among all cells, or null when the notebook failed before any cell.</param>
/// <param name="Line">1-based line in the cell, when known.</param>
/// <param name="Message">One line: the error type and message, or the time-limit message.</param>
public sealed record NotebookFailure(int? CellNumber, int? Line, string Message)
{
    /// <inheritdoc />
    public override string ToString()
    {
        var where = CellNumber is { } c ? Line is { } l ? $"cell {c}, line {l}: " : $"cell {c}: " : "";
        var message = Line is { } n && Message.StartsWith($"line {n}: ", StringComparison.Ordinal) ? Message[$"line {n}: ".Length..] : Message;
        return where + message;
    }
}

/// <summary>The outcome of executing one notebook.</summary>
/// <param name="SourcePath">The notebook that was executed.</param>
/// <param name="Executed">A copy of the notebook with the outputs and execution counts filled in.</param>
/// <param name="Cells">The code cells that ran, in order.</param>
/// <param name="Failure">Null when every code cell ran without error.</param>
/// <param name="Elapsed">Wall-clock time for the whole notebook, process start included.</param>
public sealed record NotebookRunResult(string SourcePath, Notebook Executed, IReadOnlyList<CellResult> Cells, NotebookFailure? Failure, TimeSpan Elapsed)
{
    /// <summary>True when every code cell ran without error.</summary>
    public bool Succeeded => Failure is null;

    /// <summary>The executed code cells' outputs with their cell numbers.</summary>
    public IEnumerable<(int CellNumber, JsonObject Output)> Outputs =>
        Executed.Cells.SelectMany((c, i) => c.Outputs.OfType<JsonObject>().Select(o => (i + 1, o)));
}

/// <summary>
/// Executes notebooks headless: each notebook runs in its own worker process (Roslyn scripting, state carried from
/// cell to cell), which is killed when a cell exceeds the time limit. Execution stops at the first failing cell.
/// </summary>
public static class NotebookRunner
{
    /// <summary>Executes a notebook and returns a copy with outputs.</summary>
    /// <param name="path">The <c>.ipynb</c> file; relative <c>#r</c> paths resolve against its folder.</param>
    /// <param name="options">Time limit and progress callback; null for the defaults.</param>
    /// <param name="cancellationToken">Stops the run (the worker process is killed).</param>
    /// <exception cref="FileNotFoundException">The notebook does not exist.</exception>
    /// <exception cref="NotebookFormatException">The file is not a valid notebook.</exception>
    public static async Task<NotebookRunResult> RunAsync(string path, NotebookRunOptions? options = null, CancellationToken cancellationToken = default)
    {
        options ??= new NotebookRunOptions();
        if (options.CellTimeout <= TimeSpan.Zero || options.StartupTimeout <= TimeSpan.Zero)
            throw new ArgumentOutOfRangeException(nameof(options), $"CellTimeout ({options.CellTimeout}) and StartupTimeout ({options.StartupTimeout}) must be positive.");
        var fullPath = Path.GetFullPath(path);
        var executed = Notebook.Load(fullPath);
        foreach (var cell in executed.CodeCells)
        {
            cell.SetOutputs([]);
            cell.ExecutionCount = null;
        }
        var codeCellNumbers = executed.Cells.Select((c, i) => (c, i + 1)).Where(p => p.c.IsCode).Select(p => p.Item2).ToList();

        var total = Stopwatch.StartNew();
        var cells = new List<CellResult>();
        NotebookFailure? failure = null;
        using var process = StartWorker(fullPath);
        var stderr = new StringBuilder();
        process.ErrorDataReceived += (_, e) =>
        {
            if (e.Data is not null)
                lock (stderr)
                    if (stderr.Length < 8000)
                        stderr.AppendLine(e.Data);
        };
        process.BeginErrorReadLine();

        // A cell stopped by the runner (time limit, worker exit): numbered like the cells before it, reported as failed.
        void FailCell(int number, TimeSpan elapsed)
        {
            var index = codeCellNumbers.IndexOf(number) + 1;
            executed.Cells[number - 1].ExecutionCount = index;
            cells.Add(new CellResult(number, elapsed, true));
            options.Progress?.Invoke(new CellProgress(fullPath, number, index, codeCellNumbers.Count, true, true));
        }

        int? currentCell = null;
        var cellClock = Stopwatch.StartNew();
        var finished = false;
        var started = false;
        try
        {
            while (!finished)
            {
                var readLine = process.StandardOutput.ReadLineAsync(cancellationToken).AsTask();
                var limit = started ? options.CellTimeout : options.StartupTimeout;
                var remaining = limit - cellClock.Elapsed;
                var completed = remaining > TimeSpan.Zero
                    ? await Task.WhenAny(readLine, Task.Delay(remaining, cancellationToken))
                    : null;
                cancellationToken.ThrowIfCancellationRequested();
                if (completed != readLine)
                {
                    var seconds = limit.TotalSeconds.ToString("0.###", System.Globalization.CultureInfo.InvariantCulture);
                    var message = currentCell is { } c ? $"Cell {c} exceeded the time limit of {seconds} s"
                        : started ? $"The notebook worker stopped responding between cells for {seconds} s"
                        : $"The notebook worker did not start within {seconds} s";
                    failure = new NotebookFailure(currentCell, null, message);
                    if (currentCell is { } n)
                    {
                        var cell = executed.Cells[n - 1];
                        var elapsed = cellClock.Elapsed;
                        cell.SetOutputs(await OutputsSoFarAsync(process, readLine, n));
                        cell.Outputs.Add(NotebookOutputs.Error("TimeoutError", message, [message]));
                        FailCell(n, elapsed);
                    }
                    break;
                }

                var line = await readLine;
                if (line is null)
                {
                    process.WaitForExit();
                    string tail;
                    lock (stderr)
                        tail = stderr.ToString().Trim();
                    var message = $"The notebook process exited unexpectedly (exit code {process.ExitCode})" +
                                  (tail.Length > 0 ? ": " + tail.Split('\n')[0] : "");
                    failure = new NotebookFailure(currentCell, null, message);
                    if (currentCell is { } n)
                    {
                        executed.Cells[n - 1].Outputs.Add(NotebookOutputs.Error("WorkerCrashed", message, [message, .. tail.Split('\n')]));
                        FailCell(n, cellClock.Elapsed);
                    }
                    break;
                }
                if (!line.StartsWith(Worker.Marker, StringComparison.Ordinal))
                    continue;

                var report = JsonNode.Parse(line[Worker.Marker.Length..])!.AsObject();
                switch (report["event"]!.GetValue<string>())
                {
                    case "ready":
                        started = true;
                        cellClock.Restart();
                        break;
                    case "start":
                        currentCell = report["cell"]!.GetValue<int>();
                        cellClock.Restart();
                        options.Progress?.Invoke(new CellProgress(fullPath, currentCell.Value, codeCellNumbers.IndexOf(currentCell.Value) + 1,
                            codeCellNumbers.Count, false, false));
                        break;
                    case "done":
                    {
                        var number = report["cell"]!.GetValue<int>();
                        var cell = executed.Cells[number - 1];
                        cell.ExecutionCount = report["executionCount"]!.GetValue<int>();
                        cell.SetOutputs(report["outputs"]!.AsArray().OfType<JsonObject>());
                        var failed = report["failed"]!.GetValue<bool>();
                        cells.Add(new CellResult(number, cellClock.Elapsed, failed));
                        if (failed)
                            failure = new NotebookFailure(number, report["errorLine"]?.GetValue<int>(), report["errorMessage"]?.GetValue<string>() ?? "failed");
                        options.Progress?.Invoke(new CellProgress(fullPath, number, codeCellNumbers.IndexOf(number) + 1, codeCellNumbers.Count, true, failed));
                        currentCell = null;
                        cellClock.Restart();
                        break;
                    }
                    case "crash":
                        failure = new NotebookFailure(currentCell, null, report["message"]?.GetValue<string>() ?? "the worker failed");
                        finished = true;
                        break;
                    case "end":
                        finished = true;
                        break;
                }
            }
        }
        finally
        {
            if (!process.HasExited)
            {
                try
                {
                    process.Kill(entireProcessTree: true);
                }
                catch (InvalidOperationException)
                {
                    // It exited between the check and the kill.
                }
            }
        }
        return new NotebookRunResult(fullPath, executed, cells, failure, total.Elapsed);
    }

    /// <summary>
    /// Asks a worker whose cell ran out of time for that cell's outputs so far (its request thread still answers while
    /// the cell spins), waiting at most a few seconds; an empty list if it does not answer.
    /// </summary>
    private static async Task<List<JsonObject>> OutputsSoFarAsync(Process process, Task<string?> pendingLine, int cellNumber)
    {
        var deadline = Task.Delay(TimeSpan.FromSeconds(3));
        try
        {
            await process.StandardInput.WriteLineAsync(Worker.OutputsRequest);
            await process.StandardInput.FlushAsync();
            var next = pendingLine;
            while (await Task.WhenAny(next, deadline) == next && await next is { } line)
            {
                if (line.StartsWith(Worker.Marker, StringComparison.Ordinal)
                    && JsonNode.Parse(line[Worker.Marker.Length..]) is JsonObject report
                    && report["event"]?.GetValue<string>() == "partial" && report["cell"]?.GetValue<int>() == cellNumber)
                    return report["outputs"]!.AsArray().OfType<JsonObject>().ToList();
                next = process.StandardOutput.ReadLineAsync();
            }
        }
        catch (IOException)
        {
            // The worker is gone; there is nothing to collect.
        }
        return [];
    }

    private static Process StartWorker(string notebookPath)
    {
        var workerDll = typeof(NotebookRunner).Assembly.Location;
        var start = new ProcessStartInfo(DotnetHost())
        {
            WorkingDirectory = Path.GetDirectoryName(notebookPath)!,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            StandardOutputEncoding = Encoding.UTF8,
            StandardErrorEncoding = Encoding.UTF8,
            UseShellExecute = false,
        };
        start.ArgumentList.Add("exec");
        start.ArgumentList.Add("--runtimeconfig");
        start.ArgumentList.Add(RuntimeConfig(workerDll));
        start.ArgumentList.Add(workerDll);
        start.ArgumentList.Add(Worker.Verb);
        start.ArgumentList.Add(notebookPath);
        start.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        return Process.Start(start) ?? throw new InvalidOperationException("Could not start the notebook worker process.");
    }

    /// <summary>The worker's runtimeconfig: the built one beside the assembly, else one written for the running framework.</summary>
    private static string RuntimeConfig(string workerDll)
    {
        var beside = Path.ChangeExtension(workerDll, ".runtimeconfig.json");
        if (File.Exists(beside))
            return beside;
        var version = $"{Environment.Version.Major}.{Environment.Version.Minor}.0";
        var written = Path.Combine(Path.GetTempPath(), $"curriculum-worker-{version}.runtimeconfig.json");
        if (!File.Exists(written))
        {
            var temp = written + "." + Environment.ProcessId;
            var config = new JsonObject
            {
                ["runtimeOptions"] = new JsonObject
                {
                    ["tfm"] = $"net{Environment.Version.Major}.0",
                    ["framework"] = new JsonObject { ["name"] = "Microsoft.NETCore.App", ["version"] = version },
                    ["configProperties"] = new JsonObject { ["System.Runtime.TieredPGO"] = false, ["System.Globalization.Invariant"] = true },
                },
            };
            File.WriteAllText(temp, config.ToJsonString());
            File.Move(temp, written, overwrite: true);
        }
        return written;
    }

    private static string DotnetHost()
    {
        if (Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } host && File.Exists(host))
            return host;
        if (Environment.ProcessPath is { } self && Path.GetFileNameWithoutExtension(self) == "dotnet")
            return self;
        var root = Environment.GetEnvironmentVariable("DOTNET_ROOT");
        if (root is not null && File.Exists(Path.Combine(root, "dotnet")))
            return Path.Combine(root, "dotnet");
        return "dotnet";
    }
}
