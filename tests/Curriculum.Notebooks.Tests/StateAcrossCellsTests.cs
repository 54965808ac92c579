namespace Curriculum.Notebooks.Tests;

public class StateAcrossCellsTests
{
    [Fact]
    public async Task Variables_and_functions_defined_in_one_cell_are_visible_in_later_cells()
    {
        var result = await Fixtures.RunOnceAsync("state.ipynb");

        Assert.True(result.Succeeded, result.Failure?.ToString());
        // Cell 2 sets x = 20, cell 3 adds 1, cell 4 returns Twice(x) = 2 * 21.
        var output = Assert.Single(result.OutputsOf(4));
        Assert.Equal("execute_result", output.Type());
        Assert.Equal("42", output.Mime("text/plain"));
    }

    [Fact]
    public async Task Execution_counts_number_the_code_cells_from_one()
    {
        var result = await Fixtures.RunOnceAsync("state.ipynb");

        Assert.Equal(new int?[] { null, 1, 2, 3 }, result.Executed.Cells.Select(c => c.ExecutionCount));
        Assert.Equal(3, result.OutputsOf(4)[0]!["execution_count"]!.GetValue<int>());
    }
}
