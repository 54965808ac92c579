namespace Curriculum.Notebooks.Tests;

public class FormatterConventionTests
{
    private static Task<NotebookRunResult> RunAsync() => Fixtures.RunOnceAsync("formatter.ipynb", prepare: Fixtures.CompileFormatterFixture);

    [Fact]
    public async Task A_relative_r_directive_loads_a_dll_from_the_notebook_folder()
    {
        var result = await RunAsync();

        Assert.True(result.Succeeded, result.Failure?.ToString());
        Assert.Empty(result.OutputsOf(2));
    }

    [Fact]
    public async Task A_type_with_a_TypeFormatterSource_attribute_is_shown_as_the_html_its_formatter_writes()
    {
        var result = await RunAsync();

        var trailing = Assert.Single(result.OutputsOf(3));
        Assert.Equal("execute_result", trailing.Type());
        Assert.Equal("<span class=\"swatch\" style=\"color:teal\">teal</span>", trailing.Mime("text/html"));
        var displayed = Assert.Single(result.OutputsOf(4));
        Assert.Equal("display_data", displayed.Type());
        Assert.Equal("<span class=\"swatch\" style=\"color:red\">red</span>", displayed.Mime("text/html"));
    }

    [Fact]
    public async Task A_type_without_formatters_falls_back_to_ToString_as_text_plain()
    {
        var result = await RunAsync();

        var output = Assert.Single(result.OutputsOf(5));
        Assert.Equal("PlainThing(7)", output.Mime("text/plain"));
        Assert.Null(output!["data"]!["text/html"]);
    }

    [Fact]
    public async Task PreferredMimeTypes_choose_the_formatter()
    {
        var result = await RunAsync();

        var output = Assert.Single(result.OutputsOf(6));
        Assert.Equal("TextFirst 3 as text", output.Mime("text/plain"));
        Assert.Null(output!["data"]!["text/html"]);
    }
}
