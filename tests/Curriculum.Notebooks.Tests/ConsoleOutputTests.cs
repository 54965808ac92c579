namespace Curriculum.Notebooks.Tests;

public class ConsoleOutputTests
{
    [Fact]
    public async Task Console_Out_of_a_cell_becomes_one_stdout_stream_output()
    {
        var result = await Fixtures.RunOnceAsync("console.ipynb");

        Assert.True(result.Succeeded, result.Failure?.ToString());
        var output = Assert.Single(result.OutputsOf(1));
        Assert.Equal("stream", output.Type());
        Assert.Equal("stdout", output!["name"]!.GetValue<string>());
        Assert.Equal("line 1\nline 2\n", output.StreamText());
    }

    [Fact]
    public async Task Console_Error_becomes_a_stderr_stream_and_a_silent_cell_has_no_outputs()
    {
        var result = await Fixtures.RunOnceAsync("console.ipynb");

        var error = Assert.Single(result.OutputsOf(2));
        Assert.Equal("stderr", error!["name"]!.GetValue<string>());
        Assert.Equal("a warning\n", error.StreamText());
        Assert.Empty(result.OutputsOf(3));
    }
}
