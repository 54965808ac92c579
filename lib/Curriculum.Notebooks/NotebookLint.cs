using System.Text.Json.Nodes;

namespace Curriculum.Notebooks;

/// <summary>One format problem found by <see cref="NotebookLint"/>.</summary>
/// <param name="Cell">1-based cell position, or null for a notebook-level problem.</param>
/// <param name="Message">What is wrong, in one line.</param>
public sealed record LintProblem(int? Cell, string Message)
{
    /// <inheritdoc />
    public override string ToString() => Cell is { } n ? $"cell {n}: {Message}" : Message;
}

/// <summary>
/// The format rules for committed source notebooks: nbformat 4.5, Polyglot C# metadata, unique cell ids,
/// C# kernel names on code cells, and no outputs or execution counts.
/// </summary>
public static class NotebookLint
{
    /// <summary>Checks a notebook and returns every problem found (empty when it is clean).</summary>
    /// <param name="notebook">The notebook to check.</param>
    public static IReadOnlyList<LintProblem> Check(Notebook notebook)
    {
        ArgumentNullException.ThrowIfNull(notebook);
        var problems = new List<LintProblem>();
        void Add(int? cell, string message) => problems.Add(new LintProblem(cell, message));

        if (notebook.NbFormat != 4 || notebook.NbFormatMinor < 5)
            Add(null, $"nbformat is {notebook.NbFormat}.{notebook.NbFormatMinor} but must be 4.5 or later (cell ids)");

        var metadata = notebook.Metadata;
        ExpectString(metadata, ["kernelspec", "name"], PolyglotMetadata.KernelSpecName, null, Add);
        ExpectString(metadata, ["kernelspec", "display_name"], ".NET (C#)", null, Add);
        ExpectString(metadata, ["kernelspec", "language"], "C#", null, Add);
        // A Jupyter front end saving a notebook writes the running kernel's language_info: "C#" from the curriculum's kernel.
        if (At(metadata, ["language_info", "name"]) is not JsonValue { } savedBy || !savedBy.TryGetValue<string>(out var language) || language != "C#")
            ExpectString(metadata, ["language_info", "name"], "polyglot-notebook", null, Add);
        ExpectString(metadata, ["polyglot_notebook", "kernelInfo", "defaultKernelName"], PolyglotMetadata.KernelName, null, Add);
        var items = At(metadata, ["polyglot_notebook", "kernelInfo", "items"]) as JsonArray;
        if (items is null || !items.Any(i => i is JsonObject item && item["name"] is JsonValue name
                                             && name.TryGetValue<string>(out var text) && text == PolyglotMetadata.KernelName))
            Add(null, "metadata.polyglot_notebook.kernelInfo.items must list the \"csharp\" kernel");

        var ids = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < notebook.Cells.Count; i++)
        {
            var cell = notebook.Cells[i];
            var n = i + 1;
            if (cell.Id is not { Length: > 0 } id)
                Add(n, "has no id");
            else if (!ids.Add(id))
                Add(n, $"id \"{id}\" is used by an earlier cell");

            if (!cell.IsCode)
            {
                if (cell.Has("outputs"))
                    Add(n, $"is a {cell.CellType} cell but has \"outputs\"");
                continue;
            }
            if (cell.Outputs.Count > 0)
                Add(n, $"has {cell.Outputs.Count} output(s); commit notebooks without outputs");
            if (cell.ExecutionCount is not null)
                Add(n, $"has execution_count {cell.ExecutionCount}; commit notebooks without outputs");
            ExpectString(cell.Metadata, ["dotnet_interactive", "language"], PolyglotMetadata.KernelName, n, Add);
            ExpectString(cell.Metadata, ["polyglot_notebook", "kernelName"], PolyglotMetadata.KernelName, n, Add);
        }
        return problems;
    }

    private static void ExpectString(JsonObject root, string[] path, string expected, int? cell, Action<int?, string> add)
    {
        var node = At(root, path);
        var name = "metadata." + string.Join('.', path);
        if (node is not JsonValue value || !value.TryGetValue<string>(out var actual))
            add(cell, $"{name} is missing (expected \"{expected}\")");
        else if (actual != expected)
            add(cell, $"{name} is \"{actual}\" but must be \"{expected}\"");
    }

    private static JsonNode? At(JsonObject root, string[] path)
    {
        JsonNode? node = root;
        foreach (var key in path)
            node = node is JsonObject o ? o[key] : null;
        return node;
    }
}
