using Attention;

namespace Attention.Tests;

public class ScaledDotProductAttentionTests
{
    [Fact]
    public void Attention_of_a_2x2_example_matches_the_values_worked_by_hand()
    {
        // queries = keys = I, so scores = I·Iᵀ/√2 = [[0.7071, 0], [0, 0.7071]].
        // Row 0: weights = [e^0.7071, 1] / (e^0.7071 + 1) = [0.6697615, 0.3302385]
        //        output  = 0.6697615·[1, 2] + 0.3302385·[3, 4] = [1.6604769, 2.6604769]
        // Row 1 mirrors it: weights [0.3302385, 0.6697615], output [2.3395231, 3.3395231].
        var identity = Matrix.Identity(2);
        var values = Matrix.FromArray(new float[,] { { 1, 2 }, { 3, 4 } });

        var result = Ops.ScaledDotProductAttention(identity, identity, values);

        TestData.AssertClose(Matrix.FromArray(new float[,] { { 0.70710678f, 0 }, { 0, 0.70710678f } }), result.Scores, 1e-7f);
        TestData.AssertClose(Matrix.FromArray(new float[,] { { 0.66976155f, 0.33023845f }, { 0.33023845f, 0.66976155f } }), result.Weights, 1e-6f);
        TestData.AssertClose(Matrix.FromArray(new float[,] { { 1.6604769f, 2.6604769f }, { 2.3395231f, 3.3395231f } }), result.Output, 1e-6f);
    }

    [Fact]
    public void Attention_with_a_causal_mask_on_a_3x3_example_matches_the_values_worked_by_hand()
    {
        // All queries and keys are equal, so every allowed score is the same and the weights are uniform over the
        // allowed keys: row 0 sees key 0 only, row 1 averages keys 0–1, row 2 averages keys 0–2.
        // values = [[3], [6], [9]] -> outputs 3, (3 + 6)/2 = 4.5, (3 + 6 + 9)/3 = 6.
        var ones = Matrix.FromArray(new float[,] { { 1, 1 }, { 1, 1 }, { 1, 1 } });
        var values = Matrix.FromArray(new float[,] { { 3 }, { 6 }, { 9 } });

        var result = Ops.ScaledDotProductAttention(ones, ones, values, Mask.Causal(3));

        TestData.AssertClose(Matrix.FromArray(new float[,] { { 1, 0, 0 }, { 0.5f, 0.5f, 0 }, { 1f / 3, 1f / 3, 1f / 3 } }), result.Weights, 1e-7f);
        TestData.AssertClose(Matrix.FromArray(new float[,] { { 3 }, { 4.5f }, { 6 } }), result.Output, 1e-6f);
        Assert.Equal(float.NegativeInfinity, result.Scores[0, 1]);
        Assert.Equal(float.NegativeInfinity, result.Scores[1, 2]);
    }

    public static TheoryData<int, int, int, int> Shapes => new()
    {
        { 1, 1, 1, 1 }, { 1, 7, 8, 3 }, { 7, 1, 4, 4 }, { 7, 7, 7, 7 }, { 16, 16, 64, 64 }, { 5, 65, 16, 9 }, { 65, 33, 32, 32 }, { 130, 257, 64, 64 },
    };

    [Theory]
    [MemberData(nameof(Shapes))]
    public void Attention_agrees_with_the_naive_attention_for_self_and_cross_attention_shapes(int seqLenQ, int seqLenK, int dK, int dV)
    {
        var queries = TestData.Random(seqLenQ, dK, seed: 1);
        var keys = TestData.Random(seqLenK, dK, seed: 2);
        var values = TestData.Random(seqLenK, dV, seed: 3);

        var fast = Ops.ScaledDotProductAttention(queries, keys, values);
        var naive = Naive.ScaledDotProductAttention(queries, keys, values);

        // Scores: a dot product of length dK of values in [−1, 1), scaled by 1/√dK. Weights: softmax of those within 1e-6.
        // Output: a weighted average of values in [−1, 1) with weights summing to 1, within the weight error times S.
        TestData.AssertClose(naive.Scores, fast.Scores, dK * TestData.Epsilon, "scores");
        TestData.AssertClose(naive.Weights, fast.Weights, 1e-6f, "weights");
        TestData.AssertClose(naive.Output, fast.Output, seqLenK * 1e-6f, "output");
    }

