using Attention;

namespace Attention.Tests;

public class MultiHeadAttentionTests
{
    /// <summary>
    /// The reference: multi-head attention spelled out with the naive kernels, one head at a time, slicing the
    /// projected columns by hand instead of calling SplitHeads/MergeHeads.
    /// </summary>
    private static (Matrix Output, Matrix[] Weights) NaiveMultiHead(MultiHeadAttention layer, Matrix queries, Matrix keys, Matrix values, Mask? mask, Tensor3? bias)
    {
        static Matrix Project(Linear layer, Matrix x)
        {
            var y = Naive.MatMul(x, layer.Weight);
            if (layer.Bias is not null)
                for (int t = 0; t < y.Rows; t++)
                    for (int j = 0; j < y.Cols; j++) y[t, j] += layer.Bias[j];
            return y;
        }

        var q = Project(layer.WQ, queries);
        var k = Project(layer.WK, keys);
        var v = Project(layer.WV, values);
        int dK = layer.DK;
        var concat = new Matrix(queries.Rows, layer.DModel);
        var weights = new Matrix[layer.NumHeads];
        for (int h = 0; h < layer.NumHeads; h++)
        {
            var head = Naive.ScaledDotProductAttention(q.SliceCols(h * dK, dK), k.SliceCols(h * dK, dK), v.SliceCols(h * dK, dK), mask, bias: bias?[h]);
            weights[h] = head.Weights;
            for (int t = 0; t < queries.Rows; t++)
                for (int d = 0; d < dK; d++) concat[t, h * dK + d] = head.Output[t, d];
        }
        return (Project(layer.WO, concat), weights);
    }

    [Fact]
    public void SplitHeads_of_a_2x4_matrix_into_2_heads_matches_the_split_worked_by_hand()
    {
        // Head h takes columns [2h, 2h + 2): head 0 = [[1, 2], [5, 6]], head 1 = [[3, 4], [7, 8]].
        var x = Matrix.FromArray(new float[,] { { 1, 2, 3, 4 }, { 5, 6, 7, 8 } });

        var heads = MultiHeadAttention.SplitHeads(x, numHeads: 2);

        Assert.Equal(new float[,,] { { { 1, 2 }, { 5, 6 } }, { { 3, 4 }, { 7, 8 } } }, heads.ToArray());
        Assert.Equal(x.Data, MultiHeadAttention.MergeHeads(heads).Data);
    }

    [Fact]
    public void MergeHeads_undoes_SplitHeads()
    {
        var x = TestData.Random(7, 24, seed: 1);

        Assert.Equal(x.Data, MultiHeadAttention.MergeHeads(MultiHeadAttention.SplitHeads(x, 6)).Data);
    }

    [Theory]
    [InlineData(8, 1, 5, 5)]
    [InlineData(16, 4, 9, 9)]
    [InlineData(24, 3, 4, 11)]
    [InlineData(64, 8, 33, 33)]
    public void Forward_agrees_with_multi_head_attention_spelled_out_with_the_naive_kernels(int dModel, int numHeads, int seqLenQ, int seqLenK)
    {
        var layer = new MultiHeadAttention(dModel, numHeads, seed: 10);
        var queries = TestData.Random(seqLenQ, dModel, seed: 11);
        var keys = TestData.Random(seqLenK, dModel, seed: 12);
        var values = TestData.Random(seqLenK, dModel, seed: 13);

        var result = layer.Forward(queries, keys, values);
        var (output, weights) = NaiveMultiHead(layer, queries, keys, values, mask: null, bias: null);

        Assert.Equal((numHeads, seqLenQ, seqLenK), result.Weights.Shape);
        Assert.Equal((numHeads, seqLenQ, dModel / numHeads), result.HeadOutputs.Shape);
        for (int h = 0; h < numHeads; h++) TestData.AssertClose(weights[h], result.Weights[h], 1e-5f, $"head {h} weights");
        TestData.AssertClose(output, result.Output, 1e-4f, "output");
    }

