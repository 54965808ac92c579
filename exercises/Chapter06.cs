// Chapter 6 — Scaled dot-product attention: exercises (stubs: replace each `throw` with your code). Each method is one exercise; `curriculum test 6` runs its public checks.
// No namespace: a notebook loads this file with #load, the grader compiles it as it is.
using System;

/// <summary>The exercises of chapter 6 (Scaled dot-product attention).</summary>
public static class Chapter06
{
    /// <summary>
    /// Exercise 6.1 — the causal mask: query t may attend to keys 0..t (itself included), mask[t, s] = s ≤ t.
    /// Bad input: seqLen &lt; 1 throws an <see cref="ArgumentOutOfRangeException"/> naming <c>seqLen</c>.
    /// </summary>
    /// <param name="seqLen">T, the number of tokens, shape ().</param>
    /// <returns>true = may attend, shape (T, T).</returns>
    public static bool[,] CausalMask(int seqLen)
        => throw new NotImplementedException();

    /// <summary>
    /// Exercise 6.2 — step 5 of attention: output = weights·V, each query's output is its weighted mix of value rows.
    /// Bad input: when the weights' column count is not the number of value rows, throws an <see cref="ArgumentException"/>
    /// naming <c>values</c> and both shapes.
    /// </summary>
    /// <param name="weights">Attention weights, shape (T, S).</param>
    /// <param name="values">The values V, shape (S, Dv).</param>
    /// <returns>The output, shape (T, Dv).</returns>
    public static float[,] WeightedSum(float[,] weights, float[,] values)
        => throw new NotImplementedException();

    /// <summary>
    /// Exercise 6.3 — scaled dot-product attention softmax(Q·Kᵀ/√Dk)·V, with T ≠ S and Dv ≠ Dk allowed.
    /// Bad input: keys whose width differs from the queries', or values whose row count differs from the keys',
    /// throws an <see cref="ArgumentException"/> naming <c>keys</c> or <c>values</c> and the shapes.
    /// </summary>
    /// <param name="queries">The queries Q, shape (T, Dk).</param>
    /// <param name="keys">The keys K, shape (S, Dk).</param>
    /// <param name="values">The values V, shape (S, Dv).</param>
    /// <returns>The output, shape (T, Dv).</returns>
    public static float[,] ScaledDotProductAttention(float[,] queries, float[,] keys, float[,] values)
        => throw new NotImplementedException();

    /// <summary>
    /// Exercise 6.4 — masked attention softmax(Q·Kᵀ/√Dk, mask)·V: blocked keys get weight 0; a query whose mask row is
    /// all false gets an all-zero output row. Bad input: as exercise 6.3, plus a mask that is not (T, S) throws an
    /// <see cref="ArgumentException"/> naming <c>mask</c> and both shapes.
    /// </summary>
    /// <param name="queries">The queries Q, shape (T, Dk).</param>
    /// <param name="keys">The keys K, shape (S, Dk).</param>
    /// <param name="values">The values V, shape (S, Dv).</param>
    /// <param name="mask">true = may attend, shape (T, S).</param>
    /// <returns>The output, shape (T, Dv).</returns>
    public static float[,] MaskedAttention(float[,] queries, float[,] keys, float[,] values, bool[,] mask)
        => throw new NotImplementedException();
}
