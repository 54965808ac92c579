using System.Collections.Concurrent;
using System.Runtime.InteropServices;
using System.Text.Json.Nodes;
using System.Threading.Channels;
using NetMQ;
using NetMQ.Sockets;

namespace Curriculum.Kernel;

/// <summary>
/// The Jupyter kernel: the five sockets of a connection file (shell, control, stdin: ROUTER; iopub: PUB; heartbeat:
/// REP echo), over NetMQ. All sockets but the heartbeat live on one poller thread; requests are handed to a shell
/// queue (executed in order) and a control queue (answered while a cell runs). Messages with a missing or wrong
/// signature are logged and dropped.
/// </summary>
public sealed class KernelServer : IDisposable
{
    private enum Socket { Shell, Control, Stdin, IOPub }

    private readonly ConnectionInfo _connection;
    private readonly MessageSigner _signer;
    private readonly ICellExecutor _executor;
    private readonly Lazy<CodeAnalysis> _lazyAnalysis;
    private CodeAnalysis Analysis => _lazyAnalysis.Value;
    private readonly TextWriter _log;
    private readonly string _session = Guid.NewGuid().ToString("N");
    private readonly Channel<JupyterMessage> _shell = Channel.CreateUnbounded<JupyterMessage>(new() { SingleReader = true });
    private readonly Channel<JupyterMessage> _control = Channel.CreateUnbounded<JupyterMessage>(new() { SingleReader = true });
    private readonly NetMQQueue<(Socket Socket, List<byte[]> Frames)> _outgoing = new();
    private readonly ConcurrentDictionary<string, TaskCompletionSource<string>> _inputs = new();
    private readonly List<(int Line, string Input)> _history = [];
    private readonly CancellationTokenSource _stop = new();
    private readonly TaskCompletionSource _bound = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource _answered = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private CancellationTokenSource? _interrupt;
    private int _executionCount;
    private int _dropped;

    /// <param name="connection">Ports and key from the connection file.</param>
    /// <param name="executor">Runs the cells (in another process).</param>
    /// <param name="workingDirectory">The notebook's folder: <c>#r</c> paths in completions resolve against it.</param>
    /// <param name="log">Where the kernel logs (the front end shows the kernel's stderr in its log).</param>
    public KernelServer(ConnectionInfo connection, ICellExecutor executor, string workingDirectory, TextWriter? log = null)
    {
        _connection = connection ?? throw new ArgumentNullException(nameof(connection));
        _executor = executor ?? throw new ArgumentNullException(nameof(executor));
        _signer = new MessageSigner(connection.Key);
        // Loading ~160 framework references for Roslyn takes a while: not before the first kernel_info_reply.
        _lazyAnalysis = new Lazy<CodeAnalysis>(() => new CodeAnalysis(workingDirectory), LazyThreadSafetyMode.ExecutionAndPublication);
        _log = log ?? Console.Error;
    }

    /// <summary>Messages dropped because they were malformed or badly signed (for tests and the log).</summary>
    public int DroppedMessages => Volatile.Read(ref _dropped);

    /// <summary>Completes once every socket is bound.</summary>
    public Task Bound => _bound.Task;

    /// <summary>Interrupts the running cell, if any (the <c>interrupt_request</c> and SIGINT path).</summary>
    public void Interrupt()
    {
        Log("interrupt requested");
        // Never on the caller's thread: cancellation runs the cell's continuations inline, and the caller may be the
        // runtime's signal thread, which must stay free to report the killed worker's exit (SIGCHLD).
        var running = Volatile.Read(ref _interrupt);
        ThreadPool.QueueUserWorkItem(_ =>
        {
            try
            {
                running?.Cancel();
            }
            catch (ObjectDisposedException)
            {
                // The cell finished meanwhile.
            }
            foreach (var pending in _inputs.Values)
                pending.TrySetCanceled();
        });
    }

