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
        Console.SetOut(output.StdOut);
        Console.SetError(output.StdErr);
        var engine = new ScriptEngine(Environment.CurrentDirectory, output);
        engine.StartAsync().GetAwaiter().GetResult();
        channel.Send(new JsonObject { ["kind"] = MessageKind.Ready });

        while (Frames.ReadAsync(stream).GetAwaiter().GetResult() is { } request)
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
                    CellExecution result;
                    try
                    {
                        var deadline = timeoutMs is { } ms ? DateTime.UtcNow.AddMilliseconds(ms) : (DateTime?)null;
                        result = engine.ExecuteAsync(cell, executionCount, request.String("code"), deadline).GetAwaiter().GetResult();
                    }
                    finally
                    {
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
        return 0;
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
