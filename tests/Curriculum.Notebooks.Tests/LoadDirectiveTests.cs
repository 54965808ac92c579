namespace Curriculum.Notebooks.Tests;

public class LoadDirectiveTests
{
    [Fact]
    public async Task A_relative_load_directive_runs_a_csx_file_from_the_notebook_folder()
    {
        var result = await Fixtures.RunAsync("load.ipynb");

        Assert.True(result.Succeeded, result.Failure?.ToString());
        Assert.Equal("42", Assert.Single(result.OutputsOf(2)).Mime("text/plain"));
    }
}