    /// <summary>Serves until a <c>shutdown_request</c> arrives or <paramref name="cancellationToken"/> is cancelled.</summary>
    public async Task RunAsync(CancellationToken cancellationToken = default)
    {
        using var link = cancellationToken.Register(() => _stop.Cancel());
        // SIGINT (interrupt_mode "signal", Ctrl-C in a terminal) interrupts the running cell and the kernel goes on;
        // SIGTERM shuts down like a shutdown_request, so the execution process's tree is killed too.
        using var sigint = RuntimeInformation.IsOSPlatform(OSPlatform.Windows) ? null
            : PosixSignalRegistration.Create(PosixSignal.SIGINT, context =>
            {
                context.Cancel = true;
                Interrupt();
            });
        using var sigterm = RuntimeInformation.IsOSPlatform(OSPlatform.Windows) ? null
            : PosixSignalRegistration.Create(PosixSignal.SIGTERM, context =>
            {
                context.Cancel = true;
                Log("SIGTERM: shutting down");
                ThreadPool.QueueUserWorkItem(_ => _stop.Cancel()); // not on the signal thread (see Interrupt)
            });
        var heartbeat = new Thread(Heartbeat) { IsBackground = true, Name = "heartbeat" };
        heartbeat.Start();
        var sockets = new Thread(Sockets) { IsBackground = true, Name = "sockets" };
        sockets.Start();
        await _bound.Task.WaitAsync(TimeSpan.FromSeconds(30), _stop.Token);

        Log($"listening, {StartupMilliseconds()} ms after the process started");
        // The execution process and Roslyn's completion model start in the background once the first kernel_info_reply
        // is out (or after a second): on 2 busy cores they would otherwise delay that reply, which front ends wait for.
        // The first cell waits for the process (a start failure becomes that cell's error).
        _ = Task.Run(async () =>
        {
            await Task.WhenAny(_answered.Task, Task.Delay(TimeSpan.FromSeconds(1), _stop.Token));
            if (_stop.IsCancellationRequested)
                return;
            var start = _executor.StartAsync(_stop.Token);
            _ = start.ContinueWith(t => Log($"the execution process did not start: {t.Exception?.GetBaseException().Message}"),
                CancellationToken.None, TaskContinuationOptions.OnlyOnFaulted, TaskScheduler.Default);
            _ = Analysis;
        });
        Publish("status", new JsonObject { ["execution_state"] = "starting" }, null);
        var control = Task.Run(() => ServeAsync(_control.Reader, isShell: false));
        try
        {
            await ServeAsync(_shell.Reader, isShell: true);
        }
        catch (OperationCanceledException) when (_stop.IsCancellationRequested)
        {
        }
        finally
        {
            _stop.Cancel();
            _shell.Writer.TryComplete();
            _control.Writer.TryComplete();
            try
            {
                await control.WaitAsync(TimeSpan.FromSeconds(5));
            }
            catch (Exception e) when (e is OperationCanceledException or TimeoutException)
            {
            }
            await _executor.DisposeAsync();
            // Let the poller flush the last replies (shutdown_reply) before the sockets close.
            for (var i = 0; i < 50 && _outgoing.Count > 0; i++)
                await Task.Delay(10);
            await Task.Delay(50);
            _outgoing.Enqueue((Socket.IOPub, [])); // wakes the poller so it sees the stop
            sockets.Join(TimeSpan.FromSeconds(5));
            heartbeat.Join(TimeSpan.FromSeconds(2));
        }
    }

    private async Task ServeAsync(ChannelReader<JupyterMessage> reader, bool isShell)
    {
        await foreach (var request in reader.ReadAllAsync(_stop.Token))
        {
            try
            {
                await HandleAsync(request, isShell);
            }
            catch (OperationCanceledException) when (_stop.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e)
            {
                Log($"error handling {request.MessageType}: {e}");
            }
            if (request.MessageType == "shutdown_request")
            {
                _stop.Cancel();
                return;
            }
        }
    }

    private async Task HandleAsync(JupyterMessage request, bool isShell)
    {
        var socket = isShell ? Socket.Shell : Socket.Control;
        Publish("status", new JsonObject { ["execution_state"] = "busy" }, request);
        try
        {
            switch (request.MessageType)
            {
                case "kernel_info_request":
                    Reply(socket, request, "kernel_info_reply", KernelInfo.Reply());
                    _answered.TrySetResult();
                    break;
                case "execute_request":
                    await ExecuteAsync(request, socket);
                    break;
                case "is_complete_request":
                    Reply(socket, request, "is_complete_reply", Analysis.IsComplete(Text(request, "code")));
                    break;
                case "complete_request":
                    Reply(socket, request, "complete_reply", Analysis.Complete(Text(request, "code"), request.Content["cursor_pos"]?.GetValue<int>() ?? 0));
                    break;
                case "inspect_request":
                    Reply(socket, request, "inspect_reply", Analysis.Inspect(Text(request, "code"), request.Content["cursor_pos"]?.GetValue<int>() ?? 0,
                        request.Content["detail_level"]?.GetValue<int>() ?? 0));
                    break;
                case "history_request":
                    Reply(socket, request, "history_reply", History(request.Content));
                    break;
                case "comm_info_request":
                    Reply(socket, request, "comm_info_reply", new JsonObject { ["status"] = "ok", ["comms"] = new JsonObject() });
                    break;
                case "comm_open":
                    // No comm targets: close it, as ipykernel does for an unknown target.
                    Publish("comm_close", new JsonObject { ["comm_id"] = Text(request, "comm_id"), ["data"] = new JsonObject() }, request);
                    break;
                case "comm_msg" or "comm_close":
                    break;
                case "interrupt_request":
                    Interrupt();
                    Reply(socket, request, "interrupt_reply", new JsonObject { ["status"] = "ok" });
                    break;
                case "shutdown_request":
                    var restart = request.Content["restart"]?.GetValue<bool>() ?? false;
                    Log(restart ? "shutdown for restart requested" : "shutdown requested");
                    Interrupt();
                    Reply(socket, request, "shutdown_reply", new JsonObject { ["status"] = "ok", ["restart"] = restart });
                    break;
                default:
                    Log($"unsupported message type {request.MessageType} on {socket}: ignored");
                    break;
            }
        }
        finally
        {
            Publish("status", new JsonObject { ["execution_state"] = "idle" }, request);
        }
    }

