using Attention;
using static Attention.Tests.EfficientTestSupport;

namespace Attention.Tests;

public class EfficientCostTests
{
    [Fact]
    public void Dense_cost_of_a_small_example_matches_the_count_worked_by_hand()
    {
        // T = 4, S = 6: 24 pairs. Each pair: a Dk = 8 dot product (16 FLOPs) and a Dv = 2 multiply-add into the
        // output (4 FLOPs) -> 24 · 20 = 480. Working memory: scores and weights, 2 · 24 floats = 192 bytes.
        var cost = AttentionCost.Dense(4, 6, 8, 2);

        Assert.Equal(24, cost.Pairs);
        Assert.Equal(480, cost.Flops);
        Assert.Equal(48, cost.WorkingFloats);
        Assert.Equal(192, cost.WorkingBytes);
    }

    [Fact]
    public void Dense_cost_allocates_what_it_counts_in_the_three_steps_of_chapter_6()
    {
        var queries = TestData.Random(96, 16, 1);
        var keys = TestData.Random(80, 16, 2);
        var values = TestData.Random(80, 8, 3);
        Matrix Dense() => Ops.MatMul(Ops.Softmax(Ops.MatMulTransposed(queries, keys) * 0.25f), values);

        // the · 0.25f scaling allocates one more (T, S) matrix: three (T, S) buffers, of which the cost counts two
        var cost = AttentionCost.Dense(96, 80, 16, 8);
        long allocated = AllocatedBytes(Dense);
        long expected = cost.WorkingBytes + 96L * 80 * 4 + 96L * 8 * 4;
        Assert.InRange(allocated, expected, expected + 1024);
    }

    [Fact]
    public void Costs_grow_like_n_squared_for_dense_and_exact_kernels_and_like_n_for_the_others()
    {
        int dK = 64, dV = 64;
        AttentionCost[] CostsAt(int n) =>
        [
            AttentionCost.Dense(n, n, dK, dV),
            MemoryEfficientAttention.Cost(n, n, dK, dV),
            Longformer.Cost(n, dK, dV, halfWindow: 64, globalTokens: [0]),
            BigBird.Cost(n, dK, dV, blockSize: 64, numRandomBlocks: 2, numGlobalBlocks: 1, seed: 1),
            Linformer.Cost(n, n, dK, dV, projectedLength: 128),
            Performer.Cost(n, n, dK, dV, numFeatures: 128),
            Reformer.Cost(n, dK, dV, numBuckets: 16, chunkSize: 64, numHashes: 2),
        ];
        var small = CostsAt(4096);
        var large = CostsAt(8192);

        for (int i = 0; i < small.Length; i++)
        {
            double ratio = (double)large[i].Flops / small[i].Flops;
            if (i < 2) Assert.Equal(4.0, ratio, 1e-9);                          // exact attention: n²
            else Assert.InRange(ratio, 1.9, 2.2);                               // linear up to the global rows
        }
        Assert.Equal(4.0, (double)large[0].WorkingFloats / small[0].WorkingFloats, 1e-9);   // dense: (T, S)
        Assert.Equal(small[1].WorkingFloats, large[1].WorkingFloats);                      // memory-efficient: tiles only
    }

    [Fact]
    public void Reformer_cost_of_a_small_example_matches_the_count_worked_by_hand()
    {
        // T = 16, Dk = 4, Dv = 2, b = 4 buckets, chunks of c = 2, R = 3 rounds.
        // Pairs: each query scores at most 2·c = 4 keys a round, 12 over the rounds (< T): 16 · 12 = 192.
        // FLOPs: hashing 3 rounds · 2·T·Dk·(b/2) = 3 · 2·16·4·2 = 768, then 2 · 192 · (4 + 2) = 2304; 3072 in all.
        // Working: shared keys 16·4 = 64; per round rotation 4·2 = 8, projections 16·2 = 32, buckets 16, sort keys 2·16,
        // order and places 2·16: 120, times 3 = 360; key list and scores, 3·min(16, 4) = 12 each: 24. 448 in all.
        var cost = Reformer.Cost(16, 4, 2, numBuckets: 4, chunkSize: 2, numHashes: 3);

        Assert.Equal(192, cost.Pairs);
        Assert.Equal(3072, cost.Flops);
        Assert.Equal(448, cost.WorkingFloats);
    }

