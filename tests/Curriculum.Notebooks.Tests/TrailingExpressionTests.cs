namespace Curriculum.Notebooks.Tests;

public class TrailingExpressionTests
{
    [Fact]
    public async Task Only_a_trailing_expression_without_semicolon_is_shown_and_display_results_are_not_shown_twice()
    {
        var result = await Fixtures.RunOnceAsync("trailing.ipynb");

        Assert.True(result.Succeeded, result.Failure?.ToString());
        Assert.Empty(result.OutputsOf(1)); // "var two = 1 + 1;" is a statement
        Assert.Equal("a string", Assert.Single(result.OutputsOf(2)).Mime("text/plain"));
        Assert.Equal("<null>", Assert.Single(result.OutputsOf(3)).Mime("text/plain"));
        Assert.Equal("[ 1, 2, 3 ]", Assert.Single(result.OutputsOf(4)).Mime("text/plain"));
        Assert.Equal("5", Assert.Single(result.OutputsOf(5)).Mime("text/plain"));
        var shown = Assert.Single(result.OutputsOf(6));
        Assert.Equal("display_data", shown.Type());
        Assert.Equal("shown once", shown.Mime("text/plain"));
    }
}