    private async Task ExecuteAsync(JupyterMessage request, Socket socket)
    {
        var code = Text(request, "code");
        var silent = request.Content["silent"]?.GetValue<bool>() ?? false;
        var storeHistory = !silent && (request.Content["store_history"]?.GetValue<bool>() ?? true);
        var allowStdin = request.Content["allow_stdin"]?.GetValue<bool>() ?? false;
        var stopOnError = request.Content["stop_on_error"]?.GetValue<bool>() ?? true;
        if (storeHistory)
            _executionCount++;
        var count = Math.Max(_executionCount, 1);
        if (!silent)
            Publish("execute_input", new JsonObject { ["code"] = code, ["execution_count"] = count }, request);

        if (CodeAnalysis.PagerTarget(code) is { } target)
        {
            // `Name?` shows the signature and docs in the front end's pager instead of running anything (as IPython does).
            var inspection = Analysis.Inspect(target, target.Length, detailLevel: 1);
            var data = inspection["found"]!.GetValue<bool>()
                ? (JsonObject)inspection["data"]!.DeepClone()
                : new JsonObject { ["text/plain"] = $"No symbol named {target} is in scope." };
            if (storeHistory)
                _history.Add((count, code));
            Reply(socket, request, "execute_reply", new JsonObject
            {
                ["status"] = "ok", ["execution_count"] = count,
                ["payload"] = new JsonArray(new JsonObject { ["source"] = "page", ["data"] = data, ["start"] = 0 }),
                ["user_expressions"] = new JsonObject(),
            }, new JsonObject { ["status"] = "ok" });
            return;
        }

        using var interrupt = new CancellationTokenSource();
        Volatile.Write(ref _interrupt, interrupt);
        CellOutcome outcome;
        try
        {
            outcome = await _executor.ExecuteAsync(code, count, new Events(this, request, silent, allowStdin), interrupt.Token);
        }
        finally
        {
            Volatile.Write(ref _interrupt, null);
        }
        if (storeHistory)
            _history.Add((count, code));
        if (outcome.Error is { } error)
        {
            Analysis.Failed(code);
            var traceback = new JsonArray(error.Traceback.Select(t => (JsonNode)JsonValue.Create(t)!).ToArray());
            if (!silent)
                Publish("error", new JsonObject { ["ename"] = error.Name, ["evalue"] = error.Value, ["traceback"] = traceback.DeepClone() }, request);
            Reply(socket, request, "execute_reply", new JsonObject
            {
                ["status"] = "error", ["execution_count"] = count, ["ename"] = error.Name, ["evalue"] = error.Value, ["traceback"] = traceback,
            }, new JsonObject { ["status"] = "error" });
            if (stopOnError)
                AbortQueued();
            return;
        }
        Analysis.Succeeded(code);
        if (outcome.Result is { } result && !silent)
            Publish("execute_result", new JsonObject { ["execution_count"] = count, ["data"] = result, ["metadata"] = new JsonObject() }, request);
        Reply(socket, request, "execute_reply", new JsonObject
        {
            ["status"] = "ok", ["execution_count"] = count, ["payload"] = new JsonArray(), ["user_expressions"] = new JsonObject(),
        }, new JsonObject { ["status"] = "ok" });
    }