    [Fact]
    public void Longformer_cost_of_ten_tokens_with_two_globals_matches_the_count_worked_by_hand()
    {
        // T = 10, halfWindow 2, globals 0 and 7. Rows 0 and 7 see all 10 keys. A plain row t sees its window
        // [t − 2, t + 2] ∩ [0, 9] and the globals outside it:
        //   t:    1  2  3  4  5  6  8  9
        //   keys: 5  6  7  7  6  6  5  4   -> 46, plus 20 for the global rows: 66 pairs.
        // Causal: row 0 sees 1 key, row 7 sees 8; a plain row min(t, 2) + 1 and the globals before t − 2:
        //   t:    1  2  3  4  5  6  8  9
        //   keys: 2  3  4  4  4  4  4  4   -> 29, plus 9: 38 pairs.
        // Working: the 2 global positions and one row's key list and scores of T = 10 each (a global row lists all): 22.
        var cost = Longformer.Cost(10, 4, 2, halfWindow: 2, globalTokens: [7, 0]);
        var causal = Longformer.Cost(10, 4, 2, halfWindow: 2, globalTokens: [7, 0], causal: true);
        var windowOnly = Longformer.Cost(10, 4, 2, halfWindow: 2);

        Assert.Equal((66L, 2L * 66 * 6, 22L), (cost.Pairs, cost.Flops, cost.WorkingFloats));
        Assert.Equal((38L, 2L * 38 * 6, 22L), (causal.Pairs, causal.Flops, causal.WorkingFloats));
        // Window only: 3 + 4 + 5·6 + 4 + 3 = 44 pairs; list and scores of min(T, 5) each: 10.
        Assert.Equal((44L, 10L), (windowOnly.Pairs, windowOnly.WorkingFloats));
    }

    [Fact]
    public void BigBird_cost_of_five_blocks_with_a_short_last_one_matches_the_count_worked_by_hand()
    {
        // T = 38, b = 8: blocks 0–3 of 8 tokens and block 4 of 6; g = 1, r = 0 (no randomness).
        //   query block 0 (global): all 38 keys · 8 rows = 304
        //   block 1: {0, 1, 2} = 24 keys · 8 = 192      block 2: {0, 1, 2, 3} = 32 · 8 = 256
        //   block 3: {0, 2, 3, 4} = 30 · 8 = 240         block 4: {0, 3, 4} = 22 · 6 = 132      -> 1124 pairs.
        // Working: layout entries 5 + 3 + 4 + 4 + 3 = 19, the scratch list min(5, 3 + 1 + 0) = 4, and one row's key list
        // and scores of 38 each (the global row): 19 + 4 + 76 = 99.
        var cost = BigBird.Cost(38, 4, 2, blockSize: 8, numRandomBlocks: 0, numGlobalBlocks: 1);

        Assert.Equal(1124, cost.Pairs);
        Assert.Equal(2L * 1124 * 6, cost.Flops);
        Assert.Equal(99, cost.WorkingFloats);
    }

    [Fact]
    public void Linformer_Performer_and_memory_efficient_costs_of_small_examples_match_the_counts_worked_by_hand()
    {
        // Linformer T = 5, S = 7, Dk = 3, Dv = 2, k = 4: projections 2·4·7·(3 + 2) = 280, attention 2·(5·4)·5 = 200;
        // working E·K (4, 3), F·V (4, 2) and the (5, 4) weights: 12 + 8 + 20 = 40.
        var linformer = Linformer.Cost(5, 7, 3, 2, projectedLength: 4);
        Assert.Equal((20L, 480L, 40L), (linformer.Pairs, linformer.Flops, linformer.WorkingFloats));

        // Performer T = 5, S = 7, Dk = 3, Dv = 2, M = 4: feature maps 2·12·4·3 = 288, sums and read-out 2·12·4·3 = 288;
        // working φ(Q) (5, 4), φ(K) (7, 4) and the (4, 3) sums: 20 + 28 + 12 = 60.
        var performer = Performer.Cost(5, 7, 3, 2, numFeatures: 4);
        Assert.Equal((20L, 576L, 60L), (performer.Pairs, performer.Flops, performer.WorkingFloats));

        // Memory-efficient T = 5, S = 7, Dk = 3, Dv = 2, B = 4: 35 pairs, 2·35·5 = 350 FLOPs; tiles Q 4·3, K 4·3, V 4·2,
        // scores 4·4, product and accumulator 2·4·2, m and ℓ 2·4: 12 + 12 + 8 + 16 + 16 + 8 = 72.
        var tiled = MemoryEfficientAttention.Cost(5, 7, 3, 2, blockSize: 4);
        Assert.Equal((35L, 350L, 72L), (tiled.Pairs, tiled.Flops, tiled.WorkingFloats));
    }

