using System.Text.Json;
using Attention;

namespace Attention.Plotting.Tests;

public sealed class FigureJsonTests
{
    [Fact]
    public void Json_has_exactly_data_layout_and_config_at_the_top_level()
    {
        var json = JsonHelpers.Parse(Plot.Line([1.0, 2.0, 3.0]));

        Assert.Equal(["data", "layout", "config"], json.EnumerateObject().Select(p => p.Name));
        Assert.Equal(JsonValueKind.Array, json.GetProperty("data").ValueKind);
        Assert.True(json.GetProperty("config").GetProperty("responsive").GetBoolean());
    }

    [Fact]
    public void Line_json_holds_the_given_x_and_y_values_exactly()
    {
        double[] x = [0, 0.5, 1.25, -3];
        double[] y = [1e-7, 2.5, -0.125, 1e6];

        var trace = JsonHelpers.Parse(Plot.Line(x, y, name: "curve")).Trace(0);

        Assert.Equal("scatter", trace.GetProperty("type").GetString());
        Assert.Equal("lines", trace.GetProperty("mode").GetString());
        Assert.Equal("curve", trace.GetProperty("name").GetString());
        Assert.Equal(x, trace.GetProperty("x").Numbers());
        Assert.Equal(y, trace.GetProperty("y").Numbers());
    }

    [Fact]
    public void NaN_and_infinite_values_are_written_as_null_because_JSON_has_no_such_numbers()
    {
        var z = new Matrix(1, 4, [1f, float.NaN, float.NegativeInfinity, float.PositiveInfinity]);

        var row = JsonHelpers.Parse(Plot.Heatmap(z)).Trace(0).GetProperty("z")[0];

        Assert.Equal([1.0, null, null, null], row.NullableNumbers());
    }

    [Fact]
    public void Float_values_are_written_in_their_shortest_round_trip_form()
    {
        var z = new Matrix(1, 2, [0.1f, 1f / 3f]);

        string json = Plot.Heatmap(z).ToJson();
        var row = JsonDocument.Parse(json).RootElement.Trace(0).GetProperty("z")[0];

        Assert.Contains("[0.1,0.33333334]", json);
        Assert.Equal(0.1f, row[0].GetSingle());
        Assert.Equal(1f / 3f, row[1].GetSingle());
    }

    [Fact]
    public void Token_text_with_angle_brackets_quotes_ampersands_and_non_ASCII_is_escaped_and_round_trips()
    {
        string[] tokens = TestData.AwkwardTokens;
        var figure = Plot.Bar(tokens, [.. Enumerable.Range(0, tokens.Length).Select(i => (double)i)], title: "<b>bold?</b> é");

        string json = figure.ToJson();
        var parsed = JsonDocument.Parse(json).RootElement;

        // The raw JSON is plain ASCII with no characters that could close a <script> or open a tag.
        Assert.All(json, c => Assert.True(c < 128, $"non-ASCII character U+{(int)c:X4} in the JSON"));
        Assert.DoesNotContain('<', json);
        Assert.DoesNotContain('>', json);
        Assert.DoesNotContain('&', json);
        Assert.DoesNotContain('\'', json);
        // After JSON decoding, plotly.js gets HTML entities for & < > (its text is an HTML subset) and the rest verbatim.
        Assert.Equal(["&lt;s&gt;", "the", "\"cat\"", "café", "the", "a&amp;b", "日本"],
            parsed.Layout().GetProperty("xaxis").GetProperty("ticktext").Strings());
        Assert.Equal("&lt;b&gt;bold?&lt;/b&gt; é", parsed.Layout().GetProperty("title").GetProperty("text").GetString());
    }

    [Fact]
    public void Scatter_labels_and_trace_names_are_escaped_for_plotly_text()
    {
        var figure = Plot.Scatter([0.0, 1.0], [0.0, 1.0], ["<pad>", "naïve"]);
        var lines = Plot.Lines([0.0, 1.0], [("T < 1", [0.0, 1.0])]);

        Assert.Equal(["&lt;pad&gt;", "naïve"], JsonHelpers.Parse(figure).Trace(0).GetProperty("text").Strings());
        Assert.Equal("T &lt; 1", JsonHelpers.Parse(lines).Trace(0).GetProperty("name").GetString());
    }

    [Fact]
    public void The_same_figure_gives_byte_identical_json_every_time()
    {
        var first = Plot.AttentionWeights(TestData.RandomWeights(5, 5, seed: 3), ["a", "b", "c", "d", "e"]);
        var second = Plot.AttentionWeights(TestData.RandomWeights(5, 5, seed: 3), ["a", "b", "c", "d", "e"]);

        Assert.Equal(first.ToJson(), second.ToJson());
    }

    [Fact]
    public void Indented_json_parses_to_the_same_document_as_compact_json()
    {
        var figure = Plot.Heatmap(TestData.RandomWeights(3, 4, seed: 5), title: "t");

        string compact = figure.ToJson();
        string indented = figure.ToJson(indented: true);

        Assert.NotEqual(compact, indented);
        Assert.Equal(compact, JsonSerializer.Serialize(JsonDocument.Parse(indented).RootElement,
            new JsonSerializerOptions { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.Default }));
    }

    [Fact]
    public void Size_and_title_go_into_the_layout()
    {
        var layout = JsonHelpers.Parse(Plot.Line([1.0, 2.0]).WithTitle("Softmax").WithSize(640, 360)).Layout();

        Assert.Equal("Softmax", layout.GetProperty("title").GetProperty("text").GetString());
        Assert.Equal(640, layout.GetProperty("width").GetInt32());
        Assert.Equal(360, layout.GetProperty("height").GetInt32());
    }

    [Fact]
    public void A_figure_without_panels_is_rejected_when_serialised()
    {
        var empty = new Figure(Array.Empty<Panel>());

        var error = Assert.Throws<ArgumentException>(() => empty.ToJson());
        Assert.Equal("Panels", error.ParamName);
    }

    [Fact]
    public void A_non_positive_size_is_rejected_naming_the_parameter()
    {
        var error = Assert.Throws<ArgumentOutOfRangeException>(() => Plot.Line([1.0]).WithSize(0, 300));

        Assert.Equal("width", error.ParamName);
    }
}
