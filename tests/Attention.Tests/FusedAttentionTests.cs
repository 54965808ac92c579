using System.Runtime.Intrinsics;
using Attention;
using Attention.Kernels;

namespace Attention.Tests;

/// <summary>The fused, tiled attention kernel against <see cref="Naive"/> and the dense path, and its lazy, immutable result.</summary>
public class FusedAttentionTests
{
    private static Mask SlidingWindow(int queries, int keys, int window)
    {
        var allowed = new bool[queries, keys];
        for (int t = 0; t < queries; t++)
            for (int s = 0; s < keys; s++)
            {
                int position = keys - queries + t; // bottom-right aligned like Mask.Causal
                allowed[t, s] = s <= position && s > position - window;
            }
        return Mask.FromArray(allowed);
    }

    private static Mask RandomMask(int queries, int keys, int seed, bool withEmptyRow)
    {
        var random = new Random(seed);
        var allowed = new bool[queries, keys];
        for (int t = 0; t < queries; t++)
            for (int s = 0; s < keys; s++) allowed[t, s] = random.NextDouble() < 0.6;
        if (withEmptyRow)
            for (int s = 0; s < keys; s++) allowed[queries / 2, s] = false;
        return Mask.FromArray(allowed);
    }

    private static Mask? MakeMask(string kind, int queries, int keys) => kind switch
    {
        "none" => null,
        "causal" => Mask.Causal(queries, keys),
        "window" => SlidingWindow(queries, keys, 37),
        "random" => RandomMask(queries, keys, seed: queries * 31 + keys, withEmptyRow: true),
        "padding" => Mask.Padding(queries, keys, Math.Max(1, keys - 5)),
        _ => throw new ArgumentOutOfRangeException(nameof(kind)),
    };