    /// <summary>After a failed cell with <c>stop_on_error</c>: the execute requests already queued are answered "aborted".</summary>
    private void AbortQueued()
    {
        var keep = new List<JupyterMessage>();
        while (_shell.Reader.TryRead(out var queued))
        {
            if (queued.MessageType != "execute_request")
            {
                keep.Add(queued);
                continue;
            }
            Publish("status", new JsonObject { ["execution_state"] = "busy" }, queued);
            Reply(Socket.Shell, queued, "execute_reply", new JsonObject { ["status"] = "aborted", ["execution_count"] = _executionCount }, new JsonObject { ["status"] = "aborted" });
            Publish("status", new JsonObject { ["execution_state"] = "idle" }, queued);
        }
        // Other requests keep their order behind anything that arrives now; they are rare here (completion while running).
        foreach (var message in keep)
            _shell.Writer.TryWrite(message);
    }

    private JsonObject History(JsonObject content)
    {
        var access = content["hist_access_type"]?.GetValue<string>() ?? "tail";
        IEnumerable<(int Line, string Input)> items = _history;
        switch (access)
        {
            case "tail":
                var n = content["n"]?.GetValue<int>() ?? 10;
                items = _history.Skip(Math.Max(0, _history.Count - n));
                break;
            case "range":
                var start = content["start"]?.GetValue<int>() ?? 0;
                var stop = content["stop"]?.GetValue<int?>();
                items = _history.Where(h => h.Line >= start && (stop is null || h.Line < stop));
                break;
            case "search":
                var pattern = content["pattern"]?.GetValue<string>() ?? "*";
                var regex = new System.Text.RegularExpressions.Regex("^" + System.Text.RegularExpressions.Regex.Escape(pattern).Replace("\\*", ".*").Replace("\\?", ".") + "$",
                    System.Text.RegularExpressions.RegexOptions.Singleline);
                items = _history.Where(h => regex.IsMatch(h.Input));
                if (content["unique"]?.GetValue<bool>() ?? false)
                    items = items.GroupBy(h => h.Input).Select(g => g.Last()).OrderBy(h => h.Line);
                if (content["n"]?.GetValue<int?>() is { } last)
                    items = items.TakeLast(last);
                break;
        }
        var output = content["output"]?.GetValue<bool>() ?? false;
        var history = new JsonArray(items.Select(h => (JsonNode)new JsonArray(0, h.Line, output ? new JsonArray(h.Input, null) : h.Input)).ToArray());
        return new JsonObject { ["status"] = "ok", ["history"] = history };
    }

    private static string Text(JupyterMessage message, string key) => message.Content[key]?.GetValue<string>() ?? "";

    private void Reply(Socket socket, JupyterMessage request, string type, JsonObject content, JsonObject? metadata = null) =>
        _outgoing.Enqueue((socket, JupyterMessage.Create(type, content, _session, request, metadata).ToFrames(_signer)));

    internal void Publish(string type, JsonObject content, JupyterMessage? parent)
    {
        var message = JupyterMessage.Create(type, content, _session, parent);
        var frames = message.ToFrames(_signer);
        var withoutIdentities = frames.Skip(message.Identities.Count).ToList();
        withoutIdentities.Insert(0, System.Text.Encoding.UTF8.GetBytes($"kernel.{_session}.{type}"));
        _outgoing.Enqueue((Socket.IOPub, withoutIdentities));
    }

