using Attention;
using static Attention.Tests.EfficientTestSupport;

namespace Attention.Tests;

/// <summary>Longformer and BigBird: the patterns against hand-worked masks, the kernels against dense attention under the mask.</summary>
public class EfficientSparseTests
{
    [Fact]
    public void Longformer_pattern_of_six_tokens_matches_the_mask_drawn_by_hand()
    {
        // halfWindow 1: the band |t − s| ≤ 1; token 0 is global: row 0 and column 0 are all allowed.
        var expected = new[,]
        {
            { 1, 1, 1, 1, 1, 1 },
            { 1, 1, 1, 0, 0, 0 },
            { 1, 1, 1, 1, 0, 0 },
            { 1, 0, 1, 1, 1, 0 },
            { 1, 0, 0, 1, 1, 1 },
            { 1, 0, 0, 0, 1, 1 },
        };
        var mask = Longformer.Pattern(6, halfWindow: 1, globalTokens: [0]);

        for (int t = 0; t < 6; t++)
            for (int s = 0; s < 6; s++)
                Assert.True(mask[t, s] == (expected[t, s] == 1), $"({t}, {s})");
    }

    [Fact]
    public void Longformer_causal_pattern_is_a_band_below_the_diagonal()
    {
        var mask = Longformer.Pattern(5, halfWindow: 2, causal: true);

        for (int t = 0; t < 5; t++)
            for (int s = 0; s < 5; s++)
                Assert.Equal(s <= t && t - s <= 2, mask[t, s]);
    }

    [Theory]
    [InlineData(1, 8, 0, false)]
    [InlineData(7, 8, 1, false)]
    [InlineData(33, 16, 3, false)]
    [InlineData(65, 8, 4, true)]
    [InlineData(130, 24, 10, false)]
    public void Longformer_kernel_equals_dense_attention_under_its_mask(int seqLen, int dK, int halfWindow, bool causal)
    {
        var queries = TestData.Random(seqLen, dK, 1);
        var keys = TestData.Random(seqLen, dK, 2);
        var values = TestData.Random(seqLen, 5, 3);
        int[] globals = seqLen > 4 ? [0, seqLen / 2] : [];

        var output = Longformer.Attention(queries, keys, values, halfWindow, globals, causal);

        var reference = DenseReference(queries, keys, values, Longformer.Pattern(seqLen, halfWindow, globals, causal));
        TestData.AssertClose(reference, output, Tolerance(values));
    }

    [Fact]
    public void Longformer_cost_counts_exactly_the_allowed_pairs_and_allocates_what_it_counts()
    {
        int seqLen = 128, dK = 16, dV = 8;
        int[] globals = [0, 77];
        var cost = Longformer.Cost(seqLen, dK, dV, halfWindow: 5, globals);
        var queries = TestData.Random(seqLen, dK, 4);
        var keys = TestData.Random(seqLen, dK, 5);
        var values = TestData.Random(seqLen, dV, 6);

        Assert.Equal(CountAllowed(Longformer.Pattern(seqLen, 5, globals)), cost.Pairs);
        Assert.Equal(CountAllowed(Longformer.Pattern(seqLen, 5, causal: true)), Longformer.Cost(seqLen, dK, dV, 5, causal: true).Pairs);
        Assert.Equal(2 * cost.Pairs * (dK + dV), cost.Flops);
        var output = Longformer.Attention(queries, keys, values, 5, globals);
        AssertAllocationMatchesCost(cost, output, () => Longformer.Attention(queries, keys, values, 5, globals), slackBytes: 8192);
    }

    [Fact]
    public void Longformer_rejects_bad_windows_globals_and_cross_attention()
    {
        var x = TestData.Random(6, 4, 1);
        Assert.Equal("halfWindow", Assert.Throws<ArgumentOutOfRangeException>(() => Longformer.Pattern(6, -1)).ParamName);
        Assert.Equal("globalTokens", Assert.Throws<ArgumentOutOfRangeException>(() => Longformer.Pattern(6, 1, [6])).ParamName);
        var e = Assert.Throws<ArgumentException>(() => Longformer.Attention(x, TestData.Random(5, 4, 2), TestData.Random(5, 4, 3), 1));
        TestData.AssertMessageContains(e, "(5, 4)", "(6, 4)");
    }

