// Chapter 7 — Multi-head attention: exercises. Each method is one exercise; `curriculum test 7` runs its public checks.
// No namespace: a notebook loads this file with #load, the grader compiles it as it is.
using System;

/// <summary>The exercises of chapter 7 (Multi-head attention).</summary>
public static class Chapter07
{
    /// <summary>
    /// Exercise 7.1 — one head of the split: head h of a projected (T, D) matrix is its columns h·Dk … (h+1)·Dk − 1,
    /// with Dk = D / H, for every row (a reshape and a transpose, not a reshape alone).
    /// Bad input: D not divisible by numHeads throws an <see cref="ArgumentException"/> naming <c>numHeads</c>;
    /// head outside [0, H) throws an <see cref="ArgumentOutOfRangeException"/> naming <c>head</c>.
    /// </summary>
    /// <param name="x">A projected sequence, shape (T, D).</param>
    /// <param name="numHeads">H, shape ().</param>
    /// <param name="head">h, in [0, H), shape ().</param>
    /// <returns>Head h, shape (T, Dk).</returns>
    public static float[,] Head(float[,] x, int numHeads, int head) => throw new NotImplementedException();

    /// <summary>
    /// Exercise 7.2 — grouped-query attention: with H query heads sharing G key/value heads, query head h uses
    /// key/value head h / (H / G). G = H is multi-head attention, G = 1 multi-query attention.
    /// Bad input: G &lt; 1 or H not divisible by G throws an <see cref="ArgumentException"/> naming <c>kvHeads</c>;
    /// head outside [0, H) throws an <see cref="ArgumentOutOfRangeException"/> naming <c>head</c>.
    /// </summary>
    /// <param name="head">h, a query head, shape ().</param>
    /// <param name="numHeads">H, the query heads, shape ().</param>
    /// <param name="kvHeads">G, the key/value heads, shape ().</param>
    /// <returns>The key/value head that query head h reads, shape ().</returns>
    public static int KvHead(int head, int numHeads, int kvHeads) => throw new NotImplementedException();

    /// <summary>
    /// Exercise 7.3 — multi-head self-attention without biases: Q = X·W_Q, K = X·W_K, V = X·W_V (each (D, D)), split
    /// into H heads of Dk = D / H columns, softmax(Q_h·K_hᵀ/√Dk)·V_h in every head, heads side by side, times W_O.
    /// Bad input: a weight that is not (D, D) throws an <see cref="ArgumentException"/> naming it and both shapes;
    /// D not divisible by numHeads throws an <see cref="ArgumentException"/> naming <c>numHeads</c>.
    /// </summary>
    /// <param name="x">The sequence, shape (T, D).</param>
    /// <param name="wQ">W_Q, shape (D, D).</param>
    /// <param name="wK">W_K, shape (D, D).</param>
    /// <param name="wV">W_V, shape (D, D).</param>
    /// <param name="wO">W_O, shape (D, D).</param>
    /// <param name="numHeads">H, shape ().</param>
    /// <returns>The output, shape (T, D).</returns>
    public static float[,] MultiHeadSelfAttention(float[,] x, float[,] wQ, float[,] wK, float[,] wV, float[,] wO, int numHeads) => throw new NotImplementedException();
}
