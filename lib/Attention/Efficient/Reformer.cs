namespace Attention;

/// <summary>
/// Reformer's LSH attention (Kitaev et al., 2020): hash every position with random rotations so that similar vectors
/// land in the same bucket, sort the positions by bucket, cut the sorted order into chunks, and let each query attend
/// only within its chunk and the previous one. Several hash rounds are united, so a pair missed by one round can be
/// found by another. Cost O(n·c·R) for chunks of c and R rounds, plus sorting, instead of O(n²).
/// </summary>
/// <remarks>
/// <para><b>Shared QK</b>: the keys are the queries scaled to unit length, k_s = q_s/‖q_s‖, so a query and its key
/// hash to the same bucket (<see cref="SharedKeys"/>).</para>
/// <para><b>No attention to itself</b>: q_t·k_t is almost always the largest score with shared QK, so, as in the paper,
/// a query attends to its own position only when no other key is available.</para>
/// <para><b>Hashing</b>: one round draws a random (Dk, b/2) rotation R and puts x in bucket argmax([x·R, −x·R]) of b.
/// Positions are sorted by (bucket, position); chunks do not wrap around, so the first chunk only sees itself.</para>
/// </remarks>
public static class Reformer
{
    /// <summary>The shared-QK keys: each query scaled to unit length (a zero query stays zero). Shape: (T, Dk).</summary>
    /// <param name="queries">Q. Shape: (T, Dk).</param>
    public static Matrix SharedKeys(Matrix queries)
    {
        ArgumentNullException.ThrowIfNull(queries);
        var keys = queries.Clone();
        for (int t = 0; t < keys.Rows; t++)
        {
            float norm = System.Numerics.Tensors.TensorPrimitives.Norm(keys.Row(t));
            if (norm > 0f) System.Numerics.Tensors.TensorPrimitives.Multiply(keys.Row(t), 1f / norm, keys.Row(t));
        }
        return keys;
    }

    /// <summary>One hash round: the bucket of every row, argmax([x·R, −x·R]) for a seeded random R. Shape: (T).</summary>
    /// <param name="x">The vectors to hash. Shape: (T, Dk).</param>
    /// <param name="numBuckets">b, an even number of buckets (at least 2).</param>
    /// <param name="seed">Seed of the random rotation.</param>
    public static int[] Hash(Matrix x, int numBuckets, int seed)
    {
        ArgumentNullException.ThrowIfNull(x);
        ThrowIfBadBuckets(numBuckets);
        var rotation = Matrix.RandomNormal(x.Cols, numBuckets / 2, seed);     // R, (Dk, b/2)
        var rotated = Ops.MatMul(x, rotation);                                // (T,Dk) x (Dk,b/2) -> (T,b/2)
        var buckets = new int[x.Rows];
        for (int t = 0; t < x.Rows; t++)
        {
            ReadOnlySpan<float> row = rotated.Row(t);
            float best = float.NegativeInfinity;
            for (int j = 0; j < row.Length; j++)
            {
                if (row[j] > best) { best = row[j]; buckets[t] = j; }
                if (-row[j] > best) { best = -row[j]; buckets[t] = j + row.Length; }
            }
        }
        return buckets;
    }

    /// <summary>Which keys each query attends to under LSH attention, as a mask. Shape: (T, T).</summary>
    /// <param name="queries">Q (the keys are <see cref="SharedKeys"/> of it). Shape: (T, Dk).</param>
    /// <param name="numBuckets">b, an even number of buckets.</param>
    /// <param name="chunkSize">c, positions per chunk of the sorted order.</param>
    /// <param name="numHashes">R, hash rounds united.</param>
    /// <param name="seed">Seed of the rotations (round r uses a seed derived from it).</param>
    /// <param name="causal">Also forbid every key after the query.</param>
    public static Mask Pattern(Matrix queries, int numBuckets, int chunkSize, int numHashes, int seed, bool causal = false)
    {
        int[][] keySets = KeySets(queries, numBuckets, chunkSize, numHashes, seed, causal);
        return SparseKernel.ToMask(queries.Rows, queries.Rows, (t, keys) => keys.AddRange(keySets[t]));
    }

