using Attention;
using static Attention.Tests.EfficientTestSupport;

namespace Attention.Tests;

public class EfficientMemoryEfficientAttentionTests
{
    [Theory]
    [InlineData(1, 1, 1, 1, 64)]
    [InlineData(7, 5, 8, 3, 2)]
    [InlineData(65, 130, 16, 8, 16)]
    [InlineData(130, 65, 32, 24, 64)]
    [InlineData(257, 257, 64, 64, 64)]
    public void Online_softmax_over_key_blocks_equals_Ops_ScaledDotProductAttention(int seqLenQ, int seqLenK, int dK, int dV, int blockSize)
    {
        var queries = TestData.Random(seqLenQ, dK, 1);
        var keys = TestData.Random(seqLenK, dK, 2);
        var values = TestData.Random(seqLenK, dV, 3);

        var output = MemoryEfficientAttention.Attention(queries, keys, values, blockSize: blockSize);

        TestData.AssertClose(Ops.ScaledDotProductAttention(queries, keys, values).Output, output, Tolerance(values));
        TestData.AssertClose(DenseReference(queries, keys, values), output, Tolerance(values));
    }

    [Fact]
    public void Masked_rows_match_dense_attention_and_a_fully_masked_row_gets_a_zero_output()
    {
        var queries = TestData.Random(40, 8, 4);
        var keys = TestData.Random(50, 8, 5);
        var values = TestData.Random(50, 4, 6);
        var random = new Random(9);
        var allowed = new bool[40, 50];
        for (int t = 0; t < 40; t++)
            for (int s = 0; s < 50; s++)
                allowed[t, s] = t != 3 && (random.NextDouble() < 0.3 || (t == 7 && s == 49));  // row 3 fully masked; row 7 sees the last block
        var mask = Mask.FromArray(allowed);

        var output = MemoryEfficientAttention.Attention(queries, keys, values, mask, blockSize: 16);

        TestData.AssertClose(DenseReference(queries, keys, values, mask), output, Tolerance(values));
        Assert.All(output.Row(3).ToArray(), v => Assert.Equal(0f, v));
    }

    [Fact]
    public void Large_scores_stay_finite_because_each_block_subtracts_the_running_maximum()
    {
        // scores near 1000: e^1000 overflows; the online softmax only ever exponentiates score − max ≤ 0
        var queries = TestData.Random(20, 4, 7) * 100f;
        var keys = TestData.Random(30, 4, 8) * 100f;
        var values = TestData.Random(30, 3, 9);

        var output = MemoryEfficientAttention.Attention(queries, keys, values, blockSize: 4);

        Assert.All(output.Data, v => Assert.True(float.IsFinite(v)));
        TestData.AssertClose(Ops.ScaledDotProductAttention(queries, keys, values).Output, output, 1e-4f);
    }

    [Fact]
    public void Working_memory_is_one_set_of_tiles_whatever_the_sequence_length()
    {
        var small = MemoryEfficientAttention.Cost(512, 512, 64, 64, blockSize: 32);
        var large = MemoryEfficientAttention.Cost(8192, 8192, 64, 64, blockSize: 32);

        // tiles: Q (32·64) + K (32·64) + V (32·64) + scores (32·32) + product and accumulator (2·32·64) + m, ℓ (2·32)
        Assert.Equal(32 * 64 * 3 + 32 * 32 + 2 * 32 * 64 + 2 * 32, small.WorkingFloats);
        Assert.Equal(small.WorkingFloats, large.WorkingFloats);
        Assert.Equal(AttentionCost.Dense(8192, 8192, 64, 64).Flops, large.Flops);  // same arithmetic as dense

        var queries = TestData.Random(200, 16, 1);
        var values = TestData.Random(200, 8, 2);
        var cost = MemoryEfficientAttention.Cost(200, 200, 16, 8, blockSize: 32);
        var output = MemoryEfficientAttention.Attention(queries, queries, values, blockSize: 32);
        // 7 × 7 tiles, two products each; Ops' GEMM allocates a few hundred transient bytes per call (nothing held)
        AssertAllocationMatchesCost(cost, output, () => MemoryEfficientAttention.Attention(queries, queries, values, blockSize: 32),
            slackBytes: 4096 + 2 * 49 * 256);
    }

    [Fact]
    public void Bad_arguments_are_rejected_at_the_boundary()
    {
        var x = TestData.Random(4, 8, 1);
        Assert.Equal("blockSize", Assert.Throws<ArgumentOutOfRangeException>(() => MemoryEfficientAttention.Attention(x, x, x, blockSize: 0)).ParamName);
        var e = Assert.Throws<ArgumentException>(() => MemoryEfficientAttention.Attention(x, TestData.Random(4, 6, 2), x));
        Assert.Equal("keys", e.ParamName);
    }
}
