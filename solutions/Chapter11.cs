// Chapter 11 — Efficient attention: exercises. Each method is one exercise; `curriculum test 11` runs its public checks.
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
    {
        if (seqLen <= 0)
            throw new ArgumentOutOfRangeException(nameof(seqLen), seqLen, "seqLen must be positive");
        if (halfWindow < 0)
            throw new ArgumentOutOfRangeException(nameof(halfWindow), halfWindow, "halfWindow must be 0 or more");
        var mask = new bool[seqLen, seqLen];
        for (int t = 0; t < seqLen; t++)
            for (int s = Math.Max(0, t - halfWindow); s <= Math.Min(seqLen - 1, t + halfWindow); s++)
                mask[t, s] = true;
        return mask;
    }

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
    {
        ArgumentNullException.ThrowIfNull(scores);
        ArgumentNullException.ThrowIfNull(values);
        int keys = scores.Length, dV = values.GetLength(1);
        if (values.GetLength(0) != keys)
            throw new ArgumentException($"values is ({values.GetLength(0)}, {dV}) but scores has S = {keys}; each key needs one value row", nameof(values));
        if (split < 0 || split > keys)
            throw new ArgumentOutOfRangeException(nameof(split), split, $"split must be in [0, {keys}]");
        float max = float.NegativeInfinity, sum = 0;
        var output = new float[dV];
        foreach (var (start, end) in new[] { (0, split), (split, keys) })
        {
            float newMax = max;
            for (int s = start; s < end; s++) newMax = MathF.Max(newMax, scores[s]);
            if (float.IsNegativeInfinity(newMax)) continue;                // nothing allowed so far
            float rescale = MathF.Exp(max - newMax);                        // e^(m − m'), 0 when m = −∞
            sum *= rescale;
            for (int j = 0; j < dV; j++) output[j] *= rescale;
            for (int s = start; s < end; s++)
            {
                float p = MathF.Exp(scores[s] - newMax);                    // e^(z − m')
                sum += p;
                for (int j = 0; j < dV; j++) output[j] += p * values[s, j];
            }
            max = newMax;
        }
        if (sum == 0) return output;                                        // every key masked: zero output
        for (int j = 0; j < dV; j++) output[j] /= sum;
        return output;
    }

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
    {
        ArgumentNullException.ThrowIfNull(queries);
        ArgumentNullException.ThrowIfNull(keys);
        ArgumentNullException.ThrowIfNull(values);
        ArgumentNullException.ThrowIfNull(projection);
        int t = queries.GetLength(0), dK = queries.GetLength(1), s = keys.GetLength(0), dV = values.GetLength(1), k = projection.GetLength(0);
        if (keys.GetLength(1) != dK)
            throw new ArgumentException($"keys is ({s}, {keys.GetLength(1)}) but queries have Dk = {dK}", nameof(keys));
        if (values.GetLength(0) != s)
            throw new ArgumentException($"values has {values.GetLength(0)} rows but there are S = {s} keys", nameof(values));
        if (projection.GetLength(1) != s)
            throw new ArgumentException($"projection is ({k}, {projection.GetLength(1)}) but there are S = {s} keys; it must be (k, S)", nameof(projection));
        var projectedKeys = Multiply(projection, keys);                     // (k,S) x (S,Dk) -> (k,Dk)
        var projectedValues = Multiply(projection, values);                 // (k,S) x (S,Dv) -> (k,Dv)
        var output = new float[t, dV];
        var row = new float[k];
        float scale = 1f / MathF.Sqrt(dK);
        for (int i = 0; i < t; i++)
        {
            float max = float.NegativeInfinity, sum = 0;
            for (int j = 0; j < k; j++)                                     // (1,Dk) x (k,Dk)ᵀ -> (1,k)
            {
                float dot = 0;
                for (int d = 0; d < dK; d++) dot += queries[i, d] * projectedKeys[j, d];
                row[j] = dot * scale;
                max = MathF.Max(max, row[j]);
            }
            for (int j = 0; j < k; j++) { row[j] = MathF.Exp(row[j] - max); sum += row[j]; }
            for (int j = 0; j < k; j++)                                     // (1,k) x (k,Dv) -> (1,Dv)
                for (int d = 0; d < dV; d++) output[i, d] += row[j] / sum * projectedValues[j, d];
        }
        return output;
    }

    private static float[,] Multiply(float[,] a, float[,] b)
    {
        int m = a.GetLength(0), n = a.GetLength(1), p = b.GetLength(1);
        var c = new float[m, p];
        for (int i = 0; i < m; i++)
            for (int j = 0; j < n; j++)
                for (int l = 0; l < p; l++) c[i, l] += a[i, j] * b[j, l];
        return c;
    }
}
