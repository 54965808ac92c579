namespace Curriculum.Notebooks.Tests;

public class WorkerProcessTests
{
    [Fact]
    public async Task A_cell_that_ends_the_process_fails_with_the_exit_code_instead_of_hanging_the_run()
    {
        var result = await Fixtures.RunAsync("exit.ipynb");

        Assert.False(result.Succeeded);
        Assert.Equal(2, result.Failure!.CellNumber);
        Assert.Equal("The worker process exited unexpectedly (exit code 3)", result.Failure.Message);
        Assert.Equal("before\n", Assert.Single(result.OutputsOf(1)).StreamText());
        var error = Assert.Single(result.OutputsOf(2));
        Assert.Equal("WorkerCrashed", error!["ename"]!.GetValue<string>());
    }

    [Fact]
    public async Task Two_notebooks_run_at_the_same_time_do_not_share_state()
    {
        var runs = await Task.WhenAll(Fixtures.RunAsync("state.ipynb"), Fixtures.RunAsync("state.ipynb"));

        // Each worker starts from x = 20; shared state would have added 1 twice.
        Assert.All(runs, r => Assert.Equal("42", Assert.Single(r.OutputsOf(4)).Mime("text/plain")));
    }
}
