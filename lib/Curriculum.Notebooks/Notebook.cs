using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Curriculum.Notebooks;

/// <summary>
/// An nbformat 4 notebook (<c>.ipynb</c>). Metadata is kept as JSON so that keys this model does not know survive a
/// read/write round trip; cells are typed views over their JSON objects.
/// </summary>
public sealed class Notebook
{
    private static readonly JsonSerializerOptions WriteOptions = new()
    {
        WriteIndented = true,
        IndentSize = 1,
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    private Notebook(JsonObject root, List<NotebookCell> cells)
    {
        Root = root;
        Cells = cells;
    }

    /// <summary>The whole document as JSON; <see cref="Cells"/> replaces its <c>cells</c> array when written.</summary>
    internal JsonObject Root { get; }

    /// <summary>The cells in document order.</summary>
    public List<NotebookCell> Cells { get; }

    /// <summary>The notebook-level metadata (kernelspec, language_info, polyglot_notebook, and anything else).</summary>
    public JsonObject Metadata => (JsonObject)(Root["metadata"] ??= new JsonObject());

    /// <summary>The nbformat major version (4).</summary>
    public int NbFormat => Root["nbformat"]?.GetValue<int>() ?? 0;

    /// <summary>The nbformat minor version (5 for notebooks with cell ids).</summary>
    public int NbFormatMinor => Root["nbformat_minor"]?.GetValue<int>() ?? 0;

    /// <summary>The code cells in document order.</summary>
    public IEnumerable<NotebookCell> CodeCells => Cells.Where(c => c.IsCode);

    /// <summary>The text of the first Markdown heading in the notebook, or null if it has none.</summary>
    public string? Title
    {
        get
        {
            foreach (var cell in Cells.Where(c => c.CellType == "markdown"))
            {
                foreach (var line in cell.Source.Split('\n'))
                {
                    var trimmed = line.Trim();
                    if (trimmed.StartsWith('#'))
                        return trimmed.TrimStart('#').Trim();
                }
            }
            return null;
        }
    }

    /// <summary>Creates an empty nbformat 4.5 notebook with the metadata VS Code needs to open it as a C# notebook.</summary>
    public static Notebook CreateCSharp()
    {
        var root = new JsonObject
        {
            ["cells"] = new JsonArray(),
            ["metadata"] = PolyglotMetadata.NotebookMetadata(),
            ["nbformat"] = 4,
            ["nbformat_minor"] = 5,
        };
        return new Notebook(root, []);
    }

    /// <summary>Reads a notebook from a file.</summary>
    /// <param name="path">Path of the <c>.ipynb</c> file.</param>
    /// <exception cref="FileNotFoundException">The file does not exist.</exception>
    /// <exception cref="NotebookFormatException">The file is not valid JSON or not an nbformat 4 notebook.</exception>
    public static Notebook Load(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        if (!File.Exists(path))
            throw new FileNotFoundException($"Notebook not found: {path}", path);
        try
        {
            return Parse(DecodeUtf8(File.ReadAllBytes(path)));
        }
        catch (NotebookFormatException e)
        {
            throw new NotebookFormatException($"{path}: {e.Message}");
        }
    }

    /// <summary>Strict UTF-8 (a BOM is skipped): invalid bytes are an error naming their offset, never silently replaced.</summary>
    private static string DecodeUtf8(byte[] bytes)
    {
        var span = bytes.AsSpan();
        if (span.StartsWith((ReadOnlySpan<byte>)[0xEF, 0xBB, 0xBF]))
            span = span[3..];
        var chars = new char[span.Length];
        var status = System.Text.Unicode.Utf8.ToUtf16(span, chars, out var read, out var written, replaceInvalidSequences: false);
        if (status != System.Buffers.OperationStatus.Done)
            throw new NotebookFormatException($"not valid UTF-8 at byte {read + (bytes.Length - span.Length)}");
        return new string(chars, 0, written);
    }

    /// <summary>Parses notebook JSON.</summary>
    /// <param name="json">The text of an <c>.ipynb</c> file.</param>
    /// <exception cref="NotebookFormatException">The text is not valid JSON or not an nbformat 4 notebook.</exception>
    public static Notebook Parse(string json)
    {
        ArgumentNullException.ThrowIfNull(json);
        JsonNode? node;
        try
        {
            node = JsonNode.Parse(json, documentOptions: new JsonDocumentOptions { AllowTrailingCommas = false });
        }
        catch (JsonException e)
        {
            var where = e.LineNumber is { } line ? $" at line {line + 1}, column {e.BytePositionInLine + 1}" : "";
            throw new NotebookFormatException($"not valid JSON{where}");
        }
        if (node is not JsonObject root)
            throw new NotebookFormatException("not a notebook: the top level is not a JSON object");
        if (root["nbformat"] is not JsonValue version || !version.TryGetValue<int>(out var major))
            throw new NotebookFormatException("not a notebook: there is no \"nbformat\" version");
        if (major != 4)
            throw new NotebookFormatException($"nbformat {major} is not supported; only nbformat 4 is");
        if (root["cells"] is not JsonArray cellArray)
            throw new NotebookFormatException("not a notebook: there is no \"cells\" array");
        if (root["nbformat_minor"] is { } minor && (minor is not JsonValue m || !m.TryGetValue<int>(out _)))
            throw new NotebookFormatException("\"nbformat_minor\" is not an integer");
        if (root["metadata"] is { } metadata && metadata is not JsonObject)
            throw new NotebookFormatException($"the notebook's \"metadata\" is a {Kind(metadata)}, not an object");

        var cells = new List<NotebookCell>(cellArray.Count);
        for (var i = 0; i < cellArray.Count; i++)
        {
            if (cellArray[i] is not JsonObject cellObject)
                throw new NotebookFormatException($"cell {i + 1} is not a JSON object");
            if (cellObject["cell_type"] is not JsonValue type || type.GetValueKind() != JsonValueKind.String)
                throw new NotebookFormatException($"cell {i + 1} has no \"cell_type\"");
            if (cellObject["source"] is { } source && !(source.GetValueKind() == JsonValueKind.String
                                                         || source is JsonArray lines && lines.All(l => l?.GetValueKind() == JsonValueKind.String)))
                throw new NotebookFormatException($"cell {i + 1} has a \"source\" that is neither a string nor a list of strings");
            if (cellObject["metadata"] is { } cellMetadata && cellMetadata is not JsonObject)
                throw new NotebookFormatException($"cell {i + 1} has \"metadata\" that is a {Kind(cellMetadata)}, not an object");
            if (cellObject["outputs"] is { } outputs && outputs is not JsonArray)
                throw new NotebookFormatException($"cell {i + 1} has \"outputs\" that is a {Kind(outputs)}, not a list");
            if (cellObject["id"] is { } id && id.GetValueKind() != JsonValueKind.String)
                throw new NotebookFormatException($"cell {i + 1} has an \"id\" that is a {Kind(id)}, not a string");
            if (cellObject["execution_count"] is { } count && (count is not JsonValue c || !c.TryGetValue<int>(out _)))
                throw new NotebookFormatException($"cell {i + 1} has an \"execution_count\" that is not an integer or null");
            cells.Add(new NotebookCell((JsonObject)cellObject.DeepClone()));
        }
        root.Remove("cells");
        return new Notebook((JsonObject)root.DeepClone(), cells);
    }

    private static string Kind(JsonNode node) => node.GetValueKind() switch
    {
        JsonValueKind.Array => "list",
        JsonValueKind.String => "string",
        JsonValueKind.Number => "number",
        JsonValueKind.True or JsonValueKind.False => "boolean",
        _ => node.GetValueKind().ToString().ToLowerInvariant(),
    };

    /// <summary>A deep copy of this notebook.</summary>
    public Notebook Clone() => Parse(ToJson());

    /// <summary>Serializes the notebook the way Jupyter does: keys sorted, one-space indent, sources as line lists, a trailing newline.</summary>
    public string ToJson()
    {
        var root = new JsonObject();
        foreach (var (key, value) in Root)
            root[key] = value?.DeepClone();
        root["cells"] = new JsonArray(Cells.Select(c => (JsonNode)c.ToJsonObject()).ToArray());
        var sorted = SortKeys(root)!;
        return sorted.ToJsonString(WriteOptions).Replace("\r\n", "\n") + "\n";
    }

    /// <summary>Writes the notebook to a file (UTF-8 without BOM), creating its folder if needed.</summary>
    /// <param name="path">Destination path.</param>
    public void Save(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        var folder = Path.GetDirectoryName(Path.GetFullPath(path));
        if (folder is not null)
            Directory.CreateDirectory(folder);
        File.WriteAllText(path, ToJson(), new UTF8Encoding(false));
    }

    private static JsonNode? SortKeys(JsonNode? node) => node switch
    {
        JsonObject o => new JsonObject(o.OrderBy(p => p.Key, StringComparer.Ordinal)
            .Select(p => KeyValuePair.Create(p.Key, SortKeys(p.Value)))),
        JsonArray a => new JsonArray(a.Select(SortKeys).ToArray()),
        _ => node?.DeepClone(),
    };
}

/// <summary>One notebook cell: a typed view over its nbformat JSON object.</summary>
public sealed class NotebookCell
{
    private readonly JsonObject _json;

