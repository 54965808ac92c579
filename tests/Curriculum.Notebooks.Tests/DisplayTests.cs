namespace Curriculum.Notebooks.Tests;

public class DisplayTests
{
    [Fact]
    public async Task Display_emits_display_data_and_HTML_is_rendered_as_text_html()
    {
        var result = await Fixtures.RunOnceAsync("display.ipynb");

        Assert.True(result.Succeeded, result.Failure?.ToString());
        var outputs = result.OutputsOf(1);
        Assert.Equal(3, outputs.Count);
        Assert.All(outputs, o => Assert.Equal("display_data", o.Type()));
        Assert.Equal("plain text", outputs[0].Mime("text/plain"));
        Assert.Equal("<b>bold</b>", outputs[1].Mime("text/html"));
        Assert.Null(outputs[1]!["data"]!["text/plain"]);
        Assert.Equal("0.125", outputs[2].Mime("text/plain"));
    }

    [Fact]
    public async Task Console_text_and_displays_keep_the_order_in_which_they_happened()
    {
        var result = await Fixtures.RunOnceAsync("display.ipynb");

        var outputs = result.OutputsOf(2);
        Assert.Equal(["stream", "display_data", "stream"], outputs.Select(o => o.Type()));
        Assert.Equal("before\n", outputs[0].StreamText());
        Assert.Equal("<i>middle</i>", outputs[1].Mime("text/html"));
        Assert.Equal("after\n", outputs[2].StreamText());
    }

    [Fact]
    public async Task A_trailing_HTML_value_is_an_execute_result_with_text_html()
    {
        var result = await Fixtures.RunOnceAsync("display.ipynb");

        var output = Assert.Single(result.OutputsOf(3));
        Assert.Equal("execute_result", output.Type());
        Assert.Equal("<p>trailing html</p>", output.Mime("text/html"));
    }

    /// <summary>What chapter 12's live progress bar and loss curve rely on: <c>DisplayedValue.Update</c> replaces its
    /// display where it was first shown, so the executed notebook (and the book) keeps only the final state.</summary>
    [Fact]
    public async Task An_updated_display_keeps_its_place_and_only_its_last_value()
    {
        var result = await Fixtures.RunOnceAsync("display.ipynb");

        var outputs = result.OutputsOf(4);
        Assert.Equal(["display_data", "stream", "display_data"], outputs.Select(o => o.Type()));
        Assert.Equal("<progress value=\"3\" max=\"3\"></progress>", outputs[0].Mime("text/html"));
        Assert.Equal("between\n", outputs[1].StreamText());
        Assert.Equal("after the updates", outputs[2].Mime("text/plain"));
    }
}
