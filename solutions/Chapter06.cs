// Chapter 6 — Scaled dot-product attention: exercises. Each method is one exercise; `curriculum test 6` runs its public checks.
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
    {
        if (seqLen < 1)
            throw new ArgumentOutOfRangeException(nameof(seqLen), seqLen, "seqLen must be at least 1");
        var mask = new bool[seqLen, seqLen];
        for (int t = 0; t < seqLen; t++)
            for (int s = 0; s <= t; s++)
                mask[t, s] = true;
        return mask;
    }

    /// <summary>
    /// Exercise 6.2 — step 5 of attention: output = weights·V, each query's output is its weighted mix of value rows.
    /// Bad input: when the weights' column count is not the number of value rows, throws an <see cref="ArgumentException"/>
    /// naming <c>values</c> and both shapes.
    /// </summary>
    /// <param name="weights">Attention weights, shape (T, S).</param>
    /// <param name="values">The values V, shape (S, Dv).</param>
    /// <returns>The output, shape (T, Dv).</returns>
    public static float[,] WeightedSum(float[,] weights, float[,] values)
    {
        ArgumentNullException.ThrowIfNull(weights);
        ArgumentNullException.ThrowIfNull(values);
        int t = weights.GetLength(0), s = weights.GetLength(1), dV = values.GetLength(1);
        if (values.GetLength(0) != s)
            throw new ArgumentException($"values is ({values.GetLength(0)}, {dV}) but weights are ({t}, {s}): values need S = {s} rows", nameof(values));
        var output = new float[t, dV];                                 // (T,S) x (S,Dv) -> (T,Dv)
        for (int i = 0; i < t; i++)
            for (int j = 0; j < s; j++)
                for (int d = 0; d < dV; d++)
                    output[i, d] += weights[i, j] * values[j, d];
        return output;
    }

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
    {
        ArgumentNullException.ThrowIfNull(queries);
        return MaskedAttention(queries, keys, values, AllowAll(queries.GetLength(0), keys?.GetLength(0) ?? 0));
    }

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
    {
        ArgumentNullException.ThrowIfNull(queries);
        ArgumentNullException.ThrowIfNull(keys);
        ArgumentNullException.ThrowIfNull(values);
        ArgumentNullException.ThrowIfNull(mask);
        int t = queries.GetLength(0), dK = queries.GetLength(1), s = keys.GetLength(0);
        if (keys.GetLength(1) != dK)
            throw new ArgumentException($"keys is ({s}, {keys.GetLength(1)}) but queries are ({t}, {dK}): both need width Dk", nameof(keys));
        if (values.GetLength(0) != s)
            throw new ArgumentException($"values is ({values.GetLength(0)}, {values.GetLength(1)}) but keys are ({s}, {dK}): values need S = {s} rows", nameof(values));
        if (mask.GetLength(0) != t || mask.GetLength(1) != s)
            throw new ArgumentException($"mask is ({mask.GetLength(0)}, {mask.GetLength(1)}) but the scores are (T, S) = ({t}, {s})", nameof(mask));
        float scale = 1f / MathF.Sqrt(dK);
        var weights = new float[t, s];                                 // (T,Dk) x (S,Dk)ᵀ -> (T,S)
        for (int i = 0; i < t; i++)
        {
            float max = float.NegativeInfinity;
            for (int j = 0; j < s; j++)
            {
                float score = 0;
                for (int k = 0; k < dK; k++)
                    score += queries[i, k] * keys[j, k];
                weights[i, j] = mask[i, j] ? score * scale : float.NegativeInfinity;
                max = MathF.Max(max, weights[i, j]);
            }
            if (float.IsNegativeInfinity(max))
            {
                for (int j = 0; j < s; j++) weights[i, j] = 0f;        // fully masked row: zero weights, zero output
                continue;
            }
            float sum = 0;
            for (int j = 0; j < s; j++)
            {
                weights[i, j] = MathF.Exp(weights[i, j] - max);
                sum += weights[i, j];
            }
            for (int j = 0; j < s; j++)
                weights[i, j] /= sum;
        }
        return WeightedSum(weights, values);                           // (T,S) x (S,Dv) -> (T,Dv)
    }

    private static bool[,] AllowAll(int t, int s)
    {
        var mask = new bool[t, s];
        for (int i = 0; i < t; i++)
            for (int j = 0; j < s; j++)
                mask[i, j] = true;
        return mask;
    }
}