    [Fact]
    public void Attention_agrees_with_the_naive_attention_with_a_mask_a_bias_and_a_custom_scale()
    {
        const int seqLenQ = 20, seqLenK = 45, dK = 24, dV = 10;
        var queries = TestData.Random(seqLenQ, dK, seed: 4);
        var keys = TestData.Random(seqLenK, dK, seed: 5);
        var values = TestData.Random(seqLenK, dV, seed: 6);
        var bias = Matrix.RandomNormal(seqLenQ, seqLenK, seed: 7);
        var mask = Mask.Causal(seqLenQ, seqLenK).And(Mask.Padding(seqLenQ, seqLenK, validKeys: 40));

        var fast = Ops.ScaledDotProductAttention(queries, keys, values, mask, scale: 0.7f, bias);
        var naive = Naive.ScaledDotProductAttention(queries, keys, values, mask, scale: 0.7f, bias);

        TestData.AssertClose(naive.Scores, fast.Scores, 1e-5f, "scores");
        TestData.AssertClose(naive.Weights, fast.Weights, 1e-6f, "weights");
        TestData.AssertClose(naive.Output, fast.Output, seqLenK * 1e-6f, "output");
    }

    [Fact]
    public void The_default_scale_is_one_over_the_square_root_of_dK()
    {
        var queries = TestData.Random(6, 16, seed: 8);
        var keys = TestData.Random(9, 16, seed: 9);
        var values = TestData.Random(9, 5, seed: 10);

        var byDefault = Ops.ScaledDotProductAttention(queries, keys, values);
        var explicitQuarter = Ops.ScaledDotProductAttention(queries, keys, values, scale: 0.25f);

        Assert.Equal(explicitQuarter.Output.Data, byDefault.Output.Data);
    }

    [Fact]
    public void Every_row_of_the_weights_sums_to_one()
    {
        var x = TestData.Random(33, 16, seed: 11);

        var weights = Ops.ScaledDotProductAttention(x, x, x).Weights;

        for (int t = 0; t < weights.Rows; t++)
            Assert.Equal(1f, weights.Row(t).ToArray().Sum(), 1e-5f);
    }

    [Fact]
    public void A_fully_masked_query_gets_zero_weights_and_a_zero_output()
    {
        var queries = TestData.Random(3, 4, seed: 12);
        var keys = TestData.Random(5, 4, seed: 13);
        var values = TestData.Random(5, 6, seed: 14);
        var mask = Mask.FromArray(new[,]
        {
            { true, true, false, false, false },
            { false, false, false, false, false },
            { true, true, true, true, true },
        });

        var result = Ops.ScaledDotProductAttention(queries, keys, values, mask);

        Assert.All(result.Weights.Row(1).ToArray(), w => Assert.Equal(0f, w));
        Assert.All(result.Output.Row(1).ToArray(), o => Assert.Equal(0f, o));
        Assert.All(result.Scores.Row(1).ToArray(), s => Assert.Equal(float.NegativeInfinity, s));
        Assert.Equal(1f, result.Weights.Row(0).ToArray().Sum(), 1e-6f);
        TestData.AssertClose(Naive.ScaledDotProductAttention(queries, keys, values, mask).Output, result.Output, 1e-6f);
    }

    [Fact]
    public void A_row_whose_bias_is_all_negative_infinity_is_treated_like_a_fully_masked_row()
    {
        var x = TestData.Random(3, 4, seed: 15);
        var bias = new Matrix(3, 3);
        bias.Row(2).Fill(float.NegativeInfinity);

        var result = Ops.ScaledDotProductAttention(x, x, x, bias: bias);

        Assert.All(result.Weights.Row(2).ToArray(), w => Assert.Equal(0f, w));
        Assert.All(result.Output.Row(2).ToArray(), o => Assert.Equal(0f, o));
    }

    [Fact]
    public void A_NaN_in_one_key_makes_the_weights_NaN_in_every_row_that_may_attend_to_it_and_no_other()
    {
        var x = TestData.Random(5, 4, seed: 16);
        var keys = x.Clone();
        keys[2, 1] = float.NaN;

        var unmasked = Ops.ScaledDotProductAttention(x, keys, x);
        var causal = Ops.ScaledDotProductAttention(x, keys, x, Mask.Causal(5));

        Assert.All(unmasked.Weights.Data, w => Assert.True(float.IsNaN(w)));
        // Causal: rows 0 and 1 block key 2, so their score is −∞ whatever the key holds; rows 2–4 see it.
        for (int t = 0; t < 5; t++)
        {
            Assert.Equal(t >= 2, float.IsNaN(causal.Weights[t, 0]));
            Assert.Equal(t >= 2, float.IsNaN(causal.Output[t, 0]));
        }
        var naiveCausal = Naive.ScaledDotProductAttention(x, keys, x, Mask.Causal(5));
        TestData.AssertClose(naiveCausal.Output, causal.Output, 1e-6f);
    }