    public static TheoryData<int, int, int, int, string> Cases()
    {
        var data = new TheoryData<int, int, int, int, string>();
        var shapes = new[] { (1, 1, 1, 1), (7, 7, 8, 8), (65, 65, 64, 64), (257, 257, 64, 64), (7, 65, 16, 24), (50, 300, 33, 5), (130, 129, 64, 32), (97, 200, 80, 96) };
        foreach (var (t, s, dK, dV) in shapes)
            foreach (string mask in new[] { "none", "causal", "window", "random", "padding" })
            {
                if (mask == "causal" && t > s) continue;
                data.Add(t, s, dK, dV, mask);
            }
        return data;
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void The_fused_kernel_agrees_with_the_naive_reference(int seqLenQ, int seqLenK, int dK, int dV, string maskKind)
    {
        var q = TestData.Random(seqLenQ, dK, seed: 1 + seqLenQ);
        var k = TestData.Random(seqLenK, dK, seed: 2 + seqLenK);
        var v = TestData.Random(seqLenK, dV, seed: 3 + dV);
        Mask? mask = MakeMask(maskKind, seqLenQ, seqLenK);

        var fast = Ops.ScaledDotProductAttention(q, k, v, mask);
        var naive = Naive.ScaledDotProductAttention(q, k, v, mask);

        TestData.AssertClose(naive.Output, fast.Output, 2e-6f, "output");
        TestData.AssertClose(naive.Weights, fast.Weights, 2e-6f, "weights");
        TestData.AssertClose(naive.Scores, fast.Scores, 1e-5f, "scores");
    }

    public static TheoryData<string, string> PathsAndMasks()
    {
        var data = new TheoryData<string, string>();
        foreach (var path in new[] { nameof(Gemm.Path.Vector512), nameof(Gemm.Path.Vector256), nameof(Gemm.Path.Vector128) })
            foreach (string mask in new[] { "none", "causal", "random" })
                data.Add(path, mask);
        return data;
    }

    [Theory]
    [MemberData(nameof(PathsAndMasks))]
    public void Every_register_tile_path_gives_the_same_attention_with_a_bias(string pathName, string maskKind)
    {
        const int seqLenQ = 70, seqLenK = 150, dK = 24, dV = 40;
        var path = Enum.Parse<Gemm.Path>(pathName);
        var q = TestData.Random(seqLenQ, dK, seed: 11);
        var k = TestData.Random(seqLenK, dK, seed: 12);
        var v = TestData.Random(seqLenK, dV, seed: 13);
        var bias = TestData.Random(seqLenQ, seqLenK, seed: 14);
        Mask? mask = MakeMask(maskKind, seqLenQ, seqLenK);
        float scale = 0.3f;
        var output = new Matrix(seqLenQ, dV);

        FusedAttention.Run(View.Of(q), View.Of(k), View.Of(v), seqLenQ, seqLenK, dK, dV, scale,
            mask is null ? null : KeyRanges.From(mask), View.Of(bias), View.Of(output), path: path);

        var naive = Naive.ScaledDotProductAttention(q, k, v, mask, scale, bias);
        TestData.AssertClose(naive.Output, output, 2e-6f, pathName);
    }

    [Fact]
    public void Large_logits_give_the_same_weights_and_output_as_the_reference()
    {
        var q = TestData.Random(60, 16, seed: 21);
        var k = TestData.Random(200, 16, seed: 22);
        var v = TestData.Random(200, 8, seed: 23);
        float scale = 1000f; // scores up to ~1e4: exp overflows without the max subtraction

        var fast = Ops.ScaledDotProductAttention(q, k, v, Mask.Causal(60, 200), scale);
        var naive = Naive.ScaledDotProductAttention(q, k, v, Mask.Causal(60, 200), scale);

        Assert.All(fast.Output.Data, x => Assert.True(float.IsFinite(x)));
        // A score of 1e4 carries a float rounding of ~1e-3, which moves exp(score − max) by as much: tolerance to match.
        TestData.AssertClose(naive.Output, fast.Output, 2e-3f, "output");
        TestData.AssertClose(naive.Weights, fast.Weights, 2e-3f, "weights");
    }

    [Fact]
    public void Fully_masked_rows_get_zero_weights_and_a_zero_output_even_with_NaN_values()
    {
        const int seqLen = 200;
        var allowed = new bool[seqLen, seqLen];
        for (int t = 0; t < seqLen; t++)
            for (int s = 0; s < seqLen; s++) allowed[t, s] = t % 3 != 0 && s <= t;
        var x = TestData.Random(seqLen, 16, seed: 31);
        var values = x.Clone();
        values[5, 0] = float.NaN;

        var result = Ops.ScaledDotProductAttention(x, x, values, Mask.FromArray(allowed));

        for (int t = 0; t < seqLen; t += 3)
        {
            Assert.All(result.Output.Row(t).ToArray(), o => Assert.Equal(0f, o));
            Assert.All(result.Weights.Row(t).ToArray(), w => Assert.Equal(0f, w));
        }
        Assert.True(float.IsNaN(result.Output[7, 0])); // row 7 attends to value 5
        Assert.False(float.IsNaN(result.Output[7, 1]));
    }

    [Fact]
    public void Causal_attention_without_a_mask_equals_attention_with_the_causal_mask()
    {
        var q = TestData.Random(100, 32, seed: 41);
        var k = TestData.Random(300, 32, seed: 42);
        var v = TestData.Random(300, 20, seed: 43);

        var streamed = Ops.CausalAttention(q, k, v);
        var masked = Naive.ScaledDotProductAttention(q, k, v, Mask.Causal(100, 300));

        TestData.AssertClose(masked.Output, streamed.Output, 2e-6f, "output");
        TestData.AssertClose(masked.Weights, streamed.Weights, 2e-6f, "weights");
        Assert.Throws<ArgumentException>(() => Ops.CausalAttention(k, q, q));
    }

    [Fact]
    public void The_dense_path_materialises_the_same_result()
    {
        var q = TestData.Random(40, 16, seed: 51);
        var k = TestData.Random(90, 16, seed: 52);
        var v = TestData.Random(90, 12, seed: 53);
        var mask = RandomMask(40, 90, seed: 54, withEmptyRow: true);

        var dense = Ops.ScaledDotProductAttentionDense(q, k, v, mask);
        var fused = Ops.ScaledDotProductAttention(q, k, v, mask);

        Assert.True(dense.WeightsComputed);
        TestData.AssertClose(dense.Output, fused.Output, 2e-6f);
        TestData.AssertClose(dense.Weights, fused.Weights, 2e-6f);
    }

    [Fact]
    public void A_call_whose_weights_are_never_read_allocates_linear_not_quadratic_memory()
    {
        const int seqLen = 1024, dK = 32;
        var q = TestData.Random(seqLen, dK, seed: 61);
        var k = TestData.Random(seqLen, dK, seed: 62);
        var v = TestData.Random(seqLen, dK, seed: 63);
        var causal = Mask.Causal(seqLen);
        Ops.ScaledDotProductAttention(q, k, v, causal); // warm up: JIT, pooled buffers

        long before = GC.GetAllocatedBytesForCurrentThread();
        var result = Ops.ScaledDotProductAttention(q, k, v, causal);
        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        // Copies of Q and K, the output, row statistics and key ranges: about 3·T·Dk floats + O(T).
        long linear = 4L * (3 * seqLen * dK + 8 * seqLen) + 16 * 1024;
        long quadratic = 4L * seqLen * seqLen;
        Assert.True(allocated <= linear, $"allocated {allocated} bytes; O(T·Dk) allows {linear}, one (T, S) matrix is {quadratic}");
        Assert.False(result.WeightsComputed);

        long beforeDense = GC.GetAllocatedBytesForCurrentThread();
        Ops.ScaledDotProductAttentionDense(q, k, v, causal);
        Assert.True(GC.GetAllocatedBytesForCurrentThread() - beforeDense >= 2 * quadratic, "the dense path builds scores and weights");
    }

    [Fact]
    public void Changing_the_inputs_after_the_call_changes_nothing_in_the_result()
    {
        var q = TestData.Random(30, 8, seed: 71);
        var k = TestData.Random(50, 8, seed: 72);
        var v = TestData.Random(50, 8, seed: 73);
        var bias = TestData.Random(30, 50, seed: 74);
        var expected = Naive.ScaledDotProductAttention(q, k, v, Mask.Causal(30, 50), bias: bias);

        var result = Ops.ScaledDotProductAttention(q, k, v, Mask.Causal(30, 50), bias: bias);
        q.Data.AsSpan().Fill(5f);
        k.Data.AsSpan().Fill(-3f);
        v.Data.AsSpan().Fill(7f);
        bias.Data.AsSpan().Fill(100f);

        TestData.AssertClose(expected.Output, result.Output, 2e-6f, "output");
        TestData.AssertClose(expected.Weights, result.Weights, 2e-6f, "weights read after the change");
        TestData.AssertClose(expected.Scores, result.Scores, 1e-5f, "scores read after the change");
    }

    [Fact]
    public void ToString_and_equality_never_build_the_weights()
    {
        var x = TestData.Random(300, 8, seed: 81);
        var result = Ops.ScaledDotProductAttention(x, x, x);
        var multi = new MultiHeadAttention(8, 2, seed: 82).Forward(x);

        Assert.Equal("AttentionResult(Output (300, 8), Weights (300, 300))", result.ToString());
        Assert.Equal("MultiHeadAttentionResult(Output (300, 8), Weights (2, 300, 300))", multi.ToString());
        Assert.False(result.Equals(Ops.ScaledDotProductAttention(x, x, x)));
        Assert.True(result.Equals(result));
        _ = result.GetHashCode();
        Assert.False(result.WeightsComputed);
        Assert.False(multi.WeightsComputed);
        _ = result.Weights;
        Assert.True(result.WeightsComputed);
    }

    [Fact]
    public void Multi_head_attention_matches_per_head_naive_attention_on_two_blocks_of_heads_in_parallel()
    {
        const int seqLen = 130, dModel = 64, numHeads = 4;
        var layer = new MultiHeadAttention(dModel, numHeads, seed: 91);
        var x = TestData.Random(seqLen, dModel, seed: 92);
        var mask = SlidingWindow(seqLen, seqLen, 50);

        var result = layer.Forward(x, mask);

        var (expectedOutput, expectedWeights) = BlockReference.MultiHead(layer, x, x, mask);
        TestData.AssertClose(expectedOutput, result.Output, 2e-5f, "output");
        for (int h = 0; h < numHeads; h++)
            TestData.AssertClose(expectedWeights[h], result.Weights[h], 2e-6f, $"weights of head {h}");
    }

    [Fact]
    public void FastExp_is_within_two_ulp_of_exp_over_the_whole_float_range()
    {
        var inputs = new List<float>();
        for (float x = -110f; x <= 92f; x += 0.01373f) inputs.Add(x);
        inputs.AddRange([0f, -0f, 1e-8f, -1e-8f, 88.7f, 88.72f, -87.33f, -103.9f, -104f]);
        var source = inputs.ToArray();
        var destination = new float[source.Length];

        float sum = FastExp.ExpShiftedSum(source, destination, 0f);

        double exactSum = 0;
        for (int i = 0; i < source.Length; i++)
        {
            float exact = (float)Math.Exp(source[i]);
            exactSum += Math.Exp(source[i]);
            int ulps = Math.Abs(BitConverter.SingleToInt32Bits(exact) - BitConverter.SingleToInt32Bits(destination[i]));
            Assert.True(ulps <= 2, $"exp({source[i]:R}) = {exact:R} but FastExp gave {destination[i]:R} ({ulps} ulp)");
            Assert.Equal(destination[i], FastExp.Exp(source[i])); // scalar tail and vector lanes agree
            Assert.Equal(destination[i], FastExp.Exp(Vector256.Create(source[i])).ToScalar());
            Assert.Equal(destination[i], FastExp.Exp(Vector512.Create(source[i])).ToScalar());
        }
        Assert.True(float.IsPositiveInfinity(sum) == double.IsInfinity((float)exactSum));
    }

    [Fact]
    public void FastExp_maps_the_special_values_like_exp()
    {
        Assert.Equal(0f, FastExp.Exp(float.NegativeInfinity));
        Assert.Equal(float.PositiveInfinity, FastExp.Exp(float.PositiveInfinity));
        Assert.True(float.IsNaN(FastExp.Exp(float.NaN)));
        Assert.Equal(1f, FastExp.Exp(0f));
        Assert.Equal(0f, FastExp.Exp(-200f));
        Assert.Equal(float.PositiveInfinity, FastExp.Exp(100f));
    }
}
