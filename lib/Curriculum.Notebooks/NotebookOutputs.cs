using System.Text.Json.Nodes;

namespace Curriculum.Notebooks;

/// <summary>Builds nbformat output objects (multi-line text stored as lists of lines, as Jupyter writes it).</summary>
public static class NotebookOutputs
{
    /// <summary>A <c>stream</c> output.</summary>
    /// <param name="name"><c>stdout</c> or <c>stderr</c>.</param>
    /// <param name="text">The text written.</param>
    public static JsonObject Stream(string name, string text) => new()
    {
        ["name"] = name,
        ["output_type"] = "stream",
        ["text"] = NotebookCell.SplitLines(text),
    };

    /// <summary>A <c>display_data</c> output.</summary>
    /// <param name="data">MIME type to content, e.g. <c>text/html</c>.</param>
    public static JsonObject DisplayData(IReadOnlyDictionary<string, string> data) => new()
    {
        ["data"] = Data(data),
        ["metadata"] = new JsonObject(),
        ["output_type"] = "display_data",
    };

    /// <summary>A <c>display_data</c> output from a MIME bundle (values copied; strings stored as lists of lines).</summary>
    /// <param name="data">MIME type to content.</param>
    public static JsonObject DisplayData(JsonObject data) => new()
    {
        ["data"] = Data(data),
        ["metadata"] = new JsonObject(),
        ["output_type"] = "display_data",
    };

    /// <summary>An <c>execute_result</c> output from a MIME bundle.</summary>
    /// <param name="executionCount">The cell's execution count.</param>
    /// <param name="data">MIME type to content.</param>
    public static JsonObject ExecuteResult(int executionCount, JsonObject data) => new()
    {
        ["data"] = Data(data),
        ["execution_count"] = executionCount,
        ["metadata"] = new JsonObject(),
        ["output_type"] = "execute_result",
    };

    /// <summary>An <c>execute_result</c> output: the value of a cell's trailing expression.</summary>
    /// <param name="executionCount">The cell's execution count.</param>
    /// <param name="data">MIME type to content.</param>
    public static JsonObject ExecuteResult(int executionCount, IReadOnlyDictionary<string, string> data) => new()
    {
        ["data"] = Data(data),
        ["execution_count"] = executionCount,
        ["metadata"] = new JsonObject(),
        ["output_type"] = "execute_result",
    };

    /// <summary>An <c>error</c> output.</summary>
    /// <param name="ename">The exception type name.</param>
    /// <param name="evalue">The exception message.</param>
    /// <param name="traceback">Lines locating the error, e.g. <c>Cell 3, line 2, column 5: ...</c>.</param>
    public static JsonObject Error(string ename, string evalue, IEnumerable<string> traceback) => new()
    {
        ["ename"] = ename,
        ["evalue"] = evalue,
        ["output_type"] = "error",
        ["traceback"] = new JsonArray(traceback.Select(t => (JsonNode)JsonValue.Create(t)).ToArray()),
    };

    /// <summary>The joined text of an output field stored as a string or a list of lines.</summary>
    /// <param name="node">A <c>text</c> or <c>data[mime]</c> node.</param>
    public static string Text(JsonNode? node) => node switch
    {
        JsonArray lines => string.Concat(lines.Select(l => l?.GetValue<string>() ?? "")),
        JsonValue v when v.TryGetValue<string>(out var s) => s,
        _ => "",
    };

    private static JsonObject Data(JsonObject data)
    {
        var o = new JsonObject();
        foreach (var (mime, content) in data.OrderBy(p => p.Key, StringComparer.Ordinal))
            o[mime] = content is JsonValue v && v.TryGetValue<string>(out var text) ? NotebookCell.SplitLines(text) : content?.DeepClone();
        return o;
    }

    private static JsonObject Data(IReadOnlyDictionary<string, string> data)
    {
        var o = new JsonObject();
        foreach (var (mime, content) in data.OrderBy(p => p.Key, StringComparer.Ordinal))
            o[mime] = NotebookCell.SplitLines(content);
        return o;
    }
}