    [Fact]
    public void A_NaN_in_one_value_reaches_every_output_row_even_where_its_weight_is_zero()
    {
        // 0·NaN = NaN: a masked-out value row still poisons the product, as in PyTorch.
        var x = TestData.Random(4, 4, seed: 17);
        var values = x.Clone();
        values[3, 0] = float.NaN;

        var result = Ops.ScaledDotProductAttention(x, x, values, Mask.Causal(4));

        for (int t = 0; t < 4; t++)
        {
            Assert.True(float.IsNaN(result.Output[t, 0]));
            Assert.False(float.IsNaN(result.Output[t, 1]));
        }
        Assert.False(float.IsNaN(result.Weights[0, 0]));
    }

    [Fact]
    public void A_positive_infinity_score_makes_its_row_of_weights_NaN()
    {
        var x = TestData.Random(3, 4, seed: 18);
        var bias = new Matrix(3, 3);
        bias[1, 2] = float.PositiveInfinity;

        var result = Ops.ScaledDotProductAttention(x, x, x, bias: bias);

        Assert.All(result.Weights.Row(1).ToArray(), w => Assert.True(float.IsNaN(w)));
        Assert.All(result.Weights.Row(0).ToArray(), w => Assert.True(float.IsFinite(w)));
        Assert.All(Naive.ScaledDotProductAttention(x, x, x, bias: bias).Weights.Row(1).ToArray(), w => Assert.True(float.IsNaN(w)));
    }

    [Fact]
    public void Attention_names_keys_and_both_shapes_when_dK_differs()
    {
        var ex = Assert.Throws<ArgumentException>(() =>
            Ops.ScaledDotProductAttention(new Matrix(3, 16), new Matrix(5, 8), new Matrix(5, 8)));

        Assert.Equal("keys", ex.ParamName);
        TestData.AssertMessageContains(ex, "keys is (5, 8) but queries have dK = 16", "(3, 16)");
    }

    [Fact]
    public void Attention_names_values_and_both_shapes_when_the_row_counts_differ()
    {
        var ex = Assert.Throws<ArgumentException>(() =>
            Ops.ScaledDotProductAttention(new Matrix(3, 8), new Matrix(5, 8), new Matrix(4, 8)));

        Assert.Equal("values", ex.ParamName);
        TestData.AssertMessageContains(ex, "values has 4 rows but keys have 5", "(4, 8)", "(5, 8)");
    }

    [Fact]
    public void Attention_names_the_mask_and_the_score_shape_when_the_mask_does_not_fit()
    {
        var ex = Assert.Throws<ArgumentException>(() =>
            Ops.ScaledDotProductAttention(new Matrix(3, 8), new Matrix(5, 8), new Matrix(5, 8), Mask.Causal(3)));

        Assert.Equal("mask", ex.ParamName);
        TestData.AssertMessageContains(ex, "mask is (3, 3)", "(3, 5)");
    }

    [Fact]
    public void Attention_names_the_bias_and_the_score_shape_when_the_bias_does_not_fit()
    {
        var ex = Assert.Throws<ArgumentException>(() =>
            Ops.ScaledDotProductAttention(new Matrix(3, 8), new Matrix(5, 8), new Matrix(5, 8), bias: new Matrix(5, 3)));

        Assert.Equal("bias", ex.ParamName);
        TestData.AssertMessageContains(ex, "bias is (5, 3)", "(3, 5)");
    }

    [Theory]
    [InlineData(float.NaN)]
    [InlineData(float.PositiveInfinity)]
    public void Attention_rejects_a_scale_that_is_not_finite(float scale)
    {
        var x = new Matrix(2, 2);
        var ex = Assert.Throws<ArgumentOutOfRangeException>(() => Ops.ScaledDotProductAttention(x, x, x, scale: scale));
        Assert.Equal("scale", ex.ParamName);
    }

    [Fact]
    public void Attention_throws_ArgumentNullException_naming_a_null_matrix()
    {
        var x = new Matrix(2, 2);
        Assert.Equal("queries", Assert.Throws<ArgumentNullException>(() => Ops.ScaledDotProductAttention(null!, x, x)).ParamName);
        Assert.Equal("keys", Assert.Throws<ArgumentNullException>(() => Ops.ScaledDotProductAttention(x, null!, x)).ParamName);
        Assert.Equal("values", Assert.Throws<ArgumentNullException>(() => Ops.ScaledDotProductAttention(x, x, null!)).ParamName);
    }

    [Fact]
    public void Naive_attention_validates_its_arguments_like_the_fast_one()
    {
        var ex = Assert.Throws<ArgumentException>(() =>
            Naive.ScaledDotProductAttention(new Matrix(3, 16), new Matrix(5, 8), new Matrix(5, 8)));
        TestData.AssertMessageContains(ex, "keys is (5, 8) but queries have dK = 16");
    }
}
