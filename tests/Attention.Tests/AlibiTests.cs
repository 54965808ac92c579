namespace Attention.Tests;

public class AlibiTests
{
    [Fact]
    public void Slopes_for_8_heads_are_one_half_to_one_256th()
    {
        Assert.Equal([1 / 2f, 1 / 4f, 1 / 8f, 1 / 16f, 1 / 32f, 1 / 64f, 1 / 128f, 1 / 256f], Alibi.Slopes(8));
    }

    [Fact]
    public void Slopes_for_a_power_of_two_follow_two_to_the_minus_8h_over_H()
    {
        var slopes = Alibi.Slopes(16);
        for (int h = 0; h < 16; h++) Assert.Equal(Math.Pow(2, -8.0 * (h + 1) / 16), slopes[h], 1e-7);
        Assert.Equal([1 / 256f], Alibi.Slopes(1));
    }

    [Fact]
    public void Slopes_for_6_heads_take_the_4_head_slopes_then_every_other_8_head_slope()
    {
        // Paper's code: get_slopes(4) = [2^-2, 2^-4, 2^-6, 2^-8] + get_slopes(8)[0::2][:2] = [2^-1, 2^-3].
        Assert.Equal([1 / 4f, 1 / 16f, 1 / 64f, 1 / 256f, 1 / 2f, 1 / 8f], Alibi.Slopes(6));
        Assert.Equal([1 / 16f, 1 / 256f, 1 / 4f], Alibi.Slopes(3));
    }

    [Fact]
    public void Bias_is_minus_slope_times_distance_with_queries_at_the_end_of_the_keys()
    {
        // T = 2 queries at positions 2 and 3 of S = 4 keys.
        var bias = Alibi.Bias(queries: 2, keys: 4, slope: 0.5f);
        float[] expected =
        [
            -1f, -0.5f, 0f, -0.5f,
            -1.5f, -1f, -0.5f, 0f,
        ];
        Assert.Equal(expected, bias.Data);
        Assert.False(float.IsNegative(bias[0, 2]), "the zero distance gives +0, not −0 (which prints as -0.0000)");
    }

    [Fact]
    public void Square_bias_has_a_zero_diagonal_and_is_symmetric()
    {
        var bias = Alibi.Bias(5, 5, 0.25f);
        for (int t = 0; t < 5; t++)
            for (int s = 0; s < 5; s++)
                Assert.Equal(-0.25f * Math.Abs(t - s), bias[t, s]);
    }

    [Fact]
    public void Per_head_bias_uses_each_head_slope()
    {
        var bias = Alibi.Bias(queries: 3, keys: 3, numHeads: 4);
        var slopes = Alibi.Slopes(4);
        Assert.Equal((4, 3, 3), bias.Shape);
        for (int h = 0; h < 4; h++)
            Assert.Equal(Alibi.Bias(3, 3, slopes[h]).Data, bias[h].Data);
        Assert.Equal(-2 * 0.25f, bias[0, 2, 0]);   // head 0 of 4 has slope 2^-2; distance 2
    }

    [Fact]
    public void Bad_input_throws_naming_the_parameter()
    {
        Assert.Equal("numHeads", Assert.Throws<ArgumentOutOfRangeException>(() => Alibi.Slopes(0)).ParamName);
        var longer = Assert.Throws<ArgumentException>(() => Alibi.Bias(5, 4, 0.5f));
        Assert.Equal("queries", longer.ParamName);
        Assert.Contains("queries is 5 but keys is 4", longer.Message);
        Assert.Equal("queries", Assert.Throws<ArgumentOutOfRangeException>(() => Alibi.Bias(0, 4, 0.5f)).ParamName);
        Assert.Equal("keys", Assert.Throws<ArgumentOutOfRangeException>(() => Alibi.Bias(1, 0, 0.5f)).ParamName);
        Assert.Equal("slope", Assert.Throws<ArgumentOutOfRangeException>(() => Alibi.Bias(2, 2, float.NaN)).ParamName);
        Assert.Equal("numHeads", Assert.Throws<ArgumentOutOfRangeException>(() => Alibi.Bias(2, 2, numHeads: 0)).ParamName);
        Assert.Equal("queries", Assert.Throws<ArgumentException>(() => Alibi.Bias(3, 2, numHeads: 2)).ParamName);
    }
}
