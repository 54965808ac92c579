using System.Text;
using System.Text.Json.Nodes;

namespace Curriculum.Notebooks.Scripting;

/// <summary>
/// Gathers one cell's outputs in the order they happen: console text is merged into <c>stream</c> outputs,
/// and a display between two writes starts a new stream output after it.
/// </summary>
internal sealed class OutputCollector
{
    private readonly object _gate = new();
    private readonly List<JsonObject> _outputs = [];
    private readonly StringBuilder _pending = new();
    private string? _pendingStream;

    public TextWriter StdOut => new StreamWriterAdapter(this, "stdout");

    public TextWriter StdErr => new StreamWriterAdapter(this, "stderr");

    public void Write(string stream, string text)
    {
        if (text.Length == 0)
            return;
        lock (_gate)
        {
            if (_pendingStream != stream)
                FlushPending();
            _pendingStream = stream;
            _pending.Append(text);
        }
    }

    public void Add(JsonObject output)
    {
        lock (_gate)
        {
            FlushPending();
            _outputs.Add(output);
        }
    }

    public List<JsonObject> TakeAll()
    {
        lock (_gate)
        {
            FlushPending();
            var all = _outputs.ToList();
            _outputs.Clear();
            return all;
        }
    }

    /// <summary>Copies of the outputs so far, pending console text included, without clearing them.</summary>
    public List<JsonObject> Snapshot()
    {
        lock (_gate)
        {
            var all = _outputs.Select(o => (JsonObject)o.DeepClone()).ToList();
            if (_pendingStream is not null && _pending.Length > 0)
                all.Add(NotebookOutputs.Stream(_pendingStream, _pending.ToString()));
            return all;
        }
    }

    private void FlushPending()
    {
        if (_pendingStream is not null && _pending.Length > 0)
            _outputs.Add(NotebookOutputs.Stream(_pendingStream, _pending.ToString()));
        _pending.Clear();
        _pendingStream = null;
    }

    private sealed class StreamWriterAdapter(OutputCollector owner, string stream) : TextWriter
    {
        public override Encoding Encoding => Encoding.UTF8;

        public override void Write(char value) => owner.Write(stream, value.ToString());

        public override void Write(string? value) => owner.Write(stream, value ?? "");

        public override void Write(char[] buffer, int index, int count) => owner.Write(stream, new string(buffer, index, count));

        public override void WriteLine(string? value) => owner.Write(stream, (value ?? "") + "\n");

        public override void WriteLine() => owner.Write(stream, "\n");
    }
}
