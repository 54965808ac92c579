namespace Curriculum.Notebooks.Tests;

public class DeterminismTests
{
    [Fact]
    public async Task Running_a_seeded_notebook_twice_gives_byte_identical_executed_notebooks()
    {
        var first = await Fixtures.RunAsync("random.ipynb");
        var second = await Fixtures.RunAsync("random.ipynb");

        Assert.True(first.Succeeded, first.Failure?.ToString());
        // System.Random(42) is specified to give the same sequence on every run of the same runtime.
        Assert.Equal(new Random(42).Next(1000).ToString(), Assert.Single(first.OutputsOf(1)).Mime("text/plain"));
        Assert.Equal(first.Executed.ToJson(), second.Executed.ToJson());
    }
}
