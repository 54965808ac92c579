using System.Diagnostics;

namespace Curriculum.Notebooks.Tests;

public class TimeLimitTests
{
    [Fact]
    public async Task An_endless_loop_fails_its_cell_with_a_time_limit_message_and_keeps_what_it_printed()
    {
        var clock = Stopwatch.StartNew();
        var result = await Fixtures.RunAsync("timeout.ipynb", timeout: TimeSpan.FromSeconds(8));

        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(40), $"took {clock.Elapsed}");
        Assert.False(result.Succeeded);
        Assert.Equal("Cell 2 exceeded the time limit of 8 s", result.Failure!.Message);
        Assert.Equal(2, result.Failure.CellNumber);
        Assert.Equal("started\n", Assert.Single(result.OutputsOf(1)).StreamText());
        // What the cell printed before it hung is kept, then the time-limit error.
        var outputs = result.OutputsOf(2);
        Assert.Equal(["stream", "error"], outputs.Select(o => o.Type()));
        Assert.Equal("looping\n", outputs[0].StreamText());
        var error = outputs[1];
        Assert.Equal("TimeoutError", error!["ename"]!.GetValue<string>());
        Assert.Equal(new int?[] { 1, 2, null }, result.Executed.Cells.Select(c => c.ExecutionCount));
        Assert.Empty(result.OutputsOf(3));
    }
}