    internal NotebookCell(JsonObject json)
    {
        _json = json;
    }

    /// <summary>Creates a C# code cell with the Polyglot metadata and a fresh id.</summary>
    /// <param name="source">The cell's C# source.</param>
    /// <param name="tags">Optional nbformat tags, e.g. <c>plot</c> for a cell that must produce a plot.</param>
    public static NotebookCell Code(string source, params string[] tags)
    {
        var metadata = PolyglotMetadata.CodeCellMetadata();
        if (tags.Length > 0)
            metadata["tags"] = new JsonArray(tags.Select(t => (JsonNode)JsonValue.Create(t)).ToArray());
        return new NotebookCell(new JsonObject
        {
            ["cell_type"] = "code",
            ["execution_count"] = null,
            ["id"] = NewId(),
            ["metadata"] = metadata,
            ["outputs"] = new JsonArray(),
            ["source"] = source,
        });
    }

    /// <summary>Creates a Markdown cell with a fresh id.</summary>
    /// <param name="source">The cell's Markdown text.</param>
    public static NotebookCell Markdown(string source) => new(new JsonObject
    {
        ["cell_type"] = "markdown",
        ["id"] = NewId(),
        ["metadata"] = new JsonObject(),
        ["source"] = source,
    });

    private static string NewId() => Guid.NewGuid().ToString("N")[..8];

