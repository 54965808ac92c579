namespace Curriculum.Notebooks.Tests;

public class ErrorOutputTests
{
    [Fact]
    public async Task A_throwing_cell_gives_an_error_output_with_type_message_cell_and_line_and_stops_the_notebook()
    {
        var result = await Fixtures.RunOnceAsync("runtime-error.ipynb");

        Assert.False(result.Succeeded);
        Assert.Equal(new NotebookFailure(3, 2, "line 2: System.InvalidOperationException: boom"), result.Failure);
        Assert.Equal("cell 3, line 2: System.InvalidOperationException: boom", result.Failure!.ToString());
        var error = Assert.Single(result.OutputsOf(3));
        Assert.Equal("error", error.Type());
        Assert.Equal("System.InvalidOperationException", error!["ename"]!.GetValue<string>());
        Assert.Equal("boom", error["evalue"]!.GetValue<string>());
        Assert.Contains("Cell 3, line 2", error.Traceback());
        Assert.Empty(result.OutputsOf(4));
        Assert.Null(result.Executed.Cells[3].ExecutionCount);
    }

    [Fact]
    public async Task A_compile_error_names_the_cell_line_and_column()
    {
        var result = await Fixtures.RunOnceAsync("compile-error.ipynb");

        Assert.False(result.Succeeded);
        var error = Assert.Single(result.OutputsOf(2));
        Assert.Equal("CompilationError", error!["ename"]!.GetValue<string>());
        Assert.Contains("undefinedName", error["evalue"]!.GetValue<string>());
        // "var w =   undefinedName + z;" — the name starts at column 11 of line 2.
        Assert.Contains(error.Traceback(), l => l.StartsWith("Cell 2, line 2, column 11: error CS0103", StringComparison.Ordinal));
        Assert.Equal(2, result.Failure!.CellNumber);
        Assert.Equal(2, result.Failure.Line);
        Assert.Empty(result.OutputsOf(3));
    }
}
