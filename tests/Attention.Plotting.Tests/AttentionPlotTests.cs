using Attention;

namespace Attention.Plotting.Tests;

public sealed class AttentionPlotTests
{
    private static AttentionResult Result(int queries, int keys, int seed)
    {
        var weights = TestData.RandomWeights(queries, keys, seed);
        return new AttentionResult(Matrix.RandomNormal(queries, 3, seed), weights, Matrix.RandomNormal(queries, keys, seed + 100));
    }

    [Fact]
    public void Attention_weights_put_query_tokens_down_and_key_tokens_across_for_cross_attention()
    {
        string[] queries = ["Le", "chat"];
        string[] keys = ["The", "cat", "sleeps"];
        var result = Result(2, 3, seed: 4);

        var json = JsonHelpers.Parse(Plot.AttentionWeights(result, queries, keys));

        Assert.Equal(keys, json.Layout().GetProperty("xaxis").GetProperty("ticktext").Strings());
        Assert.Equal(queries, json.Layout().GetProperty("yaxis").GetProperty("ticktext").Strings());
        Assert.Equal("keys", json.Layout().GetProperty("xaxis").GetProperty("title").GetProperty("text").GetString());
        Assert.Equal("queries", json.Layout().GetProperty("yaxis").GetProperty("title").GetProperty("text").GetString());
        Assert.Equal(result.Weights[1, 2], json.Trace(0).GetProperty("z")[1][2].GetSingle());
        Assert.Equal(0, json.Trace(0).GetProperty("zmin").GetDouble());
        Assert.Equal(1, json.Trace(0).GetProperty("zmax").GetDouble());
    }

    [Fact]
    public void Self_attention_weights_use_the_query_tokens_for_the_keys_too()
    {
        string[] tokens = ["a", "b", "c"];

        var layout = JsonHelpers.Parse(Plot.AttentionWeights(Result(3, 3, seed: 1), tokens)).Layout();

        Assert.Equal(tokens, layout.GetProperty("xaxis").GetProperty("ticktext").Strings());
        Assert.Equal(tokens, layout.GetProperty("yaxis").GetProperty("ticktext").Strings());
    }

    [Fact]
    public void Attention_weights_with_the_wrong_number_of_query_tokens_are_rejected()
    {
        var error = Assert.Throws<ArgumentException>(() => Plot.AttentionWeights(Result(3, 4, seed: 1), ["a", "b"], ["w", "x", "y", "z"]));

        Assert.Contains("yLabels has 2 labels but z is (3, 4) with 3 rows", error.Message);
    }

    [Fact]
    public void Attention_scores_leave_masked_cells_blank_on_a_diverging_scale_symmetric_about_0()
    {
        var scores = new Matrix(2, 2, [1.5f, float.NegativeInfinity, -3f, 2f]);
        var result = new AttentionResult(new Matrix(2, 1), new Matrix(2, 2, [1f, 0f, 0.01f, 0.99f]), scores);

        var trace = JsonHelpers.Parse(Plot.AttentionScores(result, ["x", "y"])).Trace(0);

        Assert.Equal([1.5, null], trace.GetProperty("z")[0].NullableNumbers());
        Assert.Equal("RdBu", trace.GetProperty("colorscale").GetString());
        Assert.Equal(-3, trace.GetProperty("zmin").GetDouble());
        Assert.Equal(3, trace.GetProperty("zmax").GetDouble());
    }

    [Fact]
    public void Attention_heads_make_one_titled_panel_per_head_sharing_one_colour_axis_fixed_to_0_and_1()
    {
        var weights = TestData.RandomHeads(6, 3, 3, seed: 20);
        var result = new MultiHeadAttentionResult(new Matrix(3, 8), weights, TestData.RandomHeads(6, 3, 2, seed: 40));

        var json = JsonHelpers.Parse(Plot.AttentionHeads(result, ["a", "b", "c"], columns: 4));

        var data = json.GetProperty("data").EnumerateArray().ToArray();
        Assert.Equal(6, data.Length);
        for (int h = 0; h < 6; h++)
        {
            Assert.Equal("coloraxis", data[h].GetProperty("coloraxis").GetString());
            Assert.False(data[h].TryGetProperty("colorscale", out _));
            Assert.Equal(h == 0 ? "x" : $"x{h + 1}", data[h].GetProperty("xaxis").GetString());
            Assert.Equal(h == 0 ? "y" : $"y{h + 1}", data[h].GetProperty("yaxis").GetString());
            Assert.Equal(weights[h][2, 1], data[h].GetProperty("z")[2][1].GetSingle());
        }
        var coloraxis = json.Layout().GetProperty("coloraxis");
        Assert.Equal("Viridis", coloraxis.GetProperty("colorscale").GetString());
        Assert.Equal(0, coloraxis.GetProperty("cmin").GetDouble());
        Assert.Equal(1, coloraxis.GetProperty("cmax").GetDouble());
        Assert.Equal(["head 0", "head 1", "head 2", "head 3", "head 4", "head 5"],
            json.Layout().GetProperty("annotations").EnumerateArray().Select(a => a.GetProperty("text").GetString()!));
        Assert.Equal("reversed", json.Layout().GetProperty("yaxis6").GetProperty("autorange").GetString());
    }

    [Fact]
    public void Attention_heads_grid_has_at_most_as_many_columns_as_heads()
    {
        var figure = Plot.AttentionHeads(TestData.RandomHeads(2, 3, 3, seed: 1));

        Assert.Equal(2, figure.Columns);
        Assert.Equal(1, figure.Rows);
    }

    [Fact]
    public void Attention_heads_with_the_wrong_number_of_key_tokens_are_rejected()
    {
        var error = Assert.Throws<ArgumentException>(() => Plot.AttentionHeads(TestData.RandomHeads(2, 3, 4, seed: 1), ["a", "b", "c"], ["k"]));

        Assert.Equal("keyTokens", error.ParamName);
        Assert.Contains("keyTokens has 1 labels but weights is (3, 4) with 4 keys", error.Message);
    }

    [Fact]
    public void A_causal_mask_plots_as_1_on_and_below_the_diagonal_and_0_above()
    {
        var trace = JsonHelpers.Parse(Plot.Mask(Attention.Mask.Causal(3), ["a", "b", "c"])).Trace(0);

        var z = trace.GetProperty("z").EnumerateArray().Select(r => r.Numbers()).ToArray();
        Assert.Equal([1.0, 0, 0], z[0]);
        Assert.Equal([1.0, 1, 0], z[1]);
        Assert.Equal([1.0, 1, 1], z[2]);
        Assert.False(trace.GetProperty("showscale").GetBoolean());
        Assert.False(trace.TryGetProperty("texttemplate", out _));
    }
}