    [Fact]
    public void Longformer_and_BigBird_costs_at_huge_lengths_come_from_closed_forms_without_allocating_T()
    {
        const int seqLen = int.MaxValue;
        // Without globals: rows away from the ends see 2h + 1 keys; the h rows at each end lose h, h − 1, …, 1:
        // T·(2h + 1) − h·(h + 1).
        long before = GC.GetAllocatedBytesForCurrentThread();
        var longformer = Longformer.Cost(seqLen, 64, 64, halfWindow: 64);
        Assert.InRange(GC.GetAllocatedBytesForCurrentThread() - before, 0, 16_384);
        Assert.Equal((long)seqLen * 129 - 64L * 65, longformer.Pairs);

        // BigBird, T = 2²⁶ = 2²⁰ blocks of 64, g = 1, r = 0: the global block sees all T keys; blocks 1 and the last see
        // 3 blocks, every other block 4 (the global one and its window).
        const int blocks = 1 << 20, b = 64;
        var bigBird = BigBird.Cost(blocks * b, 64, 64, b, numRandomBlocks: 0, numGlobalBlocks: 1);
        Assert.Equal((long)b * blocks * b + 2L * b * 3 * b + (blocks - 3L) * b * 4 * b, bigBird.Pairs);
    }

    public static TheoryData<string, Func<AttentionCost>> HugeCosts() => new()
    {
        { "seqLenQ", () => AttentionCost.Dense(int.MaxValue, int.MaxValue, int.MaxValue, int.MaxValue) },
        { "seqLenK", () => AttentionCost.Dense(1 << 20, int.MaxValue, 1 << 20, 1 << 20) },
        { "seqLenQ", () => MemoryEfficientAttention.Cost(int.MaxValue, int.MaxValue, int.MaxValue, int.MaxValue, int.MaxValue) },
        { "projectedLength", () => Linformer.Cost(1 << 30, 1 << 30, 64, 64, int.MaxValue) },
        { "numFeatures", () => Performer.Cost(1 << 30, 1 << 30, 1 << 20, 1 << 20, int.MaxValue) },
        { "seqLen", () => Reformer.Cost(int.MaxValue, int.MaxValue, int.MaxValue, 16, int.MaxValue, int.MaxValue) },
        { "seqLen", () => Longformer.Cost(int.MaxValue, int.MaxValue, int.MaxValue, int.MaxValue) },
        { "seqLen", () => BigBird.Cost(int.MaxValue, int.MaxValue, int.MaxValue, blockSize: 1 << 20, numRandomBlocks: 2) },
    };

    [Theory]
    [MemberData(nameof(HugeCosts))]
    public void Costs_past_a_64_bit_count_throw_ArgumentOutOfRangeException_naming_the_largest_size(string parameter, Func<AttentionCost> cost)
    {
        // Exactly ArgumentOutOfRangeException, not the OverflowException of checked arithmetic.
        var e = Assert.Throws<ArgumentOutOfRangeException>(() => cost());
        Assert.Equal(parameter, e.ParamName);
        TestData.AssertMessageContains(e, "does not fit a 64-bit count", $"{parameter} = ");
    }

    [Fact]
    public void Cost_functions_reject_non_positive_shapes_naming_the_parameter()
    {
        var e = Assert.Throws<ArgumentOutOfRangeException>(() => AttentionCost.Dense(0, 4, 8, 8));
        Assert.Equal("seqLenQ", e.ParamName);
        Assert.Throws<ArgumentOutOfRangeException>(() => Linformer.Cost(4, 4, 8, 8, projectedLength: 0));
        Assert.Throws<ArgumentOutOfRangeException>(() => Reformer.Cost(16, 8, 8, numBuckets: 3, chunkSize: 4, numHashes: 1));
    }
}
