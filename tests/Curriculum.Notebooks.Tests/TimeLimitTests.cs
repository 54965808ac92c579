using System.Diagnostics;

namespace Curriculum.Notebooks.Tests;

public class TimeLimitTests
{
    [Fact]
    public async Task An_endless_loop_fails_its_cell_with_a_time_limit_message_instead_of_hanging()
    {
        var clock = Stopwatch.StartNew();
        var result = await Fixtures.RunAsync("timeout.ipynb", timeout: TimeSpan.FromSeconds(3));

        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(30), $"took {clock.Elapsed}");
        Assert.False(result.Succeeded);
        Assert.Equal("Cell 2 exceeded the time limit of 3 s", result.Failure!.Message);
        Assert.Equal(2, result.Failure.CellNumber);
        Assert.Equal("started\n", Assert.Single(result.OutputsOf(1)).StreamText());
        var error = Assert.Single(result.OutputsOf(2));
        Assert.Equal("error", error.Type());
        Assert.Equal("TimeoutError", error!["ename"]!.GetValue<string>());
        Assert.Empty(result.OutputsOf(3));
    }
}
