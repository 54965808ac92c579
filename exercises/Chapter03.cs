// Chapter 3 — Queries, keys and values: exercises (stubs: replace each `throw` with your code). Each method is one exercise; `curriculum test 3` runs its public checks.
// No namespace: a notebook loads this file with #load, the grader compiles it as it is.
using System;

/// <summary>The exercises of chapter 3 (Queries, keys and values).</summary>
public static class Chapter03
{
    /// <summary>
    /// Exercise 3.1 — project token vectors with a weight matrix: result = x·W (how Q, K and V are made from x).
    /// Bad input: when W's row count is not x's width, throws an <see cref="ArgumentException"/> naming <c>weights</c> and both shapes.
    /// </summary>
    /// <param name="x">Token vectors, shape (T, D).</param>
    /// <param name="weights">The projection W, shape (D, Dk).</param>
    /// <returns>The projected vectors, shape (T, Dk).</returns>
    public static float[,] Project(float[,] x, float[,] weights)
        => throw new NotImplementedException();

    /// <summary>
    /// Exercise 3.2 — the score matrix Q·Kᵀ: scores[t, s] = queries[t, :]·keys[s, :] (no scaling yet).
    /// Bad input: when keys and queries differ in width Dk, throws an <see cref="ArgumentException"/> naming <c>keys</c> and both shapes.
    /// </summary>
    /// <param name="queries">The queries Q, shape (T, Dk).</param>
    /// <param name="keys">The keys K, shape (S, Dk).</param>
    /// <returns>The scores, shape (T, S).</returns>
    public static float[,] Scores(float[,] queries, float[,] keys)
        => throw new NotImplementedException();

    /// <summary>
    /// Exercise 3.3 — self-attention scores from token vectors: (x·W_Q)·(x·W_K)ᵀ.
    /// Bad input: a weight matrix whose rows do not match x's width, or W_Q and W_K of different widths, throws an
    /// <see cref="ArgumentException"/> naming the weight parameter and the shapes.
    /// </summary>
    /// <param name="x">Token vectors, shape (T, D).</param>
    /// <param name="queryWeights">W_Q, shape (D, Dk).</param>
    /// <param name="keyWeights">W_K, shape (D, Dk).</param>
    /// <returns>The scores, shape (T, T).</returns>
    public static float[,] SelfAttentionScores(float[,] x, float[,] queryWeights, float[,] keyWeights)
        => throw new NotImplementedException();
}
