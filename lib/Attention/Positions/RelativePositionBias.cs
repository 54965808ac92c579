namespace Attention;

/// <summary>
/// T5's relative position bias (Raffel et al., 2020): no position vectors; each head adds a learned number to the
/// score of every (query, key) pair, chosen by the pair's relative position s − t put into a <b>bucket</b>. Near
/// distances get a bucket each, far ones share logarithmically wider buckets, and everything beyond
/// <see cref="MaxDistance"/> shares the last one, so the table is small and any length works.
/// </summary>
/// <remarks>
/// The bucket arithmetic is Hugging Face's <c>T5Attention._relative_position_bucket</c>, including its float32
/// logarithm, so bucket ids match T5 checkpoints. Bidirectional (encoder): half the buckets are for keys after the
/// query. Unidirectional (decoder): keys after the query all fall in bucket 0 (a causal mask hides them anyway).
/// The T queries are the last T of the S keys, as in <see cref="Mask.Causal(int, int)"/> and <see cref="Alibi"/>.
/// </remarks>
public sealed class RelativePositionBias
{
    /// <summary>A seeded table of standard-normal entries (T5's own initialisation differs; train it).</summary>
    /// <param name="numHeads">H, the number of heads. Shape: scalar.</param>
    /// <param name="seed">Seed of the table. Shape: scalar.</param>
    /// <param name="numBuckets">Buckets; 32 in T5. At least 2 when bidirectional (4 for log buckets). Shape: scalar.</param>
    /// <param name="maxDistance">Distances from here on share the last bucket; 128 in T5. Shape: scalar.</param>
    /// <param name="bidirectional">True for an encoder (keys on both sides), false for a decoder. Shape: scalar.</param>
    public RelativePositionBias(int numHeads, int seed, int numBuckets = 32, int maxDistance = 128, bool bidirectional = true)
        : this(Matrix.RandomNormal(Positive(numBuckets, nameof(numBuckets)), Positive(numHeads, nameof(numHeads)), seed), maxDistance, bidirectional)
    {
    }

    /// <summary>Wraps a table (no copy), e.g. T5's <c>relative_attention_bias.weight</c> as it is (not transposed).</summary>
    /// <param name="table">One row per bucket, one column per head. Shape: (numBuckets, H).</param>
    /// <param name="maxDistance">Distances from here on share the last bucket. Shape: scalar.</param>
    /// <param name="bidirectional">True for an encoder, false for a decoder. Shape: scalar.</param>
    public RelativePositionBias(Matrix table, int maxDistance = 128, bool bidirectional = true)
    {
        ArgumentNullException.ThrowIfNull(table);
        CheckBuckets(table.Rows, maxDistance, bidirectional);
        Table = table;
        MaxDistance = maxDistance;
        Bidirectional = bidirectional;
    }

    /// <summary>The learned bias of every bucket in every head. Shape: (numBuckets, H).</summary>
    public Matrix Table { get; }

    /// <summary>The number of buckets.</summary>
    public int NumBuckets => Table.Rows;

    /// <summary>H, the number of heads.</summary>
    public int NumHeads => Table.Cols;

    /// <summary>Distances from here on share the last bucket.</summary>
    public int MaxDistance { get; }

    /// <summary>True for an encoder (keys on both sides of the query), false for a decoder.</summary>
    public bool Bidirectional { get; }

    /// <summary>
    /// The bucket of relative position <paramref name="relativePosition"/> = key position − query position.
    /// </summary>
    /// <param name="relativePosition">s − t, any integer. Shape: scalar.</param>
    /// <param name="bidirectional">True for an encoder, false for a decoder. Shape: scalar.</param>
    /// <param name="numBuckets">The number of buckets. Shape: scalar.</param>
    /// <param name="maxDistance">Distances from here on share the last bucket. Shape: scalar.</param>
    /// <returns>A bucket id in [0, numBuckets). Shape: scalar.</returns>
    public static int Bucket(int relativePosition, bool bidirectional, int numBuckets = 32, int maxDistance = 128)
    {
        CheckBuckets(numBuckets, maxDistance, bidirectional);
        return BucketCore(relativePosition, bidirectional, numBuckets, maxDistance);
    }

    /// <summary>
    /// Every head's bias, <c>bias[h, t, s] = Table[Bucket(s − (S − T + t)), h]</c>; pass it as the bias of multi-head
    /// attention. Shape: (H, T, S).
    /// </summary>
    /// <param name="queries">T, the number of queries; at most <paramref name="keys"/>. Shape: scalar.</param>
    /// <param name="keys">S, the number of keys. Shape: scalar.</param>
    public Tensor3 Forward(int queries, int keys)
    {
        ThrowHelper.ThrowIfNotPositive(queries);
        ThrowHelper.ThrowIfNotPositive(keys);
        if (queries > keys)
            throw new ArgumentException($"queries is {queries} but keys is {keys}; the T queries are the last T of the S keys, so T must not exceed S.", nameof(queries));
        var heads = new Matrix[NumHeads];
        for (int h = 0; h < NumHeads; h++) heads[h] = new Matrix(queries, keys);
        int offset = keys - queries;
        for (int t = 0; t < queries; t++)
            for (int s = 0; s < keys; s++)
            {
                int bucket = BucketCore(s - (t + offset), Bidirectional, NumBuckets, MaxDistance);
                for (int h = 0; h < NumHeads; h++) heads[h].Data[t * keys + s] = Table[bucket, h];
            }
        return new Tensor3(heads);
    }

    /// <inheritdoc/>
    public override string ToString() =>
        $"RelativePositionBias(numBuckets = {NumBuckets}, numHeads = {NumHeads}, maxDistance = {MaxDistance}, bidirectional = {Bidirectional})";

    private static int BucketCore(int relativePosition, bool bidirectional, int numBuckets, int maxDistance)
    {
        int bucket = 0;
        long distance = relativePosition;
        if (bidirectional)
        {
            numBuckets /= 2;
            if (distance > 0) bucket += numBuckets;
            distance = Math.Abs(distance);
        }
        else
        {
            distance = -Math.Min(distance, 0);
        }
        int maxExact = numBuckets / 2;
        if (distance < maxExact) return bucket + (int)distance;
        // float32 throughout, as T5: log(d / maxExact) / log(maxDistance / maxExact) · (numBuckets − maxExact)
        float logRatio = MathF.Log(distance / (float)maxExact) / (float)Math.Log(maxDistance / (double)maxExact);
        int large = maxExact + (int)(logRatio * (numBuckets - maxExact));
        return bucket + Math.Min(large, numBuckets - 1);
    }

    private static void CheckBuckets(int numBuckets, int maxDistance, bool bidirectional)
    {
        int minimum = bidirectional ? 4 : 2;
        if (numBuckets < minimum)
            throw new ArgumentOutOfRangeException(nameof(numBuckets), numBuckets, $"numBuckets must be at least {minimum} ({(bidirectional ? "bidirectional" : "unidirectional")}) but is {numBuckets}.");
        int maxExact = (bidirectional ? numBuckets / 2 : numBuckets) / 2;
        if (maxDistance <= maxExact)
            throw new ArgumentOutOfRangeException(nameof(maxDistance), maxDistance, $"maxDistance must exceed the {maxExact} exact buckets of numBuckets = {numBuckets} but is {maxDistance}.");
    }

    private static int Positive(int value, string name)
    {
        if (value <= 0) throw new ArgumentOutOfRangeException(name, value, $"{name} must be positive but is {value}.");
        return value;
    }
}
