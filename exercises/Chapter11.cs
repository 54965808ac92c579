// Chapter 11 — Efficient attention: exercises (stubs: replace each `throw` with your code). Each method is one exercise; `curriculum test 11` runs its public checks.
// No namespace: a notebook loads this file with #load, the grader compiles it as it is.
using System;

/// <summary>The exercises of chapter 11 (Efficient attention).</summary>
public static class Chapter11
{
    /// <summary>
    /// Exercise 11.1 — Longformer's sliding window: query t may attend to key s when |t − s| ≤ halfWindow.
    /// Bad input: seqLen ≤ 0 throws an <see cref="ArgumentOutOfRangeException"/> naming <c>seqLen</c>; halfWindow &lt; 0
    /// throws one naming <c>halfWindow</c>.
    /// </summary>
    /// <param name="seqLen">T, the sequence length, shape ().</param>
    /// <param name="halfWindow">Neighbours on each side (0 = only itself), shape ().</param>
    /// <returns>The mask, true = may attend, shape (T, T).</returns>
    public static bool[,] SlidingWindowMask(int seqLen, int halfWindow)
        => throw new NotImplementedException();

    /// <summary>
    /// Exercise 11.2 — the online softmax over two blocks of keys: one query's output softmax(scores)·values, computed
    /// from block 1 = keys [0, split) and block 2 = keys [split, S) with a running maximum m, a running sum
    /// ℓ = Σ e^(z − m) and a running output a = Σ e^(z − m)·v, rescaling ℓ and a by e^(m − m') when block 2 raises the
    /// maximum to m'; the result is a / ℓ. Scores of −∞ are masked keys; if every score is −∞ the output is all zero
    /// (never NaN). No overflow for scores like 1000.
    /// Bad input: values with a row count other than S throws an <see cref="ArgumentException"/> naming <c>values</c>;
    /// split outside [0, S] throws an <see cref="ArgumentOutOfRangeException"/> naming <c>split</c>.
    /// </summary>
    /// <param name="scores">One query's scores z, shape (S), S ≥ 1.</param>
    /// <param name="values">One value row per key, shape (S, Dv).</param>
    /// <param name="split">Where block 2 starts, in [0, S], shape ().</param>
    /// <returns>The output softmax(z)·V, shape (Dv).</returns>
    public static float[] OnlineSoftmaxTwoBlocks(float[] scores, float[,] values, int split)
        => throw new NotImplementedException();

    /// <summary>
    /// Exercise 11.3 — Linformer: project keys and values along the sequence with one projection E (E = F), then attend:
    /// softmax(Q·(E·K)ᵀ/√Dk)·(E·V).
    /// Bad input: a projection whose column count is not S throws an <see cref="ArgumentException"/> naming
    /// <c>projection</c>; keys whose width differs from the queries' throws one naming <c>keys</c>.
    /// </summary>
    /// <param name="queries">Q, shape (T, Dk).</param>
    /// <param name="keys">K, shape (S, Dk).</param>
    /// <param name="values">V, shape (S, Dv).</param>
    /// <param name="projection">E, mixes the S positions into k rows, shape (k, S).</param>
    /// <returns>The output, shape (T, Dv).</returns>
    public static float[,] LinformerAttention(float[,] queries, float[,] keys, float[,] values, float[,] projection)
        => throw new NotImplementedException();
}