    [Fact]
    public void Forward_with_a_causal_mask_and_a_per_head_bias_agrees_with_the_naive_spelling()
    {
        const int dModel = 12, numHeads = 3, seqLen = 10;
        var layer = new MultiHeadAttention(dModel, numHeads, seed: 20);
        var x = TestData.Random(seqLen, dModel, seed: 21);
        var bias = new Tensor3([.. Enumerable.Range(0, numHeads).Select(h => Matrix.RandomNormal(seqLen, seqLen, seed: 30 + h))]);
        var mask = Mask.Causal(seqLen);

        var result = layer.Forward(x, mask, bias);
        var (output, weights) = NaiveMultiHead(layer, x, x, x, mask, bias);

        for (int h = 0; h < numHeads; h++) TestData.AssertClose(weights[h], result.Weights[h], 1e-5f, $"head {h} weights");
        TestData.AssertClose(output, result.Output, 1e-4f, "output");
        Assert.Equal(0f, result.Weights[1, 0, 1]);
    }

    [Fact]
    public void Self_attention_Forward_equals_Forward_with_x_as_queries_keys_and_values()
    {
        var layer = new MultiHeadAttention(16, 2, seed: 3);
        var x = TestData.Random(6, 16, seed: 4);

        Assert.Equal(layer.Forward(x, x, x).Output.Data, layer.Forward(x).Output.Data);
    }

    [Fact]
    public void The_seeded_constructor_uses_seed_to_seed_plus_3_for_the_four_projections()
    {
        var layer = new MultiHeadAttention(8, 2, seed: 100);

        Assert.Equal(new Linear(8, 8, seed: 100).Weight.Data, layer.WQ.Weight.Data);
        Assert.Equal(new Linear(8, 8, seed: 101).Weight.Data, layer.WK.Weight.Data);
        Assert.Equal(new Linear(8, 8, seed: 102).Weight.Data, layer.WV.Weight.Data);
        Assert.Equal(new Linear(8, 8, seed: 103).Weight.Data, layer.WO.Weight.Data);
        Assert.Equal((8, 2, 4), (layer.DModel, layer.NumHeads, layer.DK));
        Assert.Null(new MultiHeadAttention(8, 2, seed: 1, bias: false).WO.Bias);
    }

    [Fact]
    public void Constructor_names_dModel_and_numHeads_when_they_do_not_divide()
    {
        var ex = Assert.Throws<ArgumentException>(() => new MultiHeadAttention(10, 3, seed: 1));

        TestData.AssertMessageContains(ex, "dModel = 10 is not divisible by numHeads = 3");
        var exLayers = Assert.Throws<ArgumentException>(() => MultiHeadAttention.FromWeights(new Linear(10, 10, 1), new Linear(10, 10, 2), new Linear(10, 10, 3), new Linear(10, 10, 4), 3));
        TestData.AssertMessageContains(exLayers, "dModel = 10 is not divisible by numHeads = 3");
    }

