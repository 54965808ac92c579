using Attention;
using static Attention.Tests.EfficientTestSupport;

namespace Attention.Tests;

public class EfficientReformerTests
{
    /// <summary>Queries around a few cluster centres: attention is peaked inside each cluster, the setting LSH is for.</summary>
    internal static Matrix ClusteredQueries(int seqLen, int dK, int clusters, int seed)
    {
        var centres = Matrix.RandomNormal(clusters, dK, seed, std: 2f);
        var noise = Matrix.RandomNormal(seqLen, dK, seed + 1, std: 0.5f);
        var queries = new Matrix(seqLen, dK);
        var random = new Random(seed + 2);
        for (int t = 0; t < seqLen; t++)
        {
            int c = random.Next(clusters);
            for (int j = 0; j < dK; j++) queries[t, j] = centres[c, j] + noise[t, j];
        }
        return queries;
    }

    [Theory]
    [InlineData(16, 4, 4, 1, false)]
    [InlineData(65, 8, 8, 2, false)]
    [InlineData(130, 16, 16, 4, true)]
    public void Kernel_equals_dense_attention_with_shared_keys_under_its_pattern(int seqLen, int numBuckets, int chunkSize, int numHashes, bool causal)
    {
        var queries = ClusteredQueries(seqLen, 16, 5, seed: 1);
        var values = TestData.Random(seqLen, 6, 2);

        var output = Reformer.Attention(queries, values, numBuckets, chunkSize, numHashes, seed: 3, causal);

        var mask = Reformer.Pattern(queries, numBuckets, chunkSize, numHashes, seed: 3, causal);
        TestData.AssertClose(DenseReference(queries, Reformer.SharedKeys(queries), values, mask), output, Tolerance(values));
    }

    [Fact]
    public void A_query_never_attends_to_itself_unless_no_other_key_is_available()
    {
        var queries = ClusteredQueries(64, 8, 4, seed: 5);

        var pattern = Reformer.Pattern(queries, numBuckets: 8, chunkSize: 8, numHashes: 2, seed: 1);
        var causal = Reformer.Pattern(queries, numBuckets: 8, chunkSize: 8, numHashes: 2, seed: 1, causal: true);

        for (int t = 0; t < 64; t++)
        {
            Assert.False(pattern[t, t], $"query {t} attends to itself although its chunks hold other keys");
            int others = Enumerable.Range(0, 64).Count(s => s != t && causal[t, s]);
            Assert.Equal(others == 0, causal[t, t]);
        }
        Assert.True(causal[0, 0], "under a causal mask query 0 has no other key, so it attends to itself");
    }

    [Fact]
    public void With_enough_hashes_LSH_attention_recovers_the_top_weights_of_full_attention()
    {
        var queries = ClusteredQueries(256, 16, 8, seed: 7);
        var keys = Reformer.SharedKeys(queries);
        var full = Naive.ScaledDotProductAttention(queries, keys, keys).Weights;     // (T, S)

        double Recall(int numHashes)
        {
            var pattern = Reformer.Pattern(queries, numBuckets: 16, chunkSize: 32, numHashes, seed: 11);
            int found = 0, total = 0;
            for (int t = 0; t < 256; t++)
                foreach (int s in Enumerable.Range(0, 256).Where(s => s != t).OrderByDescending(s => full[t, s]).Take(4))
                {
                    total++;
                    if (pattern[t, s]) found++;
                }
            return (double)found / total;
        }

        double[] recall = [Recall(1), Recall(2), Recall(4), Recall(8)];
        Assert.True(recall[3] >= 0.95, $"recall of the top-4 keys with 8 hashes is {recall[3]:P1}");
        for (int i = 1; i < recall.Length; i++)
            Assert.True(recall[i] > recall[i - 1], $"recall should grow with the hashes: {string.Join(", ", recall.Select(r => r.ToString("P1")))}");
    }

    [Fact]
    public void Hashing_puts_a_vector_and_its_positive_multiples_in_the_same_bucket()
    {
        var x = TestData.Random(50, 8, 1);
        int[] buckets = Reformer.Hash(x, numBuckets: 6, seed: 2);

        Assert.All(buckets, b => Assert.InRange(b, 0, 5));
        Assert.Equal(buckets, Reformer.Hash(x * 3f, numBuckets: 6, seed: 2));
        Assert.Equal(buckets, Reformer.Hash(Reformer.SharedKeys(x), numBuckets: 6, seed: 2));
        Assert.Equal("numBuckets", Assert.Throws<ArgumentOutOfRangeException>(() => Reformer.Hash(x, 5, 1)).ParamName);
    }

