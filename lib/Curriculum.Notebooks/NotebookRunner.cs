using System.Diagnostics;
using System.Text;
using System.Text.Json.Nodes;
using Curriculum.Execution;
using Curriculum.Execution.Protocol;

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

    /// <summary>Output caps per cell and per notebook (characters); beyond them a cell shows an "Output truncated" note.</summary>
    public OutputLimits OutputLimits { get; init; } = OutputLimits.Default;

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
/// Executes notebooks headless on the execution core (<see cref="WorkerProcess"/>): each notebook runs in its own worker
/// process (Roslyn scripting, state carried from cell to cell) that reports over a private channel, never stdout. A cell
/// that exceeds the time limit, a worker that exits or breaks the protocol fails that notebook, never the run.
/// Execution stops at the first failing cell; a notebook succeeds only when every code cell reported success.
/// </summary>
public static class NotebookRunner
{
    /// <summary>A chapter's exercise section (<c>#load "../exercises/ChapterNN.cs"</c>) runs against the reference
    /// solutions where a <c>solutions/</c> folder sits beside <c>notebooks/</c> (CI, the book), and against the learner's
    /// own file everywhere else; an explicit CURRICULUM_EXERCISES_DIR wins.</summary>
    private static Dictionary<string, string>? ExercisesRedirect(string notebookPath)
    {
        const string variable = "CURRICULUM_EXERCISES_DIR";
        if (!string.IsNullOrEmpty(Environment.GetEnvironmentVariable(variable)))
            return null;
        var solutions = Path.GetFullPath(Path.Combine(Path.GetDirectoryName(notebookPath)!, "..", "solutions"));
        return Directory.Exists(solutions) ? new Dictionary<string, string> { [variable] = solutions } : null;
    }

    /// <summary>Executes a notebook and returns a copy with outputs.</summary>
    /// <param name="path">The <c>.ipynb</c> file; relative <c>#r</c> paths resolve against its folder.</param>
    /// <param name="options">Time limit, output caps and progress callback; null for the defaults.</param>
    /// <param name="cancellationToken">Stops the run (the worker's process tree is killed).</param>
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
        WorkerProcess worker;
        try
        {
            worker = await WorkerProcess.StartAsync(new WorkerOptions
            {
                WorkingDirectory = Path.GetDirectoryName(fullPath)!,
                StartupTimeout = options.StartupTimeout,
                OutputLimits = options.OutputLimits,
                Environment = ExercisesRedirect(fullPath),
            }, cancellationToken);
        }
        catch (WorkerException e)
        {
            return new NotebookRunResult(fullPath, executed, cells, new NotebookFailure(null, null, e.Message), total.Elapsed);
        }

        await using (worker)
        {
            var displays = new Dictionary<string, (JsonArray Outputs, int Index)>(StringComparer.Ordinal);
            for (var index = 0; index < codeCellNumbers.Count; index++)
            {
                var number = codeCellNumbers[index];
                var cell = executed.Cells[number - 1];
                options.Progress?.Invoke(new CellProgress(fullPath, number, index + 1, codeCellNumbers.Count, false, false));
                var outputs = new CellOutputs(cell.Outputs, displays);
                var result = await worker.ExecuteAsync(cell.Source, outputs.Add,
                    new ExecuteOptions { Timeout = options.CellTimeout, Cell = number, ExecutionCount = index + 1 }, cancellationToken);
                cancellationToken.ThrowIfCancellationRequested();
                outputs.Flush();
                cell.ExecutionCount = index + 1;
                var message = result.Message ?? "failed";
                switch (result.Status)
                {
                    case ExecutionStatus.Ok:
                        break;
                    case ExecutionStatus.Error:
                        failure = new NotebookFailure(number, result.ErrorLine, message);
                        break;
                    case ExecutionStatus.TimedOut:
                        outputs.Error("TimeoutError", message, [message]);
                        failure = new NotebookFailure(number, null, message);
                        break;
                    case ExecutionStatus.ProtocolError:
                        outputs.Error("WorkerProtocolError", message, [message]);
                        failure = new NotebookFailure(number, null, message);
                        break;
                    default:
                        var tail = worker.Diagnostics.Trim();
                        outputs.Error("WorkerCrashed", message, tail.Length > 0 ? [message, .. tail.Split('\n').TakeLast(20)] : [message]);
                        failure = new NotebookFailure(number, null, message);
                        break;
                }
                var failed = result.Status != ExecutionStatus.Ok;
                cells.Add(new CellResult(number, result.Elapsed, failed));
                options.Progress?.Invoke(new CellProgress(fullPath, number, index + 1, codeCellNumbers.Count, true, failed));
                if (failed)
                    break;
            }
        }
        // The verdict is the parent's: success only when every code cell reported success.
        if (failure is null && cells.Count(c => !c.Failed) != codeCellNumbers.Count)
            failure = new NotebookFailure(null, null, $"only {cells.Count} of {codeCellNumbers.Count} code cells reported");
        return new NotebookRunResult(fullPath, executed, cells, failure, total.Elapsed);
    }

    /// <summary>Turns a cell's events into nbformat outputs: consecutive text of one stream merges into one output.</summary>
    private sealed class CellOutputs(JsonArray outputs, Dictionary<string, (JsonArray Outputs, int Index)> displays)
    {
        private readonly StringBuilder _text = new();
        private string? _stream;

        public void Add(ExecutionEvent e)
        {
            if (e is StreamEvent s)
            {
                if (_stream != s.Name)
                    Flush();
                _stream = s.Name;
                _text.Append(s.Text);
                return;
            }
            Flush();
            switch (e)
            {
                case DisplayDataEvent d:
                    outputs.Add(NotebookOutputs.DisplayData(d.Data));
                    if (d.DisplayId is { } id)
                        displays[id] = (outputs, outputs.Count - 1);
                    break;
                case UpdateDisplayDataEvent u:
                    if (displays.TryGetValue(u.DisplayId, out var at))
                        at.Outputs[at.Index] = NotebookOutputs.DisplayData(u.Data);
                    break;
                case ExecuteResultEvent r:
                    outputs.Add(NotebookOutputs.ExecuteResult(r.ExecutionCount, r.Data));
                    break;
                case ErrorEvent x:
                    Error(x.EName, x.EValue, x.Traceback);
                    break;
                case OutputTruncatedEvent t:
                    outputs.Add(NotebookOutputs.Stream("stderr", $"[{t.Message}]\n"));
                    break;
            }
        }

        public void Error(string ename, string evalue, IEnumerable<string> traceback)
        {
            Flush();
            outputs.Add(NotebookOutputs.Error(ename, evalue, traceback));
        }

        /// <summary>Writes the pending stream text as one output.</summary>
        public void Flush()
        {
            if (_stream is not null && _text.Length > 0)
                outputs.Add(NotebookOutputs.Stream(_stream, _text.ToString()));
            _text.Clear();
            _stream = null;
        }
    }
}
