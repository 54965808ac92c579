using System.Collections.Concurrent;
using System.Net.Sockets;
using System.Text;
using System.Text.Json.Nodes;
using Curriculum.Execution.Engine;
using Curriculum.Execution.Protocol;

namespace Curriculum.Execution;

/// <summary>
/// The worker process (<c>dotnet Curriculum.Execution.dll --execution-worker SOCKET</c>, started by
/// <see cref="WorkerProcess"/>). It reads the per-run secret from the first line of its stdin, connects to the parent's
/// Unix socket, says <c>hello</c> with the secret, starts the engine and then serves requests one at a time. Cell code
/// never sees the channel: <see cref="Console.Out"/>/<see cref="Console.Error"/> are captured into <c>stream</c> events,
/// and the process's real stdout/stderr (native code, child processes) only reach the parent's diagnostics.
/// </summary>
internal static class Worker
{
    public const string Verb = "--execution-worker";

    public static int Main(string[] args)
    {
        if (args.Length != 2 || args[0] != Verb)
        {
            Console.Error.WriteLine($"usage: Curriculum.Execution {Verb} <socket>   (started by WorkerProcess; the secret comes on stdin)");
            return 2;
        }
        ProcessTree.BecomeSessionLeaderAndSubreaper();
        var secret = Console.In.ReadLine() ?? "";
        Console.SetIn(TextReader.Null);

        var socket = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        socket.Connect(new UnixDomainSocketEndPoint(args[1]));
        using var stream = new NetworkStream(socket, ownsSocket: true);
        var channel = new WorkerChannel(stream);
        channel.Send(new JsonObject { ["kind"] = MessageKind.Hello, ["secret"] = secret, ["pid"] = Environment.ProcessId });
        secret = null;

        var output = new WorkerOutput(channel);
        var input = new WorkerInput(output);
        Console.SetOut(output.StdOut);
        Console.SetError(output.StdErr);
        Console.SetIn(input);
        var engine = new ScriptEngine(Environment.CurrentDirectory, output);
        engine.StartAsync().GetAwaiter().GetResult();
        channel.Send(new JsonObject { ["kind"] = MessageKind.Ready });

        // One reader for the channel: input replies reach the cell that waits in ReadLine while it runs; requests queue
        // for this thread, which serves them one at a time.
        var requests = new BlockingCollection<JsonObject>();
        Exception? broken = null;
        var reader = new Thread(() =>
        {
            try
            {
                while (Frames.ReadAsync(stream).GetAwaiter().GetResult() is { } message)
                {
                    if (message.String("kind") == MessageKind.InputReply)
                        input.Answer(message);
                    else
                        requests.Add(message);
                }
            }
            catch (Exception e)
            {
                broken = e;
            }
            finally
            {
                input.ChannelClosed();
                requests.CompleteAdding();
            }
        }) { IsBackground = true, Name = "channel reader" };
        reader.Start();

        foreach (var request in requests.GetConsumingEnumerable())
        {
            var kind = request.String("kind");
            var id = request.String("id");
            switch (kind)
            {
                case MessageKind.Execute:
                {
                    var cell = (int)(request.OptionalInteger("cell") ?? 1);
                    var executionCount = (int)(request.OptionalInteger("executionCount") ?? 1);
                    var timeoutMs = request.OptionalInteger("timeoutMs");
                    output.Begin(id, request.OptionalInteger("maxOutputChars") ?? long.MaxValue);
                    input.Begin(request["allowInput"] is JsonValue allow && allow.TryGetValue<bool>(out var allowed) && allowed);
                    CellExecution result;
                    try
                    {
                        var deadline = timeoutMs is { } ms ? DateTime.UtcNow.AddMilliseconds(ms) : (DateTime?)null;
                        result = engine.ExecuteAsync(cell, executionCount, request.String("code"), deadline).GetAwaiter().GetResult();
                    }
                    finally
                    {
                        input.End();
                        output.End();
                    }
                    channel.Send(new JsonObject
                    {
                        ["kind"] = MessageKind.Done,
                        ["id"] = id,
                        ["status"] = result.Failed ? "error" : "ok",
                        ["errorLine"] = result.ErrorLine,
                        ["errorMessage"] = result.ErrorMessage,
                    });
                    break;
                }
                case MessageKind.Shutdown:
                    channel.Send(new JsonObject { ["kind"] = MessageKind.Reply, ["id"] = id });
                    return 0;
                default:
                    channel.Send(new JsonObject { ["kind"] = MessageKind.Reply, ["id"] = id, ["error"] = $"unknown request kind \"{kind}\"" });
                    break;
            }
        }
        if (broken is null)
            return 0;
        // Console.Error is the cell's; the real stderr feeds the parent's diagnostics.
        using var stderr = new StreamWriter(Console.OpenStandardError());
        stderr.WriteLine($"the channel broke: {broken.Message}");
        return 1;
    }
}