    [Fact]
    public void BigBird_layout_has_window_global_and_distinct_random_blocks()
    {
        int[][] layout = BigBird.KeyBlocks(seqLen: 64, blockSize: 4, numRandomBlocks: 3, numGlobalBlocks: 2, seed: 7);

        Assert.Equal(16, layout.Length);
        Assert.Equal(Enumerable.Range(0, 16), layout[0]);                       // global query blocks see everything
        Assert.Equal(Enumerable.Range(0, 16), layout[1]);
        for (int i = 2; i < 16; i++)
        {
            var fixedBlocks = new[] { 0, 1, i - 1, i, Math.Min(15, i + 1) }.Distinct().ToArray();
            Assert.Subset(layout[i].ToHashSet(), fixedBlocks.ToHashSet());
            Assert.Equal(fixedBlocks.Length + 3, layout[i].Length);               // three random blocks on top
            Assert.Equal(layout[i].Order(), layout[i]);
        }
        Assert.Equal(layout, BigBird.KeyBlocks(64, 4, 3, 2, seed: 7));           // the seed fixes the pattern
        Assert.NotEqual(layout, BigBird.KeyBlocks(64, 4, 3, 2, seed: 8));
    }

    [Theory]
    [InlineData(8, 4, 0, 1)]
    [InlineData(37, 4, 2, 1)]
    [InlineData(64, 8, 1, 0)]
    [InlineData(130, 16, 3, 2)]
    public void BigBird_kernel_equals_dense_attention_under_its_mask(int seqLen, int blockSize, int numRandomBlocks, int numGlobalBlocks)
    {
        var queries = TestData.Random(seqLen, 16, 11);
        var keys = TestData.Random(seqLen, 16, 12);
        var values = TestData.Random(seqLen, 6, 13);

        var output = BigBird.Attention(queries, keys, values, blockSize, numRandomBlocks, numGlobalBlocks, seed: 3);

        var mask = BigBird.Pattern(seqLen, blockSize, numRandomBlocks, numGlobalBlocks, seed: 3);
        TestData.AssertClose(DenseReference(queries, keys, values, mask), output, Tolerance(values));
    }

    [Fact]
    public void BigBird_cost_counts_exactly_the_allowed_pairs_and_allocates_what_it_counts()
    {
        int seqLen = 100, dK = 16, dV = 8;
        var cost = BigBird.Cost(seqLen, dK, dV, blockSize: 8, numRandomBlocks: 2, numGlobalBlocks: 1, seed: 5);
        var queries = TestData.Random(seqLen, dK, 4);
        var values = TestData.Random(seqLen, dV, 6);

        Assert.Equal(CountAllowed(BigBird.Pattern(seqLen, 8, 2, 1, seed: 5)), cost.Pairs);
        Assert.Equal(2 * cost.Pairs * (dK + dV), cost.Flops);
        var output = BigBird.Attention(queries, queries, values, 8, 2, 1, seed: 5);
        AssertAllocationMatchesCost(cost, output, () => BigBird.Attention(queries, queries, values, 8, 2, 1, seed: 5), slackBytes: 16384);
    }

    /// <summary>The Longformer rule from its definition, pair by pair.</summary>
    private static bool LongformerAllows(int t, int s, int halfWindow, ICollection<int> globals, bool causal) =>
        (!causal || s <= t) && (Math.Abs(t - s) <= halfWindow || globals.Contains(t) || globals.Contains(s));

    [Fact]
    public void Longformer_pattern_and_cost_agree_with_the_rule_pair_by_pair_over_many_shapes()
    {
        var random = new Random(17);
        for (int trial = 0; trial < 300; trial++)
        {
            int seqLen = random.Next(1, 41), halfWindow = random.Next(0, 45);
            int[] globals = [.. Enumerable.Range(0, random.Next(0, 5)).Select(_ => random.Next(seqLen))];   // may repeat
            bool causal = random.Next(2) == 1;

            var mask = Longformer.Pattern(seqLen, halfWindow, globals, causal);
            var cost = Longformer.Cost(seqLen, 4, 2, halfWindow, globals, causal);

            long expected = 0;
            for (int t = 0; t < seqLen; t++)
                for (int s = 0; s < seqLen; s++)
                {
                    bool allowed = LongformerAllows(t, s, halfWindow, globals, causal);
                    if (allowed) expected++;
                    Assert.True(allowed == mask[t, s], $"T {seqLen}, h {halfWindow}, globals [{string.Join(", ", globals)}], causal {causal}: ({t}, {s})");
                }
            Assert.True(expected == cost.Pairs, $"T {seqLen}, h {halfWindow}, globals [{string.Join(", ", globals)}], causal {causal}: {cost.Pairs} pairs, expected {expected}");
        }
    }

