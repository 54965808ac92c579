namespace Curriculum.Notebooks.Tests;

public class MalformedNotebookTests
{
    [Fact]
    public void Truncated_JSON_is_rejected_with_the_file_and_position()
    {
        var path = Path.Combine(Fixtures.SourceDirectory, "malformed.ipynb");

        var error = Assert.Throws<NotebookFormatException>(() => Notebook.Load(path));

        Assert.StartsWith($"{path}: not valid JSON at line ", error.Message);
    }

    [Theory]
    [InlineData("[1, 2, 3]", "not a notebook: the top level is not a JSON object")]
    [InlineData("{\"cells\": []}", "not a notebook: there is no \"nbformat\" version")]
    [InlineData("{\"nbformat\": 3, \"cells\": []}", "nbformat 3 is not supported; only nbformat 4 is")]
    [InlineData("{\"nbformat\": 4, \"nbformat_minor\": 5}", "not a notebook: there is no \"cells\" array")]
    [InlineData("{\"nbformat\": 4, \"cells\": [{\"source\": \"x\"}]}", "cell 1 has no \"cell_type\"")]
    public void Json_that_is_not_an_nbformat_4_notebook_is_rejected_with_one_line(string json, string message)
    {
        var error = Assert.Throws<NotebookFormatException>(() => Notebook.Parse(json));

        Assert.Equal(message, error.Message);
    }

    [Fact]
    public async Task The_runner_rejects_a_malformed_notebook_before_starting_a_worker()
    {
        var folder = Fixtures.CopyToTemp();

        await Assert.ThrowsAsync<NotebookFormatException>(() => NotebookRunner.RunAsync(Path.Combine(folder, "malformed.ipynb")));
        await Assert.ThrowsAsync<FileNotFoundException>(() => NotebookRunner.RunAsync(Path.Combine(folder, "missing.ipynb")));
    }
}
