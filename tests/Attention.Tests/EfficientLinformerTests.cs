using Attention;
using static Attention.Tests.EfficientTestSupport;

namespace Attention.Tests;

public class EfficientLinformerTests
{
    [Theory]
    [InlineData(1, 1)]
    [InlineData(9, 7)]
    [InlineData(40, 65)]
    public void With_identity_projections_Linformer_is_exactly_dense_attention(int seqLenQ, int seqLenK)
    {
        var queries = TestData.Random(seqLenQ, 8, 1);
        var keys = TestData.Random(seqLenK, 8, 2);
        var values = TestData.Random(seqLenK, 5, 3);
        var identity = Matrix.Identity(seqLenK);

        var output = Linformer.Attention(queries, keys, values, identity, identity);

        TestData.AssertClose(DenseReference(queries, keys, values), output, Tolerance(values));
    }

    /// <summary>
    /// Keys and values that change smoothly along the sequence give a smooth, numerically low-rank attention matrix:
    /// neighbouring columns are nearly equal, so averaging them (pooling) loses little, and less the finer the pooling.
    /// </summary>
    internal static (Matrix Queries, Matrix Keys, Matrix Values) SmoothSequence(int seqLen, int dK, int seed)
    {
        var queries = Matrix.RandomNormal(seqLen, dK, seed);
        var frequencies = Matrix.RandomNormal(2, dK, seed + 1);
        var keys = new Matrix(seqLen, dK);
        var values = new Matrix(seqLen, dK);
        for (int s = 0; s < seqLen; s++)
            for (int j = 0; j < dK; j++)
            {
                float x = 2f * MathF.PI * s / seqLen;
                keys[s, j] = 2f * MathF.Sin(x * (1 + j % 3) + frequencies[0, j]);
                values[s, j] = MathF.Cos(x * (1 + j % 2) + frequencies[1, j]);
            }
        return (queries, keys, values);
    }

    [Fact]
    public void Error_shrinks_as_k_grows_on_a_low_rank_attention_matrix()
    {
        var (queries, keys, values) = SmoothSequence(256, 16, seed: 3);
        var exact = DenseReference(queries, keys, values);
        int[] ks = [4, 8, 16, 32, 64, 128];

        double[] errors = [.. ks.Select(k =>
        {
            var pooling = Linformer.PoolingProjection(k, 256);
            return MeanAbsError(exact, Linformer.Attention(queries, keys, values, pooling, pooling));
        })];

        for (int i = 1; i < errors.Length; i++)
            Assert.True(errors[i] < errors[i - 1], $"error at k = {ks[i]} ({errors[i]:E2}) is not below k = {ks[i - 1]} ({errors[i - 1]:E2})");
        Assert.True(errors[^1] < errors[0] / 20, $"k = 128 should be far better than k = 4: {errors[^1]:E2} vs {errors[0]:E2}");
    }

    [Fact]
    public void Pooling_is_exact_when_keys_and_values_are_constant_within_each_segment()
    {
        var blockKeys = TestData.Random(4, 8, 1);
        var blockValues = TestData.Random(4, 3, 2);
        var keys = new Matrix(20, 8);
        var values = new Matrix(20, 3);
        for (int s = 0; s < 20; s++)
        {
            blockKeys.Row(s / 5).CopyTo(keys.Row(s));
            blockValues.Row(s / 5).CopyTo(values.Row(s));
        }
        var queries = TestData.Random(6, 8, 3);
        var pooling = Linformer.PoolingProjection(4, 20);

        TestData.AssertClose(DenseReference(queries, keys, values), Linformer.Attention(queries, keys, values, pooling, pooling), 1e-5f);
    }

    [Fact]
    public void Projections_have_the_documented_shape_and_entries()
    {
        var pooling = Linformer.PoolingProjection(3, 7);             // segments [0,2), [2,4), [4,7)
        TestData.AssertClose(Matrix.FromRows(
            [0.5f, 0.5f, 0, 0, 0, 0, 0],
            [0, 0, 0.5f, 0.5f, 0, 0, 0],
            [0, 0, 0, 0, 1f / 3, 1f / 3, 1f / 3]), pooling, 1e-7f);

        var random = Linformer.RandomProjection(64, 512, seed: 1);
        double variance = random.Data.Average(v => (double)v * v);
        Assert.Equal((64, 512), random.Shape);
        Assert.InRange(variance, 0.9 / 64, 1.1 / 64);                  // N(0, 1/k)
    }

    [Fact]
    public void Cost_counts_the_projections_and_the_T_by_k_attention_and_allocates_what_it_counts()
    {
        var cost = Linformer.Cost(100, 120, 16, 8, projectedLength: 10);
        Assert.Equal(1000, cost.Pairs);
        Assert.Equal(2L * 10 * 120 * 24 + 2L * 1000 * 24, cost.Flops);
        Assert.Equal(10 * 16 + 10 * 8 + 1000, cost.WorkingFloats);

        var queries = TestData.Random(100, 16, 1);
        var keys = TestData.Random(120, 16, 2);
        var values = TestData.Random(120, 8, 3);
        var e = Linformer.RandomProjection(10, 120, seed: 4);
        var output = Linformer.Attention(queries, keys, values, e, e);
        AssertAllocationMatchesCost(cost, output, () => Linformer.Attention(queries, keys, values, e, e));
    }

    [Fact]
    public void A_projection_that_does_not_span_the_keys_is_rejected_with_its_shape()
    {
        var x = TestData.Random(6, 4, 1);
        var e = Assert.Throws<ArgumentException>(() => Linformer.Attention(x, x, x, new Matrix(3, 5), new Matrix(3, 6)));
        Assert.Equal("keyProjection", e.ParamName);
        TestData.AssertMessageContains(e, "(3, 5)", "S = 6");
    }
}