    /// <summary>
    /// LSH self-attention with shared QK: the same output as
    /// <c>Ops.ScaledDotProductAttention(queries, Reformer.SharedKeys(queries), values, Reformer.Pattern(...))</c>,
    /// scoring only the pairs the hash rounds found.
    /// </summary>
    /// <param name="queries">Q, also the keys after scaling to unit length. Shape: (T, Dk).</param>
    /// <param name="values">V. Shape: (T, Dv).</param>
    /// <param name="numBuckets">b, an even number of buckets.</param>
    /// <param name="chunkSize">c, positions per chunk of the sorted order.</param>
    /// <param name="numHashes">R, hash rounds united.</param>
    /// <param name="seed">Seed of the rotations.</param>
    /// <param name="causal">Also forbid every key after the query.</param>
    /// <param name="scale">Multiplies the dot products; defaults to 1/√Dk. Shape: scalar.</param>
    /// <returns>The attention output. Shape: (T, Dv).</returns>
    public static Matrix Attention(Matrix queries, Matrix values, int numBuckets, int chunkSize, int numHashes, int seed,
        bool causal = false, float? scale = null)
    {
        Ops.ThrowIfBadAttentionArguments(queries, queries, values, mask: null, scale, bias: null);
        int[][] keySets = KeySets(queries, numBuckets, chunkSize, numHashes, seed, causal);
        int maxKeys = keySets.Max(set => set.Length);
        return SparseKernel.Attend(queries, SharedKeys(queries), values, scale ?? 1f / MathF.Sqrt(queries.Cols), maxKeys,
            (t, keys) => keys.AddRange(keySets[t]));
    }

    /// <summary>
    /// The cost of <see cref="Attention"/>, counted per round as in the paper: each of the T queries scores at most 2·c
    /// keys per round, so at most T·min(T, 2·c·R) pairs (keys found by several rounds are scored once, so the real
    /// count can be lower); hashing costs 2·T·Dk·(b/2) FLOPs a round. Working memory: the shared keys (T, Dk), one round's
    /// rotation and projections, and the key lists (one int per pair).
    /// </summary>
    /// <param name="seqLen">T, the sequence length.</param>
    /// <param name="dK">Dk, the query and key width.</param>
    /// <param name="dV">Dv, the value width.</param>
    /// <param name="numBuckets">b, an even number of buckets.</param>
    /// <param name="chunkSize">c, positions per chunk.</param>
    /// <param name="numHashes">R, hash rounds.</param>
    public static AttentionCost Cost(int seqLen, int dK, int dV, int numBuckets, int chunkSize, int numHashes)
    {
        AttentionCost.ThrowIfNotPositive(seqLen, seqLen, dK, dV);
        ThrowIfBadBuckets(numBuckets);
        ThrowHelper.ThrowIfNotPositive(chunkSize);
        ThrowHelper.ThrowIfNotPositive(numHashes);
        long pairs = (long)seqLen * Math.Min(seqLen, 2L * chunkSize * numHashes);
        long half = numBuckets / 2;
        long flops = checked(numHashes * 2L * seqLen * dK * half + 2 * pairs * (dK + dV));
        long working = checked((long)seqLen * dK + dK * half + seqLen * half + pairs + 2L * Math.Min(seqLen, 2L * chunkSize * numHashes));
        return new AttentionCost("Reformer", pairs, flops, working);
    }

    /// <summary>For every query, the sorted keys found by any hash round (itself only if nothing else).</summary>
    private static int[][] KeySets(Matrix queries, int numBuckets, int chunkSize, int numHashes, int seed, bool causal)
    {
        ArgumentNullException.ThrowIfNull(queries);
        ThrowIfBadBuckets(numBuckets);
        ThrowHelper.ThrowIfNotPositive(chunkSize);
        ThrowHelper.ThrowIfNotPositive(numHashes);
        int seqLen = queries.Rows;
        var found = new List<int>[seqLen];
        for (int t = 0; t < seqLen; t++) found[t] = [];
        for (int round = 0; round < numHashes; round++)
        {
            int[] buckets = Hash(queries, numBuckets, unchecked(seed * 1_000_003 + round));
            int[] order = [.. Enumerable.Range(0, seqLen)];
            long[] sortKeys = [.. order.Select(t => (long)buckets[t] * seqLen + t)];
            Array.Sort(sortKeys, order);                                         // by bucket, then by position
            for (int i = 0; i < seqLen; i++)
            {
                int chunk = i / chunkSize;
                int from = Math.Max(0, (chunk - 1) * chunkSize), to = Math.Min(seqLen, (chunk + 1) * chunkSize);
                for (int j = from; j < to; j++) found[order[i]].Add(order[j]);   // own chunk and the previous one
            }
        }
        var keySets = new int[seqLen][];
        for (int t = 0; t < seqLen; t++)
        {
            List<int> keys = found[t];
            keys.Sort();
            int kept = 0;                                                        // drop duplicates and, if causal, the future
            for (int i = 0; i < keys.Count; i++)
                if ((kept == 0 || keys[i] != keys[kept - 1]) && (!causal || keys[i] <= t)) keys[kept++] = keys[i];
            keys.RemoveRange(kept, keys.Count - kept);
            if (keys.Count > 1) keys.Remove(t);                                  // itself only when nothing else
            keySets[t] = [.. keys];
        }
        return keySets;
    }

    private static void ThrowIfBadBuckets(int numBuckets)
    {
        if (numBuckets < 2 || numBuckets % 2 != 0)
            throw new ArgumentOutOfRangeException(nameof(numBuckets), numBuckets, $"numBuckets must be an even number of at least 2 but is {numBuckets}.");
    }
}
