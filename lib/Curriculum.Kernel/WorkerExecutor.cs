using System.Text.Json.Nodes;
using Curriculum.Execution;
using Curriculum.Execution.Engine;
using Curriculum.Execution.Protocol;

namespace Curriculum.Kernel;

/// <summary>
/// Runs the kernel's cells through the execution core that <c>curriculum run</c> uses (<see cref="WorkerProcess"/>:
/// Roslyn scripting in a worker process, a private channel, streamed events). An interrupt kills the worker's process
/// tree and starts a fresh one: .NET cannot abort a thread, so the state is lost, and the cell's error says so. A worker
/// that dies by itself (<c>Environment.Exit</c>, a crash) is replaced the same way before the next cell.
/// </summary>
internal sealed class WorkerExecutor(string workingDirectory, string? plotlyJsPath, TextWriter log) : ICellExecutor
{
    private readonly PlotlyBundles _plots = new(plotlyJsPath);
    private readonly SemaphoreSlim _gate = new(1, 1);
    private Task<WorkerProcess>? _worker;

    public Task StartAsync(CancellationToken cancellationToken)
    {
        _worker = Start(cancellationToken);
        return _worker;
    }

    private Task<WorkerProcess> Start(CancellationToken cancellationToken) =>
        WorkerProcess.StartAsync(new WorkerOptions
        {
            WorkingDirectory = workingDirectory,
            Environment = new Dictionary<string, string> { ["CURRICULUM_KERNEL"] = "1" },
        }, cancellationToken);

    public async Task<CellOutcome> ExecuteAsync(string code, int executionCount, ICellEvents events, CancellationToken interrupt)
    {
        await _gate.WaitAsync(CancellationToken.None);
        try
        {
            WorkerProcess worker;
            try
            {
                try
                {
                    worker = await (_worker ??= Start(CancellationToken.None));
                }
                catch (Exception e) when (e is WorkerException or OperationCanceledException)
                {
                    worker = await (_worker = Start(CancellationToken.None));  // the background start failed: one more try, now
                }
                if (!worker.IsAlive)
                {
                    await worker.DisposeAsync();
                    worker = await (_worker = Start(CancellationToken.None));
                }
            }
            catch (WorkerException e)
            {
                _worker = null;
                return CellOutcome.Failed("ExecutionProcessFailed", $"The execution process could not start: {e.Message}", [$"The execution process could not start: {e.Message}"]);
            }

            JsonObject? result = null;
            CellError? error = null;
            void OnEvent(ExecutionEvent e)
            {
                switch (e)
                {
                    case StreamEvent s:
                        events.Stream(s.Name, s.Text);
                        break;
                    case DisplayDataEvent d:
                        Display(events, d.Data, d.Metadata, d.DisplayId, update: false);
                        break;
                    case UpdateDisplayDataEvent u:
                        Display(events, u.Data, u.Metadata, u.DisplayId, update: true);
                        break;
                    case ExecuteResultEvent r:
                        var (data, loader) = _plots.Enrich(r.Data);
                        if (loader is not null)
                            events.Display(loader, new JsonObject(), null, false);
                        result = data;
                        break;
                    case ErrorEvent x:
                        error = new CellError(x.EName, x.EValue, x.Traceback);
                        break;
                    case OutputTruncatedEvent t:
                        events.Stream("stderr", t.Message + "\n");
                        break;
                }
            }

            var options = new ExecuteOptions
            {
                Cell = executionCount,
                ExecutionCount = executionCount,
                Input = events.InputAllowed ? (request, ended) => events.InputAsync(request.Prompt, request.Password, ended) : null,
            };
            var outcome = await worker.ExecuteAsync(code, OnEvent, options, interrupt);
            switch (outcome.Status)
            {
                case ExecutionStatus.Ok:
                    return CellOutcome.Ok(result);
                case ExecutionStatus.Error:
                    return new CellOutcome(null, error ?? new CellError("Error", outcome.Message ?? "the cell failed", [outcome.Message ?? "the cell failed"]));
                default:
                    var diagnostics = worker.Diagnostics.Trim();
                    await worker.DisposeAsync();
                    _worker = Start(CancellationToken.None); // the next cell finds a fresh process (started now, while the learner reads)
                    var (name, message) = outcome.Status == ExecutionStatus.Interrupted
                        ? ("KernelInterrupted", "Interrupted: the cell was stopped by killing its execution process. A fresh process has been started, so the kernel state (every variable, using and #r from earlier cells) is lost: run the notebook's cells again from the top.")
                        : ("ExecutionProcessDied", $"The execution process died while this cell ran ({outcome.Message ?? outcome.Status.ToString()}), e.g. through Environment.Exit or a crash. The next cell runs on a fresh process; the kernel state (every variable, using and #r from earlier cells) is lost: run the notebook's cells again from the top.");
                    log.WriteLine($"[curriculum kernel] {name}: {outcome.Message}");
                    var traceback = new List<string> { $"{name}: {message}" };
                    if (diagnostics.Length > 0 && outcome.Status != ExecutionStatus.Interrupted)
                        traceback.AddRange(diagnostics.Split('\n').TakeLast(10));
                    return CellOutcome.Failed(name, message, traceback);
            }
        }
        finally
        {
            _gate.Release();
        }
    }

    private void Display(ICellEvents events, JsonObject data, JsonObject metadata, string? displayId, bool update)
    {
        if (data[ClearOutputRequest.MimeType] is { } clear)
        {
            var text = clear.GetValueKind() == System.Text.Json.JsonValueKind.String ? clear.GetValue<string>() : clear.ToJsonString();
            events.ClearOutput(text.Contains("true", StringComparison.Ordinal));
            return;
        }
        var (enriched, loader) = _plots.Enrich(data);
        if (loader is not null)
            events.Display(loader, new JsonObject(), null, false);
        events.Display(enriched, metadata, displayId, update);
    }

    public async Task RestartAsync(CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(cancellationToken);
        try
        {
            if (_worker is { } old)
                await DisposeWorker(old);
            _worker = Start(cancellationToken);
            await _worker;
        }
        finally
        {
            _gate.Release();
        }
    }

    private static async Task DisposeWorker(Task<WorkerProcess> worker)
    {
        try
        {
            await (await worker).DisposeAsync();
        }
        catch (Exception e) when (e is WorkerException or OperationCanceledException)
        {
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (_worker is { } worker)
            await DisposeWorker(worker);
        _worker = null;
    }
}