    [Theory]
    [InlineData(0, 2)]
    [InlineData(8, 0)]
    [InlineData(-8, 2)]
    public void Constructor_rejects_sizes_that_are_not_positive(int dModel, int numHeads)
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new MultiHeadAttention(dModel, numHeads, seed: 1));
    }

    [Fact]
    public void Constructor_names_a_projection_that_is_not_dModel_by_dModel()
    {
        var ex = Assert.Throws<ArgumentException>(() => MultiHeadAttention.FromWeights(new Linear(8, 8, 1), new Linear(8, 6, 2), new Linear(8, 8, 3), new Linear(8, 8, 4), 2));

        Assert.Equal("wK", ex.ParamName);
        TestData.AssertMessageContains(ex, "wK is (8, 6)", "wQ is (8, 8)");
        Assert.Equal("wO", Assert.Throws<ArgumentNullException>(() => MultiHeadAttention.FromWeights(new Linear(8, 8, 1), new Linear(8, 8, 2), new Linear(8, 8, 3), null!, 2)).ParamName);
    }

    [Fact]
    public void Forward_names_the_input_and_both_shapes_when_its_width_is_not_dModel()
    {
        var layer = new MultiHeadAttention(8, 2, seed: 1);

        var ex = Assert.Throws<ArgumentException>(() => layer.Forward(new Matrix(3, 8), new Matrix(4, 6), new Matrix(4, 8)));

        Assert.Equal("keys", ex.ParamName);
        TestData.AssertMessageContains(ex, "keys is (4, 6)", "dModel = 8", "(8, 8)");
    }

    [Fact]
    public void Forward_names_values_when_keys_and_values_have_different_lengths()
    {
        var layer = new MultiHeadAttention(8, 2, seed: 1);

        var ex = Assert.Throws<ArgumentException>(() => layer.Forward(new Matrix(3, 8), new Matrix(5, 8), new Matrix(4, 8)));

        Assert.Equal("values", ex.ParamName);
        TestData.AssertMessageContains(ex, "values has 4 rows but keys have 5");
    }

    [Fact]
    public void Forward_names_the_mask_and_the_bias_when_their_shapes_do_not_fit()
    {
        var layer = new MultiHeadAttention(8, 2, seed: 1);
        var x = new Matrix(3, 8);

        var exMask = Assert.Throws<ArgumentException>(() => layer.Forward(x, Mask.Causal(4)));
        Assert.Equal("mask", exMask.ParamName);
        TestData.AssertMessageContains(exMask, "mask is (4, 4)", "(3, 3)");

        var exBias = Assert.Throws<ArgumentException>(() => layer.Forward(x, bias: new Tensor3([new Matrix(3, 3)])));
        Assert.Equal("bias", exBias.ParamName);
        TestData.AssertMessageContains(exBias, "bias is (1, 3, 3)", "(2, 3, 3)");
    }

    [Fact]
    public void SplitHeads_names_numHeads_and_the_shape_when_the_columns_do_not_divide()
    {
        var ex = Assert.Throws<ArgumentException>(() => MultiHeadAttention.SplitHeads(new Matrix(2, 10), 3));

        Assert.Equal("numHeads", ex.ParamName);
        TestData.AssertMessageContains(ex, "x is (2, 10)", "numHeads = 3");
        var exZero = Assert.Throws<ArgumentOutOfRangeException>(() => MultiHeadAttention.SplitHeads(new Matrix(2, 10), 0));
        Assert.Equal("numHeads", exZero.ParamName);
        Assert.Equal("x", Assert.Throws<ArgumentNullException>(() => MultiHeadAttention.SplitHeads(null!, 2)).ParamName);
        Assert.Equal("heads", Assert.Throws<ArgumentNullException>(() => MultiHeadAttention.MergeHeads(null!)).ParamName);
    }

    [Fact]
    public void A_fully_masked_query_gets_zero_weights_in_every_head()
    {
        var layer = new MultiHeadAttention(8, 2, seed: 1);
        var x = TestData.Random(3, 8, seed: 2);
        var mask = Mask.FromArray(new[,] { { true, true, true }, { false, false, false }, { true, false, true } });
        for (int j = 0; j < 8; j++) layer.WO.Bias![j] = j + 1;

        var result = layer.Forward(x, mask);

        for (int h = 0; h < 2; h++)
        {
            Assert.All(result.Weights[h].Row(1).ToArray(), w => Assert.Equal(0f, w));
            Assert.All(result.HeadOutputs[h].Row(1).ToArray(), o => Assert.Equal(0f, o));
        }
        // With a zero concatenated head vector the output row is just W_O's bias.
        Assert.Equal([1f, 2f, 3f, 4f, 5f, 6f, 7f, 8f], result.Output.Row(1).ToArray());
    }
}