    private async Task<string> RequestInputAsync(JupyterMessage parent, string prompt, bool password, CancellationToken cancellationToken)
    {
        var message = JupyterMessage.Create("input_request", new JsonObject { ["prompt"] = prompt, ["password"] = password }, _session, parent);
        var pending = new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);
        _inputs[message.MessageId] = pending;
        try
        {
            _outgoing.Enqueue((Socket.Stdin, message.ToFrames(_signer)));
            using var registration = cancellationToken.Register(() => pending.TrySetCanceled());
            var interrupt = Volatile.Read(ref _interrupt);
            using var interruptRegistration = interrupt?.Token.Register(() => pending.TrySetCanceled());
            return await pending.Task;
        }
        finally
        {
            _inputs.TryRemove(message.MessageId, out _);
        }
    }

    private void Sockets()
    {
        using var shell = new RouterSocket();
        using var control = new RouterSocket();
        using var stdin = new RouterSocket();
        using var iopub = new PublisherSocket();
        try
        {
            foreach (var s in new NetMQSocket[] { shell, control, stdin, iopub })
                s.Options.Linger = TimeSpan.FromMilliseconds(500);
            shell.Bind(_connection.Address(_connection.ShellPort));
            control.Bind(_connection.Address(_connection.ControlPort));
            stdin.Bind(_connection.Address(_connection.StdinPort));
            iopub.Bind(_connection.Address(_connection.IOPubPort));
        }
        catch (Exception e)
        {
            _bound.TrySetException(e);
            return;
        }

        using var poller = new NetMQPoller { shell, control, stdin, _outgoing };
        shell.ReceiveReady += (_, e) => Receive(e.Socket, "shell", m => _shell.Writer.TryWrite(m));
        control.ReceiveReady += (_, e) => Receive(e.Socket, "control", m => _control.Writer.TryWrite(m));
        stdin.ReceiveReady += (_, e) => Receive(e.Socket, "stdin", m =>
        {
            if (m.MessageType != "input_reply")
                return;
            // jupyter_client's input() sends the reply without a parent header; one cell runs at a time, so at most
            // one request waits: the reply belongs to the request it names, else to that one.
            var parentId = m.ParentHeader["msg_id"]?.GetValue<string>() ?? "";
            var pending = _inputs.TryGetValue(parentId, out var named) ? named : _inputs.Values.FirstOrDefault();
            if (pending is null)
                Log("an input_reply arrived, but no input was requested: ignored");
            pending?.TrySetResult(m.Content["value"]?.GetValue<string>() ?? "");
        });
        _outgoing.ReceiveReady += (_, e) =>
        {
            while (e.Queue.TryDequeue(out var item, TimeSpan.Zero))
            {
                if (item.Frames.Count == 0)
                    continue;
                NetMQSocket target = item.Socket switch { Socket.Shell => shell, Socket.Control => control, Socket.Stdin => stdin, _ => iopub };
                var message = new NetMQMessage(item.Frames);
                target.TrySendMultipartMessage(TimeSpan.FromSeconds(1), message);
            }
            if (_stop.IsCancellationRequested && e.Queue.Count == 0)
                poller.Stop();
        };
        _bound.TrySetResult();
        poller.Run();
    }

    private void Receive(NetMQSocket socket, string channel, Action<JupyterMessage> deliver)
    {
        var raw = new NetMQMessage();
        while (socket.TryReceiveMultipartMessage(TimeSpan.Zero, ref raw))
        {
            var frames = raw.Select(f => f.ToByteArray()).ToList();
            var message = JupyterMessage.Parse(frames, _signer, out var rejection);
            if (message is null)
            {
                Interlocked.Increment(ref _dropped);
                Log($"dropped a message on {channel}: {rejection}");
            }
            else
            {
                deliver(message);
            }
            raw = new NetMQMessage();
        }
    }

    private void Heartbeat()
    {
        using var socket = new ResponseSocket();
        socket.Options.Linger = TimeSpan.Zero;
        socket.Bind(_connection.Address(_connection.HeartbeatPort));
        var message = new NetMQMessage();
        while (!_stop.IsCancellationRequested)
        {
            if (socket.TryReceiveMultipartMessage(TimeSpan.FromMilliseconds(200), ref message))
            {
                socket.SendMultipartMessage(message);
                message = new NetMQMessage();
            }
        }
    }

    private static long StartupMilliseconds()
    {
        using var self = System.Diagnostics.Process.GetCurrentProcess();
        return (long)(DateTime.Now - self.StartTime).TotalMilliseconds;
    }

    private void Log(string line)
    {
        lock (_log)
            _log.WriteLine($"[curriculum kernel {DateTime.UtcNow:HH:mm:ss.fff}] {line}");
    }

    /// <inheritdoc />
    public void Dispose()
    {
        _stop.Cancel();
        _outgoing.Dispose();
        _stop.Dispose();
    }

    private sealed class Events(KernelServer server, JupyterMessage request, bool silent, bool allowStdin) : ICellEvents
    {
        public bool InputAllowed => allowStdin;

        public void Stream(string name, string text)
        {
            if (!silent && text.Length > 0)
                server.Publish("stream", new JsonObject { ["name"] = name, ["text"] = text }, request);
        }

        public void Display(JsonObject data, JsonObject metadata, string? displayId, bool update)
        {
            if (silent)
                return;
            var content = new JsonObject { ["data"] = data, ["metadata"] = metadata, ["transient"] = new JsonObject() };
            if (displayId is not null)
                content["transient"]!["display_id"] = displayId;
            server.Publish(update && displayId is not null ? "update_display_data" : "display_data", content, request);
        }

        public void ClearOutput(bool wait)
        {
            if (!silent)
                server.Publish("clear_output", new JsonObject { ["wait"] = wait }, request);
        }

        public Task<string> InputAsync(string prompt, bool password, CancellationToken cancellationToken) =>
            allowStdin
                ? server.RequestInputAsync(request, prompt, password, cancellationToken)
                : Task.FromException<string>(new InvalidOperationException("This front end does not allow input (allow_stdin is false)."));
    }
}
