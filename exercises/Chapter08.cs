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
    public static bool[,] CausalKeyPadding(bool[,] keyPaddingMask, int sequence) => throw new NotImplementedException();

    /// <summary>
    /// Exercise 8.2 — the rectangular causal mask of a KV cache, aligned bottom-right: the T queries are the last T of
    /// the S positions, so query t may attend to keys 0 … S − T + t. Bad input: queries &gt; keys throws an
    /// <see cref="ArgumentException"/> naming <c>queries</c>; queries or keys &lt; 1 throws an
    /// <see cref="ArgumentOutOfRangeException"/> naming it.
    /// </summary>
    /// <param name="queries">T, shape ().</param>
    /// <param name="keys">S, shape ().</param>
    /// <returns>true = may attend, shape (T, S).</returns>
    public static bool[,] CausalBottomRight(int queries, int keys) => throw new NotImplementedException();

    /// <summary>
    /// Exercise 8.3 — averaging the past (the causal mask on equal scores): output row t is the mean of rows 0 … t of x.
    /// Bad input: an x with no rows or no columns throws an <see cref="ArgumentException"/> naming <c>x</c>.
    /// </summary>
    /// <param name="x">The sequence, shape (T, D).</param>
    /// <returns>The running means, shape (T, D).</returns>
    public static float[,] CausalAverage(float[,] x) => throw new NotImplementedException();
}
