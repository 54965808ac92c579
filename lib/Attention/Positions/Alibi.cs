namespace Attention;

/// <summary>
/// ALiBi, attention with linear biases (Press et al., 2022): no position vectors at all; instead each head adds
/// −slope · distance to its attention scores, so far-away keys are penalised linearly, more steeply in some heads
/// than in others.
/// </summary>
public static class Alibi
{
    /// <summary>
    /// The per-head slopes. For H a power of two they form the geometric sequence 2^(−8/H), 2^(−16/H), …, 2^(−8)
    /// (H = 8: 1/2, 1/4, …, 1/256). Otherwise, as in the paper's code, take the slopes of the nearest smaller power
    /// of two n and append every other slope of 2n (its 1st, 3rd, …) until there are H. Shape: (H).
    /// </summary>
    /// <param name="numHeads">H, the number of attention heads. Shape: scalar.</param>
    public static float[] Slopes(int numHeads)
    {
        ThrowHelper.ThrowIfNotPositive(numHeads);
        var slopes = new float[Shapes.Length(numHeads, nameof(numHeads), "slope vector")];
        int n = 1 << (31 - int.LeadingZeroCount(numHeads)); // the largest power of two ≤ H
        double start = Math.Pow(2, -8.0 / n);
        for (int h = 0; h < n; h++) slopes[h] = (float)Math.Pow(start, h + 1);
        double startOf2n = Math.Pow(2, -8.0 / (2 * n));
        for (int h = n; h < numHeads; h++) slopes[h] = (float)Math.Pow(startOf2n, 2 * (h - n) + 1);
        return slopes;
    }

    /// <summary>
    /// One head's bias, <c>bias[t, s] = −slope · |i − s|</c>, where query t sits at position i = S − T + t (the T
    /// queries are the last T of the S keys, as in causal decoding). Keys after the query also get
    /// −slope · distance, so the bias is symmetric in distance; a causal mask hides them anyway. Add it to the scores
    /// before the softmax. Shape: (T, S).
    /// </summary>
    /// <param name="queries">T, the number of queries; at most <paramref name="keys"/>. Shape: scalar.</param>
    /// <param name="keys">S, the number of keys. Shape: scalar.</param>
    /// <param name="slope">The head's slope, e.g. from <see cref="Slopes"/>; finite. Shape: scalar.</param>
    public static Matrix Bias(int queries, int keys, float slope)
    {
        CheckQueriesAndKeys(queries, keys);
        if (!float.IsFinite(slope))
            throw new ArgumentOutOfRangeException(nameof(slope), slope, $"slope must be finite but is {slope}.");
        var bias = new Matrix(queries, keys, new float[Shapes.ElementCount(queries, keys, nameof(keys), "ALiBi bias")]);
        int offset = keys - queries;
        for (int t = 0; t < queries; t++)
            for (int s = 0; s < keys; s++)
                bias.Data[t * keys + s] = slope * -Math.Abs(t + offset - s);
        return bias;
    }

    /// <summary>Every head's bias, head h using <c>Slopes(numHeads)[h]</c>; pass it as the bias of multi-head attention. Shape: (H, T, S).</summary>
    /// <param name="queries">T, the number of queries; at most <paramref name="keys"/>. Shape: scalar.</param>
    /// <param name="keys">S, the number of keys. Shape: scalar.</param>
    /// <param name="numHeads">H, the number of heads. Shape: scalar.</param>
    public static Tensor3 Bias(int queries, int keys, int numHeads)
    {
        CheckQueriesAndKeys(queries, keys);
        ThrowHelper.ThrowIfNotPositive(numHeads);
        Shapes.ElementCount(queries, keys, nameof(keys), "ALiBi bias");
        return new Tensor3(Slopes(numHeads).Select(slope => Bias(queries, keys, slope)).ToArray());
    }

    private static void CheckQueriesAndKeys(int queries, int keys)
    {
        ThrowHelper.ThrowIfNotPositive(queries);
        ThrowHelper.ThrowIfNotPositive(keys);
        if (queries > keys)
            throw new ArgumentException($"queries is {queries} but keys is {keys}; ALiBi places the T queries at the end of the S keys, so T must not exceed S.", nameof(queries));
    }
}
