using System.Diagnostics;
using System.Globalization;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using Curriculum.Execution.Protocol;

namespace Curriculum.Execution;

/// <summary>Output caps, in characters (MIME bundles count their MIME types and contents).</summary>
/// <param name="PerExecution">The most one execution (one cell) may show; default 2 Mi characters.</param>
/// <param name="PerWorker">The most one worker (one notebook) may show over its life; default 16 Mi characters.</param>
public sealed record OutputLimits(long PerExecution = 2 << 20, long PerWorker = 16 << 20)
{
    /// <summary>The defaults.</summary>
    public static OutputLimits Default { get; } = new();
}

/// <summary>How to start a worker.</summary>
public sealed record WorkerOptions
{
    /// <summary>The worker's working directory, and the base of relative <c>#r</c> and <c>#load</c> paths (a notebook's folder).</summary>
    public required string WorkingDirectory { get; init; }

    /// <summary>How long start-up (process start, handshake, engine start) may take; default 60 s.</summary>
    public TimeSpan StartupTimeout { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>Output caps; beyond them output is dropped and one <see cref="OutputTruncatedEvent"/> is delivered.</summary>
    public OutputLimits OutputLimits { get; init; } = OutputLimits.Default;

    /// <summary>Extra environment variables for the worker (never the channel's secret, which travels on its stdin).</summary>
    public IReadOnlyDictionary<string, string>? Environment { get; init; }
}

/// <summary>Options of one <see cref="WorkerProcess.ExecuteAsync"/>.</summary>
public sealed record ExecuteOptions
{
    /// <summary>Time limit; when it passes the worker's process tree is killed (<see cref="ExecutionStatus.TimedOut"/>). Null: none.</summary>
    public TimeSpan? Timeout { get; init; }

    /// <summary>The number errors name ("Cell 3, line 2") and the engine's file name for the code; default 1.</summary>
    public int Cell { get; init; } = 1;

    /// <summary>The execution count of an <see cref="ExecuteResultEvent"/>; default: 1, 2, 3… per worker.</summary>
    public int? ExecutionCount { get; init; }

    /// <summary>
    /// Answers the code's <c>Console.ReadLine()</c> (the kernel asks the front end); its token is cancelled when the
    /// execution ends. An exception becomes the cell's error at the <c>ReadLine</c>. Null (the default, headless runs):
    /// <c>Console.ReadLine()</c> throws <c>InputNotAvailableException</c> at once instead of waiting forever.
    /// </summary>
    public Func<InputRequest, CancellationToken, Task<string>>? Input { get; init; }
}

/// <summary>
/// A worker process that runs C# code (Roslyn scripting, state carried from one execution to the next) and talks to
/// this process only over a private channel: a Unix socket in a fresh 0700 folder, accepted once, and authenticated by
/// a per-run secret that the worker reads from its stdin (never its command line or environment). Cell code cannot
/// reach the channel by accident: its console goes into <see cref="StreamEvent"/>s, and the worker's real stdout/stderr
/// only feed <see cref="Diagnostics"/>. Every wait is bounded; <see cref="DisposeAsync"/> kills the whole process tree
/// (<see cref="ProcessTree"/>). One request at a time; concurrent calls queue.
/// </summary>
public sealed class WorkerProcess : IAsyncDisposable
{
    private const int DiagnosticsChars = 8 * 1024;
    private readonly Process _process;
    private readonly Stream _channel;
    private readonly string _tag;
    private readonly OutputLimits _limits;
    private readonly SemaphoreSlim _oneAtATime = new(1, 1);
    private readonly object _gate = new();
    private readonly object _writeGate = new();
    private readonly StringBuilder _diagnostics = new();
    private Pending? _pending;
    private long _shownChars;
    private int _executionCount;
    private (ExecutionStatus Status, string Message)? _death;

    private WorkerProcess(Process process, Stream channel, string tag, OutputLimits limits)
    {
        _process = process;
        _channel = channel;
        _tag = tag;
        _limits = limits;
    }

    /// <summary>The worker's process id.</summary>
    public int ProcessId => _process.Id;

    /// <summary>The value of <see cref="ProcessTree.TagVariable"/> that marks this worker's processes.</summary>
    public string Tag => _tag;