/// <summary>The worker's end of the channel: whole frames, one writer at a time.</summary>
internal sealed class WorkerChannel(Stream stream)
{
    private readonly object _gate = new();

    public void Send(JsonObject message)
    {
        lock (_gate)
            Frames.Write(stream, message);
    }
}

/// <summary>
/// The running request's output in the worker: console text batched into <c>stream</c> events (flushed at 32 K chars, on
/// a display and every 100 ms, so a cell that hangs after printing has shown what it printed), displays and results sent
/// at once, and everything beyond the allowance the parent gave dropped here with one <c>output_truncated</c>.
/// </summary>
internal sealed class WorkerOutput : IEngineOutput
{
    private const int ChunkChars = 32 * 1024;
    private readonly WorkerChannel _channel;
    private readonly object _gate = new();
    private readonly StringBuilder _pending = new();
    private readonly Timer _timer;
    private string? _pendingName;
    private string? _id;
    private long _allowance;
    private bool _truncated;

    public WorkerOutput(WorkerChannel channel)
    {
        _channel = channel;
        _timer = new Timer(_ => Flush(), null, 100, 100);
    }

    public TextWriter StdOut => new Writer(this, "stdout");

    public TextWriter StdErr => new Writer(this, "stderr");

    public void Begin(string id, long allowance)
    {
        lock (_gate)
        {
            _id = id;
            _allowance = Math.Max(0, allowance);
            _truncated = false;
            _pending.Clear();
            _pendingName = null;
        }
    }

    public void End()
    {
        lock (_gate)
        {
            FlushLocked();
            _id = null;
        }
    }

    public void Write(string name, string text)
    {
        lock (_gate)
        {
            if (_id is null || text.Length == 0)
                return; // between requests (a background thread): nobody to show it to
            if (_pendingName != name)
                FlushLocked();
            _pendingName = name;
            var room = _allowance - _pending.Length;
            if (room < text.Length)
            {
                _pending.Append(text.AsSpan(0, (int)Math.Max(0, room)));
                FlushLocked();
                Truncate();
                return;
            }
            _pending.Append(text);
            if (_pending.Length >= ChunkChars)
                FlushLocked();
        }
    }

    /// <summary>Flushes the console text so far and sends <paramref name="message"/> for the running request; false between requests.</summary>
    public bool SendForRunning(JsonObject message)
    {
        lock (_gate)
        {
            if (_id is null)
                return false;
            FlushLocked();
            message["id"] = _id;
            _channel.Send(message);
            return true;
        }
    }

    public void Display(IReadOnlyDictionary<string, string> data, string displayId, bool update) =>
        SendSized(new JsonObject
        {
            ["kind"] = update ? MessageKind.UpdateDisplayData : MessageKind.DisplayData,
            ["data"] = Bundle(data),
            ["metadata"] = new JsonObject(),
            ["displayId"] = displayId,
        }, data);

    public void Result(int executionCount, IReadOnlyDictionary<string, string> data) =>
        SendSized(new JsonObject
        {
            ["kind"] = MessageKind.ExecuteResult,
            ["executionCount"] = executionCount,
            ["data"] = Bundle(data),
            ["metadata"] = new JsonObject(),
        }, data);

    public void Error(string ename, string evalue, IReadOnlyList<string> traceback)
    {
        lock (_gate)
        {
            FlushLocked();
            Send(new JsonObject
            {
                ["kind"] = MessageKind.Error,
                ["ename"] = Clip(ename, 1000),
                ["evalue"] = Clip(evalue, 4000),
                ["traceback"] = new JsonArray(traceback.Take(200).Select(t => (JsonNode)JsonValue.Create(Clip(t, 4000))).ToArray()),
            });
        }
    }

    private void Flush()
    {
        lock (_gate)
            FlushLocked();
    }

    private void SendSized(JsonObject message, IReadOnlyDictionary<string, string> data)
    {
        lock (_gate)
        {
            FlushLocked();
            if (_id is null || _truncated)
                return;
            var size = data.Sum(p => (long)p.Key.Length + p.Value.Length);
            if (size > _allowance)
            {
                Truncate();
                return;
            }
            _allowance -= size;
            Send(message);
        }
    }

    private void FlushLocked()
    {
        if (_pendingName is null || _pending.Length == 0 || _id is null)
        {
            _pending.Clear();
            return;
        }
        var text = _pending.ToString();
        _pending.Clear();
        _allowance -= text.Length;
        Send(new JsonObject { ["kind"] = MessageKind.Stream, ["name"] = _pendingName, ["text"] = text });
    }

    private void Truncate()
    {
        if (_truncated)
            return;
        _truncated = true;
        _allowance = 0;
        Send(new JsonObject { ["kind"] = MessageKind.OutputTruncated });
    }

