using System.Text.Json.Nodes;

namespace Curriculum.Notebooks.Tests;

public class NotebookLintTests
{
    private static Notebook Clean()
    {
        var notebook = Notebook.CreateCSharp();
        notebook.Cells.Add(NotebookCell.Markdown("# Title"));
        notebook.Cells.Add(NotebookCell.Code("var a = 1;", "plot"));
        return notebook;
    }

    /// <summary>Hostile fixtures whose format is wrong on purpose (the CLI edge tests use them).</summary>
    private static readonly HashSet<string> BrokenOnPurpose =
    [
        "invalid-utf8.ipynb", "metadata-list.ipynb", "kernelspec-number.ipynb", "cell-metadata-string.ipynb",
        "source-number.ipynb", "source-bare-number.ipynb",
    ];

    [Fact]
    public void A_new_CSharp_notebook_and_every_runnable_fixture_pass_the_lint()
    {
        Assert.Empty(NotebookLint.Check(Clean()));
        foreach (var file in Directory.GetFiles(Fixtures.SourceDirectory, "*.ipynb", SearchOption.AllDirectories)
                     .Where(f => !f.EndsWith("malformed.ipynb", StringComparison.Ordinal) && !f.EndsWith("not-a-notebook.ipynb", StringComparison.Ordinal))
                     .Where(f => !BrokenOnPurpose.Contains(Path.GetFileName(f))))
            Assert.Empty(NotebookLint.Check(Notebook.Load(file)));
    }

    [Fact]
    public void Outputs_and_execution_counts_are_reported_per_cell()
    {
        var notebook = Clean();
        notebook.Cells[1].Outputs.Add(NotebookOutputs.Stream("stdout", "hi\n"));
        notebook.Cells[1].ExecutionCount = 1;

        var problems = NotebookLint.Check(notebook);

        Assert.Equal(
            ["cell 2: has 1 output(s); commit notebooks without outputs", "cell 2: has execution_count 1; commit notebooks without outputs"],
            problems.Select(p => p.ToString()));
    }

    [Fact]
    public void Missing_and_duplicate_ids_are_reported()
    {
        var notebook = Clean();
        notebook.Cells[0].Id = null;
        notebook.Cells.Add(NotebookCell.Code("var b = 2;"));
        notebook.Cells[2].Id = notebook.Cells[1].Id;

        var problems = NotebookLint.Check(notebook).Select(p => p.ToString()).ToList();

        Assert.Equal(["cell 1: has no id", $"cell 3: id \"{notebook.Cells[1].Id}\" is used by an earlier cell"], problems);
    }

    [Fact]
    public void Wrong_kernel_names_and_missing_notebook_metadata_are_reported()
    {
        var notebook = Clean();
        notebook.Cells[1].Metadata["polyglot_notebook"] = new JsonObject { ["kernelName"] = "fsharp" };
        notebook.Metadata.Remove("kernelspec");

        var problems = NotebookLint.Check(notebook).Select(p => p.ToString()).ToList();

        Assert.Contains("metadata.kernelspec.name is missing (expected \".net-csharp\")", problems);
        Assert.Contains("cell 2: metadata.polyglot_notebook.kernelName is \"fsharp\" but must be \"csharp\"", problems);
        Assert.Equal(4, problems.Count);
    }

    [Fact]
    public void An_nbformat_4_4_notebook_is_reported()
    {
        var json = Clean().ToJson().Replace("\"nbformat_minor\": 5", "\"nbformat_minor\": 4");

        var problem = Assert.Single(NotebookLint.Check(Notebook.Parse(json)));

        Assert.Equal("nbformat is 4.4 but must be 4.5 or later (cell ids)", problem.Message);
    }
}