    /// <summary>The nbformat cell type: <c>code</c>, <c>markdown</c> or <c>raw</c>.</summary>
    public string CellType => _json["cell_type"]?.GetValue<string>() ?? "";

    /// <summary>True for code cells.</summary>
    public bool IsCode => CellType == "code";

    /// <summary>The cell id (required from nbformat 4.5), or null when missing.</summary>
    public string? Id
    {
        get => _json["id"] is JsonValue v && v.TryGetValue<string>(out var s) ? s : null;
        set => _json["id"] = value;
    }

    /// <summary>The cell's source text (nbformat stores it as a string or a list of lines; this joins them).</summary>
    public string Source
    {
        get => _json["source"] switch
        {
            JsonArray lines => string.Concat(lines.Select(l => l?.GetValue<string>() ?? "")),
            JsonValue text => text.GetValue<string>(),
            _ => "",
        };
        set => _json["source"] = value;
    }

    /// <summary>The cell's metadata object (created when missing).</summary>
    public JsonObject Metadata => (JsonObject)(_json["metadata"] ??= new JsonObject());

    /// <summary>The nbformat tags in the cell metadata.</summary>
    public IReadOnlyList<string> Tags => Metadata["tags"] is JsonArray tags
        ? tags.Select(t => t is JsonValue v && v.TryGetValue<string>(out var s) ? s : "").Where(s => s.Length > 0).ToList()
        : [];

