using Curriculum.Execution.Engine;

namespace Curriculum.Notebooks.Tests;

public class ValueFormatterTests
{
    private static IReadOnlyDictionary<string, string> Format(object? value, params string[] mimeTypes) => ValueFormatter.Format(value, mimeTypes);

    [Fact]
    public void Numbers_are_formatted_with_the_invariant_culture_and_shortest_round_trip_digits()
    {
        Assert.Equal("0.1", Format(0.1)["text/plain"]);
        Assert.Equal("0.1", Format(0.1f)["text/plain"]);
        Assert.Equal("-1.5E-07", Format(-1.5e-7)["text/plain"]);
        Assert.Equal("12345678", Format(12_345_678)["text/plain"]);
    }

    [Fact]
    public void Sequences_show_their_first_20_items_and_count_the_rest()
    {
        var text = Format(Enumerable.Range(0, 25).ToList())["text/plain"];

        Assert.Equal("[ " + string.Join(", ", Enumerable.Range(0, 20)) + ", ... (5 more) ]", text);
    }

    [Fact]
    public void Nested_sequences_and_strings_inside_them_are_shown_like_literals()
    {
        Assert.Equal("[ [ 1, 2 ], [ 3 ] ]", Format(new[] { new[] { 1, 2 }, new[] { 3 } })["text/plain"]);
        Assert.Equal("[ \"a\", \"b\" ]", Format(new List<string> { "a", "b" })["text/plain"]);
    }

    [Fact]
    public void Html_can_be_asked_for_as_plain_text()
    {
        var data = Format(new HtmlString("<b>x</b>"), "text/plain");

        Assert.Equal("<b>x</b>", Assert.Single(data).Value);
        Assert.Equal("text/plain", data.Keys.Single());
    }

    [Fact]
    public void Null_is_shown_as_the_null_marker()
    {
        Assert.Equal("<null>", Format(null)["text/plain"]);
    }
}