    [Fact]
    public void Longformer_with_a_window_wider_than_any_sequence_is_dense_attention()
    {
        var queries = TestData.Random(20, 8, 1);
        var keys = TestData.Random(20, 8, 2);
        var values = TestData.Random(20, 3, 3);

        var output = Longformer.Attention(queries, keys, values, halfWindow: int.MaxValue);   // t ± halfWindow must not wrap

        TestData.AssertClose(DenseReference(queries, keys, values), output, Tolerance(values));
        Assert.Equal(400, Longformer.Cost(20, 8, 3, int.MaxValue).Pairs);
    }

    [Fact]
    public void A_Longformer_pattern_too_large_for_one_mask_fails_naming_seqLen_without_allocating_it()
    {
        long before = GC.GetAllocatedBytesForCurrentThread();
        var e = Assert.Throws<ArgumentOutOfRangeException>(() => Longformer.Pattern(65536, 1));
        var huge = Assert.Throws<ArgumentOutOfRangeException>(() => Longformer.Pattern(int.MaxValue, 1, [0]));
        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        Assert.Equal("seqLen", e.ParamName);
        TestData.AssertMessageContains(e, "(65536, 65536)");
        Assert.Equal("seqLen", huge.ParamName);
        Assert.True(allocated < 65536, $"allocated {allocated:N0} bytes before failing");
    }

    /// <summary>BigBird's layout as first written: a candidate list of every block not chosen, one random pick at a time.</summary>
    private static int[][] CandidateListLayout(int seqLen, int blockSize, int numRandomBlocks, int numGlobalBlocks, int seed)
    {
        int numBlocks = (seqLen - 1) / blockSize + 1;
        var random = new Random(seed);
        var layout = new int[numBlocks][];
        for (int i = 0; i < numBlocks; i++)
        {
            if (i < numGlobalBlocks) { layout[i] = [.. Enumerable.Range(0, numBlocks)]; continue; }
            var chosen = new SortedSet<int>(Enumerable.Range(0, numGlobalBlocks));
            for (int j = Math.Max(0, i - 1); j <= Math.Min(numBlocks - 1, i + 1); j++) chosen.Add(j);
            var candidates = Enumerable.Range(0, numBlocks).Where(j => !chosen.Contains(j)).ToList();
            for (int k = 0; k < numRandomBlocks && candidates.Count > 0; k++)
            {
                int pick = random.Next(candidates.Count);
                chosen.Add(candidates[pick]);
                candidates.RemoveAt(pick);
            }
            layout[i] = [.. chosen];
        }
        return layout;
    }

    [Theory]
    [InlineData(100, 8, 2, 1, 5)]
    [InlineData(1000, 16, 3, 2, 1)]
    [InlineData(64, 8, 20, 0, 3)]      // more random blocks than are left: every block
    [InlineData(9, 4, 1, 3, 2)]        // every block global
    public void BigBird_draws_the_same_blocks_as_the_candidate_list_and_its_cost_counts_them(int seqLen, int blockSize, int numRandomBlocks, int numGlobalBlocks, int seed)
    {
        var expected = CandidateListLayout(seqLen, blockSize, numRandomBlocks, numGlobalBlocks, seed);

        var layout = BigBird.KeyBlocks(seqLen, blockSize, numRandomBlocks, numGlobalBlocks, seed);

        Assert.Equal(expected, layout);
        var cost = BigBird.Cost(seqLen, 4, 2, blockSize, numRandomBlocks, numGlobalBlocks, seed);
        Assert.Equal(CountAllowed(BigBird.Pattern(seqLen, blockSize, numRandomBlocks, numGlobalBlocks, seed)), cost.Pairs);
        long entries = expected.Sum(blocks => (long)blocks.Length);
        long maxKeys = expected.Max(blocks => blocks.Sum(j => (long)Math.Min(blockSize, seqLen - j * blockSize)));
        long scratch = Math.Min(expected.Length, 3 + numGlobalBlocks + numRandomBlocks);
        Assert.Equal(entries + scratch + 2 * maxKeys, cost.WorkingFloats);
    }

    [Fact]
    public void BigBird_rejects_more_global_blocks_than_blocks()
    {
        var e = Assert.Throws<ArgumentOutOfRangeException>(() => BigBird.Pattern(16, 4, 1, numGlobalBlocks: 5));
        Assert.Equal("numGlobalBlocks", e.ParamName);
    }
}
