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

    [Fact]
    public async Task A_trailing_void_call_shows_nothing_and_a_top_level_return_shows_its_value()
    {
        var result = await Fixtures.RunOnceAsync("trailing.ipynb");

        Assert.True(result.Succeeded, result.Failure?.ToString());
        var printed = Assert.Single(result.OutputsOf(7)); // Console.WriteLine("printed") is void: no <null> after it
        Assert.Equal("stream", printed.Type());
        Assert.Equal("printed\n", printed.StreamText());
        Assert.Empty(result.OutputsOf(8)); // a void local function called last
        var returned = Assert.Single(result.OutputsOf(9));
        Assert.Equal("execute_result", returned.Type());
        Assert.Equal("42", returned.Mime("text/plain"));
        Assert.Equal("early", Assert.Single(result.OutputsOf(10)).Mime("text/plain")); // returned before its last statement
        Assert.Empty(result.OutputsOf(11)); // return null: nothing (ScriptState.ReturnValue cannot tell it from no return)
    }
}
