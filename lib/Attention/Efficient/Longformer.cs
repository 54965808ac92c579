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
    /// <exception cref="ArgumentOutOfRangeException">A (T, T) mask does not fit one array (checked before anything is
    /// allocated), seqLen is not positive, halfWindow is negative, or a global token lies outside the sequence.</exception>
    public static Mask Pattern(int seqLen, int halfWindow, IReadOnlyList<int>? globalTokens = null, bool causal = false)
    {
        int[] globals = ThrowIfBadPattern(seqLen, halfWindow, globalTokens);
        Shapes.ElementCount(seqLen, seqLen, nameof(seqLen), "mask");
        return SparseKernel.ToMask(seqLen, seqLen, KeysOf(seqLen, halfWindow, globals, causal));
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
        int[] globals = ThrowIfBadPattern(queries.Rows, halfWindow, globalTokens);
        int maxKeys = MaxKeysPerQuery(queries.Rows, halfWindow, globals);
        return SparseKernel.Attend(queries, keys, values, scale ?? 1f / MathF.Sqrt(queries.Cols), maxKeys,
            KeysOf(queries.Rows, halfWindow, globals, causal));
    }

    /// <summary>
    /// The cost of <see cref="Attention"/>: the exact number of allowed pairs, 2·pairs·(Dk + Dv) FLOPs, and as working
    /// memory the G sorted global positions plus one row's key list and scores: 2·min(T, 2·halfWindow + 1), or 2·T
    /// when there is a global token (a global query's row lists every key). The pairs are counted in closed form, in
    /// O(G log G) whatever T, so the cost of sizes no matrix could hold can still be asked for.
    /// </summary>
    /// <param name="seqLen">T, the sequence length.</param>
    /// <param name="dK">Dk, the query and key width.</param>
    /// <param name="dV">Dv, the value width.</param>
    /// <param name="halfWindow">Neighbours on each side.</param>
    /// <param name="globalTokens">Optional global positions. Shape: (G).</param>
    /// <param name="causal">Also forbid every key after the query.</param>
    /// <exception cref="ArgumentOutOfRangeException">A size is not positive, halfWindow is negative, a global token lies
    /// outside the sequence, or the counts do not fit a long.</exception>
    public static AttentionCost Cost(int seqLen, int dK, int dV, int halfWindow, IReadOnlyList<int>? globalTokens = null, bool causal = false)
    {
        AttentionCost.ThrowIfNotPositive(seqLen, seqLen, dK, dV);
        int[] globals = ThrowIfBadPattern(seqLen, halfWindow, globalTokens);
        return AttentionCost.Count("Longformer", () =>
        {
            long pairs = causal ? CausalPairs(seqLen, halfWindow, globals) : Pairs(seqLen, halfWindow, globals);
            long working = (globalTokens?.Count ?? 0) + 2L * MaxKeysPerQuery(seqLen, halfWindow, globals);
            return (pairs, checked(2 * pairs * ((long)dK + dV)), working);
        }, (nameof(seqLen), seqLen), (nameof(dK), dK), (nameof(dV), dV), (nameof(halfWindow), halfWindow));
    }

    /// <summary>
    /// Allowed pairs without causality. A global row has T keys; a plain row t its window W(t) = [t − h, t + h] ∩ [0, T)
    /// and the globals outside it. Summed over plain rows, by symmetry of |t − g| ≤ h:
    /// G·T + ΣW − 2·Σ_g W(g) + (T − G)·G + Σ_g N(g), N(g) = globals within h of g (itself included).
    /// </summary>
    private static long Pairs(long seqLen, long halfWindow, int[] globals)
    {
        long h = Math.Min(halfWindow, seqLen), g = globals.Length;
        long Window(long t) => Math.Min(seqLen - 1, t + h) - Math.Max(0, t - h) + 1;
        // ΣW = Σ_t min(T, t + h + 1) − Σ_t max(0, t − h)
        long above = Math.Max(0, seqLen - 1 - h);                                // t − h for t = h + 1 … T − 1
        long clipped = Math.Max(1, h + 1 - seqLen);                              // t + h + 1 − T runs from here up to h
        long sumWindows = checked(seqLen * (seqLen - 1) / 2 + seqLen * (h + 1) - (h * (h + 1) - (clipped - 1) * clipped) / 2
            - above * (above + 1) / 2);
        long pairs = checked(g * seqLen + sumWindows + (seqLen - g) * g);
        int low = 0, high = 0;                                                   // globals[low..high) lie within h of g
        foreach (int position in globals)
        {
            while (globals[low] < position - h) low++;
            while (high < globals.Length && globals[high] <= position + h) high++;
            pairs = checked(pairs - 2 * Window(position) + (high - low));
        }
        return pairs;
    }

    /// <summary>
    /// Allowed pairs with causality. A global row t has t + 1 keys; a plain row min(t, h) + 1 and the globals before
    /// t − h. Summed: Σ_t (min(t, h) + 1) + Σ_g (g + 1 − min(g, h) − 1) + Σ_g (#plain rows t &gt; g + h).
    /// </summary>
    private static long CausalPairs(long seqLen, long halfWindow, int[] globals)
    {
        long h = Math.Min(halfWindow, seqLen);
        long sumWindows = seqLen - 1 <= h
            ? checked(seqLen * (seqLen + 1) / 2)
            : checked((h + 1) * (h + 2) / 2 + (seqLen - 1 - h) * (h + 1));
        long pairs = sumWindows;
        int later = 0;                                                           // globals[later..] lie after g + h
        foreach (int position in globals)
        {
            while (later < globals.Length && globals[later] <= position + h) later++;
            long rowsAfter = Math.Max(0, seqLen - 1 - (position + h));           // rows t > g + h
            pairs = checked(pairs + position - Math.Min(position, h) + rowsAfter - (globals.Length - later));
        }
        return pairs;
    }

    /// <summary>Lists query t's keys in O(w + G): globals before the window, the window, globals after it.</summary>
    private static SparseKernel.KeysOfQuery KeysOf(int seqLen, int halfWindow, int[] globals, bool causal)
    {
        int h = Math.Min(halfWindow, seqLen);                                    // t ± h cannot overflow
        return (t, keys) =>
        {
            bool isGlobal = Array.BinarySearch(globals, t) >= 0;
            int last = causal ? t : seqLen - 1;
            int low = isGlobal ? 0 : Math.Max(0, t - h);
            int high = isGlobal ? last : Math.Min(last, t + h);
            foreach (int g in globals) if (g < low) keys.Add(g);
            for (int s = low; s <= high; s++) keys.Add(s);
            foreach (int g in globals) if (g > high && g <= last) keys.Add(g);
        };
    }

    private static int MaxKeysPerQuery(int seqLen, int halfWindow, int[] globals) =>
        globals.Length > 0 ? seqLen : (int)Math.Min(seqLen, 2L * halfWindow + 1);

    internal static void ThrowIfNotSelfAttention(Matrix queries, Matrix keys)
    {
        if (queries.Rows != keys.Rows)
            ThrowHelper.ThrowArgument(nameof(keys), $"keys is {keys.ShapeString} but queries is {queries.ShapeString}; this pattern is for self-attention, so T and S must be equal.");
    }

    /// <summary>Checks the pattern's arguments; returns the global positions sorted, without duplicates. Shape: (G).</summary>
    private static int[] ThrowIfBadPattern(int seqLen, int halfWindow, IReadOnlyList<int>? globalTokens)
    {
        ThrowHelper.ThrowIfNotPositive(seqLen);
        if (halfWindow < 0)
            throw new ArgumentOutOfRangeException(nameof(halfWindow), halfWindow, $"halfWindow must be 0 or more but is {halfWindow}.");
        if (globalTokens is null || globalTokens.Count == 0) return [];
        var globals = new int[globalTokens.Count];
        for (int i = 0; i < globals.Length; i++)
        {
            int g = globalTokens[i];
            if ((uint)g >= (uint)seqLen)
                throw new ArgumentOutOfRangeException(nameof(globalTokens), g, $"global token {g} is outside a sequence of length {seqLen}.");
            globals[i] = g;
        }
        Array.Sort(globals);
        int distinct = 1;
        for (int i = 1; i < globals.Length; i++)
            if (globals[i] != globals[distinct - 1]) globals[distinct++] = globals[i];
        return distinct == globals.Length ? globals : globals[..distinct];
    }
}
