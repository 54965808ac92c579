// Chapter 8 — Masking: exercises. Each method is one exercise; `curriculum test 8` runs its public checks.
// No namespace: a notebook loads this file with #load, the grader compiles it as it is.
using System;

/// <summary>The exercises of chapter 8 (Masking: padding and causal attention).</summary>
public static class Chapter08
{
    /// <summary>
    /// Exercise 8.1 — from PyTorch's <c>key_padding_mask</c> (B, S), where <c>true</c> marks a pad, to our causal
    /// self-attention mask for one sequence b of the batch: query t may attend to key s when s ≤ t and key s is not a
    /// pad (true = may attend). Bad input: sequence outside [0, B) throws an <see cref="ArgumentOutOfRangeException"/>
    /// naming <c>sequence</c>; a mask with no keys throws an <see cref="ArgumentException"/> naming
    /// <c>keyPaddingMask</c>.
    /// </summary>
    /// <param name="keyPaddingMask">PyTorch's convention, true = pad (blocked), shape (B, S).</param>
    /// <param name="sequence">b, shape ().</param>
    /// <returns>Our mask for sequence b, true = may attend, shape (S, S).</returns>
    public static bool[,] CausalKeyPadding(bool[,] keyPaddingMask, int sequence)
    {
        ArgumentNullException.ThrowIfNull(keyPaddingMask);
        int batch = keyPaddingMask.GetLength(0), s = keyPaddingMask.GetLength(1);
        if (s == 0) throw new ArgumentException($"keyPaddingMask is ({batch}, {s}): it needs at least one key", nameof(keyPaddingMask));
        if (sequence < 0 || sequence >= batch)
            throw new ArgumentOutOfRangeException(nameof(sequence), sequence, $"sequence must be in [0, {batch}) for keyPaddingMask ({batch}, {s})");
        var mask = new bool[s, s];
        for (int t = 0; t < s; t++)
            for (int k = 0; k <= t; k++)
                mask[t, k] = !keyPaddingMask[sequence, k];          // PyTorch: true = pad; ours: true = may attend
        return mask;
    }

    /// <summary>
    /// Exercise 8.2 — the rectangular causal mask of a KV cache, aligned bottom-right: the T queries are the last T of
    /// the S positions, so query t may attend to keys 0 … S − T + t. Bad input: queries &gt; keys throws an
    /// <see cref="ArgumentException"/> naming <c>queries</c>; queries or keys &lt; 1 throws an
    /// <see cref="ArgumentOutOfRangeException"/> naming it.
    /// </summary>
    /// <param name="queries">T, shape ().</param>
    /// <param name="keys">S, shape ().</param>
    /// <returns>true = may attend, shape (T, S).</returns>
    public static bool[,] CausalBottomRight(int queries, int keys)
    {
        if (queries < 1) throw new ArgumentOutOfRangeException(nameof(queries), queries, "queries must be at least 1");
        if (keys < 1) throw new ArgumentOutOfRangeException(nameof(keys), keys, "keys must be at least 1");
        if (queries > keys) throw new ArgumentException($"queries = {queries} exceeds keys = {keys}: the queries are the last T of the S keys", nameof(queries));
        var mask = new bool[queries, keys];
        for (int t = 0; t < queries; t++)
            for (int s = 0; s <= keys - queries + t; s++)
                mask[t, s] = true;
        return mask;
    }

    /// <summary>
    /// Exercise 8.3 — averaging the past (the causal mask on equal scores): output row t is the mean of rows 0 … t of x.
    /// Bad input: an x with no rows or no columns throws an <see cref="ArgumentException"/> naming <c>x</c>.
    /// </summary>
    /// <param name="x">The sequence, shape (T, D).</param>
    /// <returns>The running means, shape (T, D).</returns>
    public static float[,] CausalAverage(float[,] x)
    {
        ArgumentNullException.ThrowIfNull(x);
        int t = x.GetLength(0), d = x.GetLength(1);
        if (t == 0 || d == 0) throw new ArgumentException($"x is ({t}, {d}): it needs at least one row and one column", nameof(x));
        var output = new float[t, d];
        var sum = new double[d];
        for (int i = 0; i < t; i++)
            for (int j = 0; j < d; j++)
            {
                sum[j] += x[i, j];
                output[i, j] = (float)(sum[j] / (i + 1));
            }
        return output;
    }
}