    /// <summary>
    /// The paper's rule written out directly from <see cref="Reformer.Hash"/>: per round sort the positions by
    /// (bucket, position), let each attend to its chunk and the previous one; unite the rounds, drop the future if
    /// causal, and drop itself unless nothing else is left.
    /// </summary>
    private static bool[,] ReferencePattern(Matrix queries, int numBuckets, int chunkSize, int numHashes, int seed, bool causal)
    {
        int n = queries.Rows;
        var allowed = new bool[n, n];
        for (int round = 0; round < numHashes; round++)
        {
            int[] buckets = Reformer.Hash(queries, numBuckets, unchecked(seed * 1_000_003 + round));
            int[] order = [.. Enumerable.Range(0, n).OrderBy(t => buckets[t]).ThenBy(t => t)];
            for (int i = 0; i < n; i++)
                for (int j = 0; j < n; j++)
                    if (j / chunkSize == i / chunkSize || j / chunkSize == i / chunkSize - 1) allowed[order[i], order[j]] = true;
        }
        for (int t = 0; t < n; t++)
        {
            if (causal) for (int s = t + 1; s < n; s++) allowed[t, s] = false;
            bool others = Enumerable.Range(0, n).Any(s => s != t && allowed[t, s]);
            if (others) allowed[t, t] = false;
        }
        return allowed;
    }

    [Theory]
    [InlineData(16, 4, 4, 1, false)]
    [InlineData(65, 8, 8, 2, false)]
    [InlineData(50, 6, 7, 3, true)]
    [InlineData(20, 2, 64, 2, false)]
    public void Pattern_equals_the_papers_rule_applied_to_the_hashes(int seqLen, int numBuckets, int chunkSize, int numHashes, bool causal)
    {
        var queries = ClusteredQueries(seqLen, 8, 3, seed: 4);

        var mask = Reformer.Pattern(queries, numBuckets, chunkSize, numHashes, seed: 6, causal);

        var expected = ReferencePattern(queries, numBuckets, chunkSize, numHashes, seed: 6, causal);
        for (int t = 0; t < seqLen; t++)
            for (int s = 0; s < seqLen; s++)
                Assert.True(expected[t, s] == mask[t, s], $"({t}, {s}): expected {expected[t, s]}");
    }

    [Theory]
    [InlineData(128, 16, 16, 8, 8, 3)]
    [InlineData(100, 16, 8, 6, 7, 2)]
    [InlineData(1024, 64, 64, 16, 64, 4)]
    public void Cost_counts_the_working_memory_the_kernel_allocates(int seqLen, int dK, int dV, int numBuckets, int chunkSize, int numHashes)
    {
        var queries = ClusteredQueries(seqLen, dK, 4, seed: 3);
        var values = TestData.Random(seqLen, dV, 2);
        var cost = Reformer.Cost(seqLen, dK, dV, numBuckets, chunkSize, numHashes);

        var output = Reformer.Attention(queries, values, numBuckets, chunkSize, numHashes, seed: 1);

        // Slack: per round a Random, two matrices and five array headers (about 1 KiB); the rest is constant.
        AssertAllocationMatchesCost(cost, output, () => Reformer.Attention(queries, values, numBuckets, chunkSize, numHashes, seed: 1),
            slackBytes: 1024 + 1024L * numHashes);
    }

    [Fact]
    public void A_pattern_too_large_for_one_mask_fails_before_any_hashing()
    {
        var queries = new Matrix(65536, 1);                                       // a (65536, 65536) mask has 2³² entries

        long before = GC.GetAllocatedBytesForCurrentThread();
        var e = Assert.Throws<ArgumentOutOfRangeException>(() => Reformer.Pattern(queries, 2, 64, 1, seed: 1));
        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        Assert.Equal("queries", e.ParamName);
        TestData.AssertMessageContains(e, "(65536, 65536)");
        Assert.True(allocated < 65536, $"allocated {allocated:N0} bytes before failing; one round's sorted order alone is 256 KiB");
    }

    [Fact]
    public void Cost_bounds_the_pairs_found_and_grows_linearly()
    {
        var queries = ClusteredQueries(128, 16, 4, seed: 9);
        var cost = Reformer.Cost(128, 16, 16, numBuckets: 8, chunkSize: 8, numHashes: 3);
        long found = CountAllowed(Reformer.Pattern(queries, 8, 8, 3, seed: 1));

        Assert.Equal(128L * 2 * 8 * 3, cost.Pairs);
        Assert.InRange(found, cost.Pairs / 3, cost.Pairs);
        Assert.Equal(2 * Reformer.Cost(1024, 16, 16, 8, 8, 3).Pairs, Reformer.Cost(2048, 16, 16, 8, 8, 3).Pairs);
    }
}