    /// <summary>The outputs of a code cell (empty for other cells). Each is an nbformat output object.</summary>
    public JsonArray Outputs => IsCode ? (JsonArray)(_json["outputs"] ??= new JsonArray()) : new JsonArray();

    /// <summary>The execution count of a code cell, or null if it has not been executed.</summary>
    public int? ExecutionCount
    {
        get => _json["execution_count"] is JsonValue v && v.TryGetValue<int>(out var n) ? n : null;
        set => _json["execution_count"] = value;
    }

    /// <summary>True when the cell JSON has the named key (used by the lint).</summary>
    internal bool Has(string key) => _json.ContainsKey(key);

    /// <summary>Replaces the outputs with the given ones (copied).</summary>
    internal void SetOutputs(IEnumerable<JsonObject> outputs) =>
        _json["outputs"] = new JsonArray(outputs.Select(o => (JsonNode)o.DeepClone()).ToArray());

    internal JsonObject ToJsonObject()
    {
        var copy = (JsonObject)_json.DeepClone();
        if (copy["source"] is JsonValue text)
            copy["source"] = SplitLines(text.GetValue<string>());
        return copy;
    }

    /// <summary>Splits text into lines that keep their <c>\n</c>, as Jupyter stores multi-line strings.</summary>
    internal static JsonArray SplitLines(string text)
    {
        var lines = new JsonArray();
        var start = 0;
        while (start < text.Length)
        {
            var end = text.IndexOf('\n', start);
            var next = end < 0 ? text.Length : end + 1;
            lines.Add(text[start..next]);
            start = next;
        }
        return lines;
    }
}

/// <summary>The notebook is not valid JSON or not an nbformat 4 notebook. The message is one line, fit for a CLI.</summary>
public sealed class NotebookFormatException : Exception
{
    /// <summary>Creates the exception.</summary>
    /// <param name="message">One line saying what is wrong.</param>
    public NotebookFormatException(string message) : base(message)
    {
    }
}

/// <summary>The metadata that makes VS Code open a notebook as a C# (Polyglot) notebook.</summary>
public static class PolyglotMetadata
{
    /// <summary>The kernelspec name.</summary>
    public const string KernelSpecName = ".net-csharp";

    /// <summary>The kernel name used for C# cells.</summary>
    public const string KernelName = "csharp";

    /// <summary>Notebook-level metadata: kernelspec, language_info and polyglot_notebook.kernelInfo.</summary>
    public static JsonObject NotebookMetadata() => new()
    {
        ["kernelspec"] = new JsonObject
        {
            ["display_name"] = ".NET (C#)",
            ["language"] = "C#",
            ["name"] = KernelSpecName,
        },
        ["language_info"] = new JsonObject { ["name"] = "polyglot-notebook" },
        ["polyglot_notebook"] = new JsonObject
        {
            ["kernelInfo"] = new JsonObject
            {
                ["defaultKernelName"] = KernelName,
                ["items"] = new JsonArray(new JsonObject { ["aliases"] = new JsonArray(), ["name"] = KernelName }),
            },
        },
    };

    /// <summary>Code-cell metadata: dotnet_interactive.language and polyglot_notebook.kernelName.</summary>
    public static JsonObject CodeCellMetadata() => new()
    {
        ["dotnet_interactive"] = new JsonObject { ["language"] = KernelName },
        ["polyglot_notebook"] = new JsonObject { ["kernelName"] = KernelName },
    };
}