    private void Send(JsonObject message)
    {
        if (_id is null)
            return;
        message["id"] = _id;
        _channel.Send(message);
    }

    private static JsonObject Bundle(IReadOnlyDictionary<string, string> data)
    {
        var bundle = new JsonObject();
        foreach (var (mime, content) in data.OrderBy(p => p.Key, StringComparer.Ordinal))
            bundle[mime] = content;
        return bundle;
    }

    private static string Clip(string text, int max) => text.Length <= max ? text : text[..max] + "…";

    private sealed class Writer(WorkerOutput owner, string name) : TextWriter
    {
        public override Encoding Encoding => Encoding.UTF8;

        public override void Write(char value) => owner.Write(name, value.ToString());

        public override void Write(string? value) => owner.Write(name, value ?? "");

        public override void Write(char[] buffer, int index, int count) => owner.Write(name, new string(buffer, index, count));

        public override void Write(ReadOnlySpan<char> buffer) => owner.Write(name, new string(buffer));

        public override void WriteLine(string? value) => owner.Write(name, (value ?? "") + "\n");

        public override void WriteLine() => owner.Write(name, "\n");
    }
}

/// <summary>
/// The cell's <see cref="Console.In"/>: while an execution that allows input runs, each line is asked of the parent
/// (<c>input_request</c>, answered by <c>input_reply</c> through the channel reader) and the reading thread waits for
/// it; otherwise reading throws <see cref="InputNotAvailableException"/> at once, so a headless run never hangs.
/// </summary>
internal sealed class WorkerInput(WorkerOutput output) : TextReader
{
    private readonly object _gate = new();
    private bool _allowed;
    private bool _closed;
    private TaskCompletionSource<JsonObject?>? _waiting;
    private string _line = "";
    private int _position;

    public void Begin(bool allowed)
    {
        lock (_gate)
        {
            _allowed = allowed;
            _line = "";
            _position = 0;
        }
    }

    public void End()
    {
        lock (_gate)
            _allowed = false;
    }

    /// <summary>An <c>input_reply</c> from the parent (on the channel reader's thread).</summary>
    public void Answer(JsonObject reply)
    {
        lock (_gate)
            _waiting?.TrySetResult(reply);
    }

    /// <summary>The channel closed: a waiting read fails instead of waiting forever.</summary>
    public void ChannelClosed()
    {
        lock (_gate)
        {
            _closed = true;
            _waiting?.TrySetResult(null);
        }
    }

    public override string? ReadLine()
    {
        lock (_gate)
        {
            if (_position < _line.Length)
            {
                var rest = _line[_position..].TrimEnd('\n');
                _position = _line.Length;
                return rest;
            }
        }
        return Ask();
    }

    public override int Peek()
    {
        Fill();
        lock (_gate)
            return _line[_position];
    }

    public override int Read()
    {
        Fill();
        lock (_gate)
            return _line[_position++];
    }

    public override int Read(char[] buffer, int index, int count)
    {
        ArgumentNullException.ThrowIfNull(buffer);
        if (count == 0)
            return 0;
        Fill();
        lock (_gate)
        {
            var n = Math.Min(count, _line.Length - _position);
            _line.CopyTo(_position, buffer, index, n);
            _position += n;
            return n;
        }
    }

    public override string ReadToEnd()
    {
        lock (_gate)
            if (!_allowed)
                throw new InputNotAvailableException();
        throw new NotSupportedException("Console.In has no end in a notebook: read lines with Console.ReadLine().");
    }

    /// <summary>Reads a new line (with its \n) when the last one is used up.</summary>
    private void Fill()
    {
        lock (_gate)
            if (_position < _line.Length)
                return;
        var line = Ask() + "\n";
        lock (_gate)
        {
            _line = line;
            _position = 0;
        }
    }

    private string Ask()
    {
        TaskCompletionSource<JsonObject?> waiting;
        lock (_gate)
        {
            if (!_allowed)
                throw new InputNotAvailableException();
            if (_closed)
                throw new IOException("The channel to the kernel is closed: no input can arrive.");
            if (_waiting is not null)
                throw new InvalidOperationException("Another thread of this cell is already waiting for input.");
            _waiting = waiting = new TaskCompletionSource<JsonObject?>(TaskCreationOptions.RunContinuationsAsynchronously);
        }
        try
        {
            if (!output.SendForRunning(new JsonObject { ["kind"] = MessageKind.InputRequest, ["prompt"] = "", ["password"] = false }))
                throw new InputNotAvailableException();
            var reply = waiting.Task.GetAwaiter().GetResult()
                ?? throw new IOException("The channel to the kernel closed while this cell waited for input.");
            if (reply.OptionalString("error") is { } error)
                throw new InputNotAvailableException(error);
            return reply.OptionalString("value") ?? "";
        }
        finally
        {
            lock (_gate)
                _waiting = null;
        }
    }
}
