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
    public static float[,] Head(float[,] x, int numHeads, int head)
    {
        ArgumentNullException.ThrowIfNull(x);
        int t = x.GetLength(0), d = x.GetLength(1);
        if (numHeads < 1 || d % numHeads != 0)
            throw new ArgumentException($"x is ({t}, {d}): its {d} columns are not divisible by numHeads = {numHeads}", nameof(numHeads));
        if (head < 0 || head >= numHeads)
            throw new ArgumentOutOfRangeException(nameof(head), head, $"head must be in [0, {numHeads})");
        int dK = d / numHeads;
        var result = new float[t, dK];
        for (int i = 0; i < t; i++)
            for (int j = 0; j < dK; j++)
                result[i, j] = x[i, head * dK + j];
        return result;
    }

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
    public static int KvHead(int head, int numHeads, int kvHeads)
    {
        if (kvHeads < 1 || numHeads < 1 || numHeads % kvHeads != 0)
            throw new ArgumentException($"numHeads = {numHeads} is not divisible by kvHeads = {kvHeads}", nameof(kvHeads));
        if (head < 0 || head >= numHeads)
            throw new ArgumentOutOfRangeException(nameof(head), head, $"head must be in [0, {numHeads})");
        return head / (numHeads / kvHeads);
    }

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
    public static float[,] MultiHeadSelfAttention(float[,] x, float[,] wQ, float[,] wK, float[,] wV, float[,] wO, int numHeads)
    {
        ArgumentNullException.ThrowIfNull(x);
        int t = x.GetLength(0), d = x.GetLength(1);
        CheckSquare(wQ, d, nameof(wQ)); CheckSquare(wK, d, nameof(wK)); CheckSquare(wV, d, nameof(wV)); CheckSquare(wO, d, nameof(wO));
        if (numHeads < 1 || d % numHeads != 0)
            throw new ArgumentException($"x is ({t}, {d}): its {d} columns are not divisible by numHeads = {numHeads}", nameof(numHeads));
        float[,] q = MatMul(x, wQ), k = MatMul(x, wK), v = MatMul(x, wV);    // (T,D) x (D,D) -> (T,D)
        int dK = d / numHeads;
        float scale = 1f / MathF.Sqrt(dK);
        var merged = new float[t, d];                                       // heads side by side, (T, D)
        var weights = new float[t];
        for (int h = 0; h < numHeads; h++)
            for (int i = 0; i < t; i++)
            {
                float max = float.NegativeInfinity;
                for (int j = 0; j < t; j++)                                 // (T,Dk) x (T,Dk)ᵀ -> (T,T), one row
                {
                    float score = 0;
                    for (int c = 0; c < dK; c++) score += q[i, h * dK + c] * k[j, h * dK + c];
                    weights[j] = score * scale;
                    max = MathF.Max(max, weights[j]);
                }
                float sum = 0;
                for (int j = 0; j < t; j++) { weights[j] = MathF.Exp(weights[j] - max); sum += weights[j]; }
                for (int j = 0; j < t; j++)                                 // (T,T) x (T,Dk) -> (T,Dk), one row
                    for (int c = 0; c < dK; c++) merged[i, h * dK + c] += weights[j] / sum * v[j, h * dK + c];
            }
        return MatMul(merged, wO);                                          // (T,D) x (D,D) -> (T,D)
    }

    private static void CheckSquare(float[,] w, int d, string name)
    {
        ArgumentNullException.ThrowIfNull(w, name);
        if (w.GetLength(0) != d || w.GetLength(1) != d)
            throw new ArgumentException($"{name} is ({w.GetLength(0)}, {w.GetLength(1)}) but x has D = {d}: {name} must be ({d}, {d})", name);
    }

    private static float[,] MatMul(float[,] a, float[,] b)
    {
        int n = a.GetLength(0), m = a.GetLength(1), p = b.GetLength(1);
        var c = new float[n, p];                                            // (N,M) x (M,P) -> (N,P)
        for (int i = 0; i < n; i++)
            for (int k = 0; k < m; k++)
                for (int j = 0; j < p; j++)
                    c[i, j] += a[i, k] * b[k, j];
        return c;
    }
}
