using Curriculum.Cli;

namespace Curriculum.Notebooks.Tests;

/// <summary>The CLI contract at the edges: exit 2, one line on stderr, never a stack trace; nothing overwritten.</summary>
public class CliEdgeTests
{
    [Theory]
    [InlineData(new[] { "frobnicate" }, "curriculum: unknown command 'frobnicate' (see: curriculum --help)")]
    [InlineData(new[] { "run", "--bogus" }, "curriculum: unknown option --bogus")]
    [InlineData(new[] { "check", "state.ipynb", "--bogus" }, "curriculum: unknown option --bogus")]
    [InlineData(new[] { "run", "" }, "curriculum: a notebook path must not be empty")]
    [InlineData(new[] { "check", " " }, "curriculum: a notebook path must not be empty")]
    [InlineData(new[] { "run", "state.ipynb", "--out", "" }, "curriculum: --out must not be empty")]
    [InlineData(new[] { "book", "state.ipynb", "--out", " " }, "curriculum: --out must not be empty")]
    [InlineData(new[] { "run", "state.ipynb" }, "curriculum: state.ipynb is outside the repository; give --out FOLDER for its executed copy")]
    [InlineData(new[] { "run", "empty" }, "curriculum: no notebooks (*.ipynb) in empty")]
    [InlineData(new[] { "check", "empty" }, "curriculum: no notebooks (*.ipynb) in empty")]
    [InlineData(new[] { "run", "hostile/source-number.ipynb", "--out", "x" }, "curriculum: hostile/source-number.ipynb: cell 1 has a \"source\" that is neither a string nor a list of strings")]
    [InlineData(new[] { "run", "hostile/source-bare-number.ipynb", "--out", "x" }, "curriculum: hostile/source-bare-number.ipynb: cell 1 has a \"source\" that is neither a string nor a list of strings")]
    [InlineData(new[] { "run", "hostile/invalid-utf8.ipynb", "--out", "x" }, "curriculum: hostile/invalid-utf8.ipynb: not valid UTF-8 at byte 278")]
    [InlineData(new[] { "run", "hostile/metadata-list.ipynb", "--out", "x" }, "curriculum: hostile/metadata-list.ipynb: the notebook's \"metadata\" is a list, not an object")]
    [InlineData(new[] { "run", "hostile/cell-metadata-string.ipynb", "--out", "x" }, "curriculum: hostile/cell-metadata-string.ipynb: cell 1 has \"metadata\" that is a string, not an object")]
    [InlineData(new[] { "book", "hostile/a/same.ipynb", "hostile/b/same.ipynb", "--out", "x" }, "curriculum: two chapters would share the page same.html: hostile/a/same.ipynb, hostile/b/same.ipynb")]
    public void Bad_arguments_and_bad_files_give_one_line_and_exit_code_2(string[] args, string expected)
    {
        var folder = Fixtures.CopyToTemp();
        Directory.CreateDirectory(Path.Combine(folder, "empty"));

        var (exitCode, _, stderr) = CliTests.Curriculum(folder, args);

        Assert.Equal(expected, stderr.TrimEnd('\n'));
        Assert.Equal(2, exitCode);
    }

    [Theory]
    [InlineData("hostile/invalid-utf8.ipynb", "hostile/invalid-utf8.ipynb: not valid UTF-8 at byte 278")]
    [InlineData("hostile/metadata-list.ipynb", "hostile/metadata-list.ipynb: the notebook's \"metadata\" is a list, not an object")]
    [InlineData("hostile/kernelspec-number.ipynb", "hostile/kernelspec-number.ipynb: metadata.kernelspec.name is missing (expected \".net-csharp\")")]
    [InlineData("hostile/kernelspec-number.ipynb", "hostile/kernelspec-number.ipynb: metadata.polyglot_notebook.kernelInfo.items must list the \"csharp\" kernel")]
    public void Check_reports_bad_files_as_problems_with_exit_code_1_and_no_stack_trace(string notebook, string expected)
    {
        var (exitCode, stdout, stderr) = CliTests.Curriculum(Fixtures.CopyToTemp(), "check", notebook);

        Assert.Equal(1, exitCode);
        Assert.Contains(expected + "\n", stdout);
        Assert.Equal("", stderr);
    }

    [Fact]
    public void Same_name_notebooks_keep_their_folders_under_out_and_nothing_is_overwritten()
    {
        var folder = Fixtures.CopyToTemp();

        var (exitCode, stdout, stderr) = CliTests.Curriculum(folder, "run", "hostile/a/same.ipynb", "hostile/b/same.ipynb", "--out", "executed");

        Assert.True(exitCode == 0, stdout + stderr);
        Assert.Equal("from a", Notebook.Load(Path.Combine(folder, "executed", "a", "same.ipynb")).Cells[0].Outputs[0].Mime("text/plain"));
        Assert.Equal("from b", Notebook.Load(Path.Combine(folder, "executed", "b", "same.ipynb")).Cells[0].Outputs[0].Mime("text/plain"));
    }

    [Fact]
    public void Output_paths_are_unique_and_predictable()
    {
        var repo = Path.Combine(Path.GetTempPath(), "repo");
        string In(params string[] parts) => Path.Combine([repo, .. parts]);

        var defaults = NotebookCommands.OutputPaths([In("notebooks", "05-softmax.ipynb"), In("tests", "f", "05-softmax.ipynb")], null, repo);
        var withOut = NotebookCommands.OutputPaths([In("x", "a", "n.ipynb"), In("x", "b", "n.ipynb")], "/out", repo);
        var single = NotebookCommands.OutputPaths([In("x", "a", "n.ipynb")], "/out", repo);

        Assert.Equal([In("artifacts", "notebooks", "05-softmax.ipynb"), In("artifacts", "notebooks", "other", "tests", "f", "05-softmax.ipynb")], defaults);
        Assert.Equal(["/out/a/n.ipynb", "/out/b/n.ipynb"], withOut);
        Assert.Equal(["/out/n.ipynb"], single);
        Assert.Throws<UsageException>(() => NotebookCommands.OutputPaths(["/elsewhere/n.ipynb"], null, repo));
        Assert.Throws<UsageException>(() => NotebookCommands.OutputPaths([In("x", "n.ipynb")], In("x"), repo));
    }
}
