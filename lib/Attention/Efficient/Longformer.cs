namespace Attention;

/// <summary>
/// Longformer's attention pattern (Beltagy et al., 2020): every token attends to a sliding window of its neighbours,
/// and a few <b>global tokens</b> attend to everything and are attended to by everything. With a window of
/// w = 2·halfWindow + 1 keys and g global tokens the cost is O(n·(w + g)) instead of O(n²).
/// </summary>
/// <remarks>
/// <see cref="Pattern"/> is the pattern as a <see cref="Mask"/>: dense attention under that mask is the reference.
/// <see cref="Attention"/> computes the same output while scoring only the allowed pairs.
/// </remarks>
public static class Longformer
{
    /// <summary>
    /// The Longformer pattern: query t may attend to key s when |t − s| ≤ halfWindow (s ≤ t as well when causal),
    /// when t is a global token, or when s is a global token. Shape: (T, T).
    /// </summary>
    /// <param name="seqLen">T, the sequence length.</param>
    /// <param name="halfWindow">Neighbours on each side (Longformer's w is 2·halfWindow); 0 = only itself.</param>
    /// <param name="globalTokens">Optional positions that attend to and are attended by every token. Shape: (G).</param>
    /// <param name="causal">Also forbid every key after the query (an autoregressive sliding window).</param>
    public static Mask Pattern(int seqLen, int halfWindow, IReadOnlyList<int>? globalTokens = null, bool causal = false)
    {
        bool[] isGlobal = ThrowIfBadPattern(seqLen, halfWindow, globalTokens);
        return SparseKernel.ToMask(seqLen, seqLen, KeysOf(seqLen, halfWindow, isGlobal, causal));
    }

    /// <summary>
    /// Self-attention under the Longformer pattern, scoring only the allowed pairs: the same output as
    /// <c>Ops.ScaledDotProductAttention(queries, keys, values, Longformer.Pattern(...))</c> in O(T·(w + G)) work
    /// and O(w + G) working memory (O(T) for a global query's row).
    /// </summary>
    /// <param name="queries">Q. Shape: (T, Dk).</param>
    /// <param name="keys">K. Shape: (T, Dk).</param>
    /// <param name="values">V. Shape: (T, Dv).</param>
    /// <param name="halfWindow">Neighbours on each side; 0 = only itself.</param>
    /// <param name="globalTokens">Optional global positions. Shape: (G).</param>
    /// <param name="causal">Also forbid every key after the query.</param>
    /// <param name="scale">Multiplies the dot products; defaults to 1/√Dk. Shape: scalar.</param>
    /// <returns>The attention output. Shape: (T, Dv).</returns>
    public static Matrix Attention(Matrix queries, Matrix keys, Matrix values, int halfWindow,
        IReadOnlyList<int>? globalTokens = null, bool causal = false, float? scale = null)
    {
        SparseKernel.ThrowIfBadArguments(queries, keys, values, scale);
        ThrowIfNotSelfAttention(queries, keys);
        bool[] isGlobal = ThrowIfBadPattern(queries.Rows, halfWindow, globalTokens);
        int maxKeys = MaxKeysPerQuery(queries.Rows, halfWindow, isGlobal);
        return SparseKernel.Attend(queries, keys, values, scale ?? 1f / MathF.Sqrt(queries.Cols), maxKeys,
            KeysOf(queries.Rows, halfWindow, isGlobal, causal));
    }

    /// <summary>
    /// The cost of <see cref="Attention"/>: the exact number of allowed pairs, 2·pairs·(Dk + Dv) FLOPs, and as working
    /// memory one row's key list and scores: 2·min(T, 2·halfWindow + 1), or 2·T when there is a global token
    /// (a global query's row lists every key).
    /// </summary>
    /// <param name="seqLen">T, the sequence length.</param>
    /// <param name="dK">Dk, the query and key width.</param>
    /// <param name="dV">Dv, the value width.</param>
    /// <param name="halfWindow">Neighbours on each side.</param>
    /// <param name="globalTokens">Optional global positions. Shape: (G).</param>
    /// <param name="causal">Also forbid every key after the query.</param>
    public static AttentionCost Cost(int seqLen, int dK, int dV, int halfWindow, IReadOnlyList<int>? globalTokens = null, bool causal = false)
    {
        AttentionCost.ThrowIfNotPositive(seqLen, seqLen, dK, dV);
        bool[] isGlobal = ThrowIfBadPattern(seqLen, halfWindow, globalTokens);
        int[] globals = [.. Enumerable.Range(0, seqLen).Where(s => isGlobal[s])];
        long pairs = 0;
        for (int t = 0; t < seqLen; t++)
        {
            int last = causal ? t : seqLen - 1;
            if (isGlobal[t]) { pairs += last + 1; continue; }
            int low = Math.Max(0, t - halfWindow), high = Math.Min(last, t + halfWindow);
            pairs += high - low + 1 + globals.Count(g => g <= last && (g < low || g > high)); // window, then globals outside it
        }
        return new AttentionCost("Longformer", pairs, checked(2 * pairs * (dK + dV)), 2L * MaxKeysPerQuery(seqLen, halfWindow, isGlobal));
    }

    /// <summary>Lists query t's keys in O(w + G): globals before the window, the window, globals after it.</summary>
    private static SparseKernel.KeysOfQuery KeysOf(int seqLen, int halfWindow, bool[] isGlobal, bool causal)
    {
        int[] globals = [.. Enumerable.Range(0, seqLen).Where(s => isGlobal[s])];
        return (t, keys) =>
        {
            int last = causal ? t : seqLen - 1;
            int low = isGlobal[t] ? 0 : Math.Max(0, t - halfWindow);
            int high = isGlobal[t] ? last : Math.Min(last, t + halfWindow);
            foreach (int g in globals) if (g < low) keys.Add(g);
            for (int s = low; s <= high; s++) keys.Add(s);
            foreach (int g in globals) if (g > high && g <= last) keys.Add(g);
        };
    }

    private static int MaxKeysPerQuery(int seqLen, int halfWindow, bool[] isGlobal)
    {
        int numGlobal = isGlobal.Count(g => g);
        return numGlobal > 0 ? seqLen : Math.Min(seqLen, 2 * halfWindow + 1);
    }

    internal static void ThrowIfNotSelfAttention(Matrix queries, Matrix keys)
    {
        if (queries.Rows != keys.Rows)
            ThrowHelper.ThrowArgument(nameof(keys), $"keys is {keys.ShapeString} but queries is {queries.ShapeString}; this pattern is for self-attention, so T and S must be equal.");
    }

    private static bool[] ThrowIfBadPattern(int seqLen, int halfWindow, IReadOnlyList<int>? globalTokens)
    {
        ThrowHelper.ThrowIfNotPositive(seqLen);
        if (halfWindow < 0)
            throw new ArgumentOutOfRangeException(nameof(halfWindow), halfWindow, $"halfWindow must be 0 or more but is {halfWindow}.");
        var isGlobal = new bool[seqLen];
        foreach (int g in globalTokens ?? [])
        {
            if ((uint)g >= (uint)seqLen)
                throw new ArgumentOutOfRangeException(nameof(globalTokens), g, $"global token {g} is outside a sequence of length {seqLen}.");
            isGlobal[g] = true;
        }
        return isGlobal;
    }
}
