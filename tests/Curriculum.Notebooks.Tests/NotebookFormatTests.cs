using System.Text.Json.Nodes;

namespace Curriculum.Notebooks.Tests;

public class NotebookFormatTests
{
    [Fact]
    public void A_fixture_notebook_round_trips_byte_for_byte_in_the_Jupyter_layout()
    {
        var path = Path.Combine(Fixtures.SourceDirectory, "state.ipynb");
        var text = File.ReadAllText(path);

        // The fixtures were written by Python's json.dump(indent=1, sort_keys=True), as Jupyter writes notebooks.
        Assert.Equal(text, Notebook.Parse(text).ToJson());
    }

    [Fact]
    public void Unknown_metadata_survives_a_round_trip()
    {
        var notebook = Notebook.CreateCSharp();
        notebook.Metadata["custom"] = new JsonObject { ["keep"] = "me" };
        var cell = NotebookCell.Code("var a = 1;");
        cell.Metadata["vscode"] = new JsonObject { ["languageId"] = "polyglot-notebook" };
        notebook.Cells.Add(cell);

        var reread = Notebook.Parse(notebook.ToJson());

        Assert.Equal("me", reread.Metadata["custom"]!["keep"]!.GetValue<string>());
        Assert.Equal("polyglot-notebook", reread.Cells[0].Metadata["vscode"]!["languageId"]!.GetValue<string>());
    }

    [Fact]
    public void Sources_are_written_as_lines_with_one_space_indent_sorted_keys_and_a_trailing_newline()
    {
        var notebook = Notebook.CreateCSharp();
        notebook.Cells.Add(NotebookCell.Markdown("# Title\nText — with ünïcode"));

        var json = notebook.ToJson();

        Assert.EndsWith("}\n", json);
        Assert.StartsWith("{\n \"cells\": [\n  {\n   \"cell_type\": \"markdown\",", json);
        Assert.Contains("   \"source\": [\n    \"# Title\\n\",\n    \"Text — with ünïcode\"\n   ]", json);
        Assert.True(json.IndexOf("\"metadata\"", StringComparison.Ordinal) < json.IndexOf("\"nbformat\"", StringComparison.Ordinal));
    }

    [Fact]
    public void Title_is_the_first_markdown_heading()
    {
        var notebook = Notebook.Parse(File.ReadAllText(Path.Combine(Fixtures.SourceDirectory, "book", "01-attention.ipynb")));

        Assert.Equal("Scaled dot-product attention", notebook.Title);
    }
}
