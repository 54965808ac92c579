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
    /// <exception cref="ArgumentOutOfRangeException">A (T, T) mask does not fit one array (checked before any hashing),
    /// numBuckets is not even and at least 2, or chunkSize or numHashes is not positive.</exception>
    public static Mask Pattern(Matrix queries, int numBuckets, int chunkSize, int numHashes, int seed, bool causal = false)
    {
        ArgumentNullException.ThrowIfNull(queries);
        Shapes.ElementCount(queries.Rows, queries.Rows, nameof(queries), "mask");
        ThrowIfBadSettings(numBuckets, chunkSize, numHashes);
        var rounds = SortedRounds(queries, numBuckets, numHashes, seed);
        return SparseKernel.ToMask(queries.Rows, queries.Rows, KeysOf(rounds, chunkSize, causal));
    }

    /// <summary>
    /// LSH self-attention with shared QK: the same output as
    /// <c>Ops.ScaledDotProductAttention(queries, Reformer.SharedKeys(queries), values, Reformer.Pattern(...))</c>,
    /// scoring only the pairs the hash rounds found.
    /// </summary>
    /// <remarks>
    /// Each round keeps only its sorted order and every position's place in it, (T) each; a query's keys are gathered
    /// from its chunk and the previous one in every round, sorted and deduplicated when its row is computed, so the
    /// found pairs are never stored.
    /// </remarks>
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
        ThrowIfBadSettings(numBuckets, chunkSize, numHashes);
        int perRound = (int)Math.Min(queries.Rows, 2L * chunkSize);              // keys one round can list, before deduplication
        int maxKeys = Shapes.ElementCount(numHashes, perRound, nameof(numHashes), "key list");
        var rounds = SortedRounds(queries, numBuckets, numHashes, seed);
        return SparseKernel.Attend(queries, SharedKeys(queries), values, scale ?? 1f / MathF.Sqrt(queries.Cols), maxKeys,
            KeysOf(rounds, chunkSize, causal));
    }

    /// <summary>
    /// The cost of <see cref="Attention"/>. Pairs: each of the T queries scores at most 2·c keys per round, so at most
    /// T·min(T, 2·c·R) (keys found by several rounds are scored once, so the real count can be lower). FLOPs: hashing
    /// 2·T·Dk·(b/2) a round, then 2·pairs·(Dk + Dv). Working memory, as allocated: the shared keys (T, Dk); per round
    /// the rotation (Dk, b/2), the projections (T, b/2), the buckets (T ints), the sort keys (T longs) and the kept
    /// sorted order and places in it (2·T ints); one row's key list and scores, R·min(T, 2·c) each. Each round's
    /// rotation, projections, buckets and sort keys are garbage once it is sorted, so the peak is lower than the count
    /// by up to (R − 1) rounds of them.
    /// </summary>
    /// <param name="seqLen">T, the sequence length.</param>
    /// <param name="dK">Dk, the query and key width.</param>
    /// <param name="dV">Dv, the value width.</param>
    /// <param name="numBuckets">b, an even number of buckets.</param>
    /// <param name="chunkSize">c, positions per chunk.</param>
    /// <param name="numHashes">R, hash rounds.</param>
    /// <exception cref="ArgumentOutOfRangeException">A size is not positive, numBuckets is not even, or the counts do not
    /// fit a long.</exception>
    public static AttentionCost Cost(int seqLen, int dK, int dV, int numBuckets, int chunkSize, int numHashes)
    {
        AttentionCost.ThrowIfNotPositive(seqLen, seqLen, dK, dV);
        ThrowIfBadSettings(numBuckets, chunkSize, numHashes);
        return AttentionCost.Count("Reformer", () =>
        {
            long t = seqLen, half = numBuckets / 2, rounds = numHashes;
            long pairs = t * Math.Min(t, 2L * chunkSize * numHashes);
            long flops = checked(rounds * 2 * t * dK * half + 2 * pairs * ((long)dK + dV));
            long perRound = checked(dK * half + t * half + t + 2 * t + 2 * t);
            long working = checked(t * dK + rounds * perRound + 2 * rounds * Math.Min(t, 2L * chunkSize));
            return (pairs, flops, working);
        }, (nameof(seqLen), seqLen), (nameof(dK), dK), (nameof(dV), dV), (nameof(numBuckets), numBuckets),
            (nameof(chunkSize), chunkSize), (nameof(numHashes), numHashes));
    }

    /// <summary>One hash round's positions sorted by (bucket, position), and each position's place in that order.</summary>
    private readonly record struct SortedRound(int[] Order, int[] Place);

    /// <summary>Hashes every round and sorts the positions by (bucket, position): two (T) int arrays kept per round.</summary>
    private static SortedRound[] SortedRounds(Matrix queries, int numBuckets, int numHashes, int seed)
    {
        int seqLen = queries.Rows;
        var rounds = new SortedRound[numHashes];
        for (int round = 0; round < numHashes; round++)
        {
            int[] buckets = Hash(queries, numBuckets, unchecked(seed * 1_000_003 + round));
            var order = new int[seqLen];
            var sortKeys = new long[seqLen];
            for (int t = 0; t < seqLen; t++)
            {
                order[t] = t;
                sortKeys[t] = (long)buckets[t] * seqLen + t;
            }
            Array.Sort(sortKeys, order);                                         // by bucket, then by position
            var place = new int[seqLen];
            for (int i = 0; i < seqLen; i++) place[order[i]] = i;
            rounds[round] = new SortedRound(order, place);
        }
        return rounds;
    }

    /// <summary>
    /// Lists query t's keys: in every round its own chunk of the sorted order and the previous one, then sorted, without
    /// duplicates and, if causal, without the future; itself only when nothing else is left.
    /// </summary>
    private static SparseKernel.KeysOfQuery KeysOf(SortedRound[] rounds, int chunkSize, bool causal) => (t, keys) =>
    {
        foreach (var (order, place) in rounds)
        {
            int chunk = place[t] / chunkSize;
            int from = (int)Math.Max(0, (chunk - 1L) * chunkSize), to = (int)Math.Min(order.Length, (chunk + 1L) * chunkSize);
            for (int j = from; j < to; j++) keys.Add(order[j]);                  // own chunk and the previous one
        }
        keys.Sort();
        int kept = 0;                                                            // drop duplicates and, if causal, the future
        for (int i = 0; i < keys.Count; i++)
            if ((kept == 0 || keys[i] != keys[kept - 1]) && (!causal || keys[i] <= t)) keys[kept++] = keys[i];
        keys.RemoveRange(kept, keys.Count - kept);
        if (keys.Count > 1) keys.Remove(t);                                      // itself only when nothing else
    };

    private static void ThrowIfBadSettings(int numBuckets, int chunkSize, int numHashes)
    {
        ThrowIfBadBuckets(numBuckets);
        ThrowHelper.ThrowIfNotPositive(chunkSize);
        ThrowHelper.ThrowIfNotPositive(numHashes);
    }

    private static void ThrowIfBadBuckets(int numBuckets)
    {
        if (numBuckets < 2 || numBuckets % 2 != 0)
            throw new ArgumentOutOfRangeException(nameof(numBuckets), numBuckets, $"numBuckets must be an even number of at least 2 but is {numBuckets}.");
    }
}