    /// <summary>False once the worker is gone (time limit, interrupt, exit, protocol error, disposal): start a new one.</summary>
    public bool IsAlive
    {
        get
        {
            lock (_gate)
                return _death is null;
        }
    }

    /// <summary>The last few KiB the worker process wrote to its real stdout/stderr (native code, child processes).</summary>
    public string Diagnostics
    {
        get
        {
            lock (_diagnostics)
                return _diagnostics.ToString();
        }
    }

    /// <summary>Starts a worker and waits until its engine is ready.</summary>
    /// <param name="options">Working directory, start-up time limit, output caps.</param>
    /// <param name="cancellationToken">Stops the start (the process is killed).</param>
    /// <exception cref="WorkerException">The worker did not start, or broke the handshake, within the time limit.</exception>
    public static async Task<WorkerProcess> StartAsync(WorkerOptions options, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (options.StartupTimeout <= TimeSpan.Zero)
            throw new ArgumentOutOfRangeException(nameof(options), $"StartupTimeout ({options.StartupTimeout}) must be positive.");
        if (options.OutputLimits.PerExecution < 0 || options.OutputLimits.PerWorker < 0)
            throw new ArgumentOutOfRangeException(nameof(options), $"OutputLimits ({options.OutputLimits}) must not be negative.");
        if (!Directory.Exists(options.WorkingDirectory))
            throw new DirectoryNotFoundException($"The worker's working directory does not exist: {options.WorkingDirectory}");

        var secret = Convert.ToHexString(RandomNumberGenerator.GetBytes(32));
        var tag = Convert.ToHexString(RandomNumberGenerator.GetBytes(8)).ToLowerInvariant();
        var folder = PrivateFolder();
        var socketPath = Path.Combine(folder, "w.sock");
        using var listener = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        Process? process = null;
        WorkerProcess? worker = null;
        using var startup = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        startup.CancelAfter(options.StartupTimeout);
        try
        {
            listener.Bind(new UnixDomainSocketEndPoint(socketPath));
            listener.Listen(1);
            process = Launch(options, socketPath, tag);
            process.StandardInput.WriteLine(secret);
            process.StandardInput.Close();

            var accept = listener.AcceptAsync(startup.Token).AsTask();
            var exited = process.WaitForExitAsync(startup.Token);
            if (await Task.WhenAny(accept, exited) != accept)
                throw new WorkerException(Abandon(process, options, cancellationToken, "connect"));
            var socket = await accept;
            listener.Close();
            Directory.Delete(folder, recursive: true);
            var channel = new NetworkStream(socket, ownsSocket: true);
            worker = new WorkerProcess(process, channel, tag, options.OutputLimits);
            worker.Drain(process.StandardOutput.BaseStream);
            worker.Drain(process.StandardError.BaseStream);

            var hello = await Frames.ReadAsync(channel, startup.Token);
            if (hello is null || hello.String("kind") != MessageKind.Hello
                || !CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(hello.OptionalString("secret") ?? ""), Encoding.ASCII.GetBytes(secret)))
                throw new WorkerException("The worker did not authenticate on its channel (wrong or missing secret).");
            var ready = await Frames.ReadAsync(channel, startup.Token);
            if (ready is null)
                throw new WorkerException($"The worker exited while starting{worker.DiagnosticSuffix()}");
            if (ready.String("kind") != MessageKind.Ready)
                throw new WorkerException($"The worker sent \"{ready.String("kind")}\" instead of \"ready\".");
            _ = worker.ReadLoopAsync();
            return worker;
        }
        catch (Exception e) when (e is OperationCanceledException or ProtocolException or IOException or SocketException)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var message = e is OperationCanceledException
                ? $"The worker did not start within {Seconds(options.StartupTimeout)} s{worker?.DiagnosticSuffix()}"
                : $"The worker broke the start-up protocol: {e.Message}";
            if (process is not null)
                ProcessTree.Kill(process, tag);
            throw new WorkerException(message, e);
        }
        catch
        {
            if (process is not null)
                ProcessTree.Kill(process, tag);
            throw;
        }
        finally
        {
            if (Directory.Exists(folder))
                Directory.Delete(folder, recursive: true);
        }
    }

    /// <summary>Runs <paramref name="code"/> in the worker, delivering its events in order, and returns how it ended.</summary>
    /// <param name="code">C# script code (a notebook cell).</param>
    /// <param name="onEvent">Receives each event (on a background thread, one at a time); null to ignore them.</param>
    /// <param name="options">Time limit, cell number, execution count.</param>
    /// <param name="cancellationToken">Interrupts: the worker is killed and the result is <see cref="ExecutionStatus.Interrupted"/>.</param>
    /// <returns>The end of the execution; never throws for anything the worker or the code did.</returns>
    public async Task<ExecutionResult> ExecuteAsync(string code, Action<ExecutionEvent>? onEvent, ExecuteOptions? options = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(code);
        options ??= new ExecuteOptions();
        if (options.Timeout is { } t && t <= TimeSpan.Zero)
            throw new ArgumentOutOfRangeException(nameof(options), $"Timeout ({t}) must be positive.");
        await _oneAtATime.WaitAsync(cancellationToken);
        var clock = Stopwatch.StartNew();
        try
        {
            var count = options.ExecutionCount ?? ++_executionCount;
            var cellLimit = _limits.PerExecution;
            long allowance;
            lock (_gate)
                allowance = Math.Max(0, Math.Min(cellLimit, _limits.PerWorker - _shownChars));
            var truncation = allowance < cellLimit
                ? $"Output truncated: the notebook's output exceeded {_limits.PerWorker} characters; the rest was dropped."
                : $"Output truncated: this cell's output exceeded {cellLimit} characters; the rest was dropped.";
            var request = new JsonObject
            {
                ["kind"] = MessageKind.Execute,
                ["code"] = code,
                ["cell"] = options.Cell,
                ["executionCount"] = count,
                ["maxOutputChars"] = allowance,
                ["timeoutMs"] = options.Timeout is { } limit ? (long)limit.TotalMilliseconds : null,
                ["allowInput"] = options.Input is not null,
            };
            var pending = new Pending(MessageKind.Done, onEvent, allowance, truncation) { Input = options.Input };
            var reply = await SendAndWaitAsync(request, pending, options.Timeout, cancellationToken);
            return reply switch
            {
                { Death: { } death } => new ExecutionResult(death.Status,
                    null, death.Status == ExecutionStatus.TimedOut ? $"Cell {options.Cell} exceeded the time limit of {Seconds(options.Timeout!.Value)} s" : death.Message,
                    clock.Elapsed),
                { Message: { } done } when done.String("status") == "ok" => new ExecutionResult(ExecutionStatus.Ok, null, null, clock.Elapsed),
                { Message: { } done } => new ExecutionResult(ExecutionStatus.Error, (int?)done.OptionalInteger("errorLine"),
                    Clip(done.OptionalString("errorMessage") ?? "failed", 4000), clock.Elapsed),
                _ => throw new UnreachableException(),
            };
        }
        finally
        {
            _oneAtATime.Release();
        }
    }

    /// <summary>
    /// Sends any other request (the kernel's <c>complete</c>, <c>inspect</c>, <c>is_complete</c>…; see
    /// <see cref="MessageKind"/>) and returns the worker's <c>reply</c> message, or null when the worker died or the time
    /// limit passed (the worker is then killed).
    /// </summary>
    /// <param name="request">A message with <c>kind</c>; its <c>id</c> is set here.</param>
    /// <param name="onEvent">Receives events of the request, if any.</param>
    /// <param name="timeout">Time limit.</param>
    /// <param name="cancellationToken">Interrupts (kills the worker).</param>
    public async Task<JsonObject?> RequestAsync(JsonObject request, Action<ExecutionEvent>? onEvent, TimeSpan timeout, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        await _oneAtATime.WaitAsync(cancellationToken);
        try
        {
            var pending = new Pending(MessageKind.Reply, onEvent, _limits.PerExecution, "Output truncated.");
            var reply = await SendAndWaitAsync(request, pending, timeout, cancellationToken);
            return reply.Message;
        }
        finally
        {
            _oneAtATime.Release();
        }
    }

    /// <summary>Stops the running request at once: kills the worker's process tree (its state is lost; start a new worker to go on).</summary>
    public void Interrupt() => Die(ExecutionStatus.Interrupted, "Interrupted: the worker was stopped and its state is lost.");

    /// <summary>Kills the worker's whole process tree and releases the channel; returns within a few seconds.</summary>
    public async ValueTask DisposeAsync()
    {
        Die(ExecutionStatus.Interrupted, "The worker was shut down.");
        await Task.Yield();
        _channel.Dispose();
        _process.Dispose();
    }

    private async Task<(JsonObject? Message, (ExecutionStatus Status, string Message)? Death)> SendAndWaitAsync(JsonObject request, Pending pending,
        TimeSpan? timeout, CancellationToken cancellationToken)
    {
        var id = Guid.NewGuid().ToString("N");
        request["id"] = id;
        pending.Id = id;
        lock (_gate)
        {
            if (_death is { } dead)
                return (null, (ExecutionStatus.WorkerExited, $"The worker is not running: {dead.Message}"));
            _pending = pending;
        }
        try
        {
            lock (_writeGate)
                Frames.Write(_channel, request);
        }
        catch (Exception e) when (e is IOException or SocketException or ObjectDisposedException)
        {
            // The worker is gone; the read loop reports how (or the wait below times out).
        }
        using var registration = cancellationToken.Register(Interrupt);
        var finished = await Task.WhenAny(pending.Completion.Task, Task.Delay(timeout ?? Timeout.InfiniteTimeSpan));
        if (finished != pending.Completion.Task)
            Die(ExecutionStatus.TimedOut, "time limit");
        var result = await pending.Completion.Task;
        lock (_gate)
            if (ReferenceEquals(_pending, pending))
                _pending = null;
        pending.End();
        return result;
    }

    private async Task ReadLoopAsync()
    {
        try
        {
            while (true)
            {
                JsonObject? message;
                try
                {
                    message = await Frames.ReadAsync(_channel);
                }
                catch (Exception e) when (e is IOException or SocketException or ObjectDisposedException)
                {
                    message = null;
                }
                if (message is null)
                {
                    if (IsAlive)
                    {
                        var exited = await Task.WhenAny(_process.WaitForExitAsync(), Task.Delay(TimeSpan.FromSeconds(2)));
                        var code = _process.HasExited ? _process.ExitCode.ToString(CultureInfo.InvariantCulture) : "unknown";
                        Die(ExecutionStatus.WorkerExited, $"The worker process exited unexpectedly (exit code {code}){DiagnosticSuffix()}");
                    }
                    return;
                }
                Dispatch(message);
            }
        }
        catch (ProtocolException e)
        {
            Die(ExecutionStatus.ProtocolError, $"The worker broke the protocol: {e.Message}");
        }
        catch (Exception e)
        {
            // An exception from the caller's event handler ends the request, never the process.
            Die(ExecutionStatus.ProtocolError, $"Handling a worker message failed: {e.GetType().Name}: {e.Message}");
        }
    }

    private void Dispatch(JsonObject message)
    {
        var kind = message.String("kind");
        var id = message.String("id");
        Pending? pending;
        lock (_gate)
            pending = _pending;
        if (pending is null || pending.Id != id)
            throw new ProtocolException($"a \"{kind}\" message for request {Clip(id, 40)}, but {(pending is null ? "no request is running" : "another request is running")}");
        switch (kind)
        {
            case MessageKind.Stream:
            {
                var name = message.String("name");
                if (name is not ("stdout" or "stderr"))
                    throw new ProtocolException($"stream name \"{Clip(name, 40)}\" is not stdout or stderr");
                var text = message.String("text");
                var room = Room(pending);
                if (text.Length > room)
                {
                    if (room > 0)
                        Deliver(pending, new StreamEvent(name, text[..(int)room]), room);
                    Truncated(pending);
                }
                else
                {
                    Deliver(pending, new StreamEvent(name, text), text.Length);
                }
                break;
            }
            case MessageKind.DisplayData or MessageKind.UpdateDisplayData or MessageKind.ExecuteResult:
            {
                var data = message.Object("data");
                var size = data.Sum(p => (long)p.Key.Length + (p.Value is JsonValue v && v.TryGetValue<string>(out var s) ? s.Length : p.Value?.ToJsonString().Length ?? 0));
                if (size > Room(pending))
                {
                    Truncated(pending);
                    break;
                }
                var metadata = message.Object("metadata");
                ExecutionEvent e = kind switch
                {
                    MessageKind.DisplayData => new DisplayDataEvent(data, metadata, message.OptionalString("displayId")),
                    MessageKind.UpdateDisplayData => new UpdateDisplayDataEvent(data, metadata, message.String("displayId")),
                    _ => new ExecuteResultEvent((int)message.Integer("executionCount"), data, metadata),
                };
                Deliver(pending, e, size);
                break;
            }
            case MessageKind.Error:
                Deliver(pending, new ErrorEvent(Clip(message.String("ename"), 1000), Clip(message.String("evalue"), 4000),
                    message.Strings("traceback").Take(200).Select(l => Clip(l, 4000)).ToList()), 0);
                break;
            case MessageKind.OutputTruncated:
                Truncated(pending);
                break;
            case MessageKind.InputRequest:
                var password = message["password"] is JsonValue p && p.TryGetValue<bool>(out var hidden) && hidden;
                _ = AnswerInputAsync(pending, id, new InputRequest(Clip(message.OptionalString("prompt") ?? "", 1000), password));
                break;
            case MessageKind.Done or MessageKind.Reply:
                if (kind != pending.EndKind)
                    throw new ProtocolException($"a \"{kind}\" message ended a request that expects \"{pending.EndKind}\"");
                pending.Completion.TrySetResult((message, null));
                break;
            default:
                throw new ProtocolException($"unknown message kind \"{Clip(kind, 40)}\"");
        }
    }

    /// <summary>
    /// Asks <see cref="ExecuteOptions.Input"/> and sends the <see cref="MessageKind.InputReply"/> into the running
    /// execution (the worker's channel reader hands it to the waiting <c>ReadLine</c>); never blocks the read loop.
    /// </summary>
    private async Task AnswerInputAsync(Pending pending, string id, InputRequest request)
    {
        var reply = new JsonObject { ["kind"] = MessageKind.InputReply, ["id"] = id };
        if (pending.Input is not { } input)
        {
            reply["error"] = "This execution does not take input.";
        }
        else
        {
            try
            {
                reply["value"] = await input(request, pending.Ended);
            }
            catch (OperationCanceledException)
            {
                reply["error"] = "The input request was cancelled.";
            }
            catch (Exception e)
            {
                reply["error"] = Clip(e.Message, 4000);
            }
        }
        try
        {
            lock (_writeGate)
                Frames.Write(_channel, reply);
        }
        catch (Exception e) when (e is IOException or SocketException or ObjectDisposedException)
        {
            // The worker is gone (interrupt, exit); the execution has ended already or ends now.
        }
    }

    private long Room(Pending pending)
    {
        lock (_gate)
            return pending.Truncated ? 0 : Math.Max(0, Math.Min(pending.Allowance - pending.Shown, _limits.PerWorker - _shownChars));
    }

    private void Deliver(Pending pending, ExecutionEvent e, long size)
    {
        lock (_gate)
        {
            pending.Shown += size;
            _shownChars += size;
        }
        pending.OnEvent?.Invoke(e);
    }

    private static void Truncated(Pending pending)
    {
        if (pending.Truncated)
            return;
        pending.Truncated = true;
        pending.OnEvent?.Invoke(new OutputTruncatedEvent(pending.TruncationMessage));
    }

    /// <summary>Marks the worker dead (first reason wins), ends the running request with that reason and kills the tree.</summary>
    private void Die(ExecutionStatus status, string message)
    {
        Pending? pending;
        lock (_gate)
        {
            if (_death is not null)
                return;
            _death = (status, message);
            pending = _pending;
        }
        ProcessTree.Kill(_process, _tag);
        try
        {
            _channel.Dispose();
        }
        catch (IOException)
        {
            // Closing a broken socket.
        }
        pending?.Completion.TrySetResult((null, (status, message)));
    }

    private void Drain(Stream stream) => _ = Task.Run(async () =>
    {
        // Read and drop, keeping only the tail: a flood on the real stdout costs a fixed buffer; nobody awaits the end
        // (a grandchild may hold the pipe open forever).
        var buffer = new byte[16 * 1024];
        var decoder = Encoding.UTF8.GetDecoder();
        var chars = new char[buffer.Length + 1];
        try
        {
            int n;
            while ((n = await stream.ReadAsync(buffer)) > 0)
            {
                var count = decoder.GetChars(buffer, 0, n, chars, 0);
                lock (_diagnostics)
                {
                    _diagnostics.Append(chars, 0, count);
                    if (_diagnostics.Length > DiagnosticsChars)
                        _diagnostics.Remove(0, _diagnostics.Length - DiagnosticsChars);
                }
            }
        }
        catch (Exception e) when (e is IOException or ObjectDisposedException)
        {
            // The pipe broke: nothing more to read.
        }
    });

    private string DiagnosticSuffix()
    {
        var first = Diagnostics.Split('\n').Select(l => l.Trim()).FirstOrDefault(l => l.Length > 0);
        return first is null ? "" : ": " + Clip(first, 300);
    }

    private static string Abandon(Process process, WorkerOptions options, CancellationToken cancellationToken, string stage)
    {
        cancellationToken.ThrowIfCancellationRequested();
        if (process.HasExited)
            return $"The worker exited with code {process.ExitCode} before it could {stage}.";
        return $"The worker did not {stage} within {Seconds(options.StartupTimeout)} s.";
    }

    private static Process Launch(WorkerOptions options, string socketPath, string tag)
    {
        var workerDll = typeof(WorkerProcess).Assembly.Location;
        var start = new ProcessStartInfo(DotnetHost())
        {
            WorkingDirectory = Path.GetFullPath(options.WorkingDirectory),
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add("exec");
        start.ArgumentList.Add("--runtimeconfig");
        start.ArgumentList.Add(RuntimeConfig(workerDll));
        start.ArgumentList.Add(workerDll);
        start.ArgumentList.Add(Worker.Verb);
        start.ArgumentList.Add(socketPath);
        if (options.Environment is { } extra)
            foreach (var (name, value) in extra)
                start.Environment[name] = value;
        start.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        start.Environment[ProcessTree.TagVariable] = tag;
        return Process.Start(start) ?? throw new WorkerException("Could not start the worker process.");
    }

    /// <summary>A new folder only this user can enter, with a short path (a Unix socket path has at most ~100 bytes).</summary>
    private static string PrivateFolder()
    {
        var root = OperatingSystem.IsWindows() || !Directory.Exists("/tmp") ? Path.GetTempPath() : "/tmp";
        var folder = Path.Combine(root, "cx-" + Convert.ToHexString(RandomNumberGenerator.GetBytes(8)).ToLowerInvariant());
        if (OperatingSystem.IsWindows())
            Directory.CreateDirectory(folder);
        else
            Directory.CreateDirectory(folder, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        return folder;
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

    private static string Seconds(TimeSpan span) => span.TotalSeconds.ToString("0.###", CultureInfo.InvariantCulture);

    private static string Clip(string text, int max) => text.Length <= max ? text : text[..max] + "…";

    private sealed class Pending(string endKind, Action<ExecutionEvent>? onEvent, long allowance, string truncationMessage)
    {
        private readonly CancellationTokenSource _ended = new();

        public string Id { get; set; } = "";
        public string EndKind { get; } = endKind;
        public Action<ExecutionEvent>? OnEvent { get; } = onEvent;
        public long Allowance { get; } = allowance;
        public string TruncationMessage { get; } = truncationMessage;
        public long Shown { get; set; }
        public bool Truncated { get; set; }
        public Func<InputRequest, CancellationToken, Task<string>>? Input { get; init; }

        /// <summary>Cancelled when the request has ended: an input request still waiting for its answer gives up.</summary>
        public CancellationToken Ended => _ended.Token;

        public void End() => _ended.Cancel();

        public TaskCompletionSource<(JsonObject? Message, (ExecutionStatus Status, string Message)? Death)> Completion { get; } =
            new(TaskCreationOptions.RunContinuationsAsynchronously);
    }
}
