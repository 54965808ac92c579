// Chapter 4 — Scaling: exercises. Each method is one exercise; `curriculum test 4` runs its public checks.
// No namespace: a notebook loads this file with #load, the grader compiles it as it is.
using System;

/// <summary>The exercises of chapter 4 (Scaling).</summary>
public static class Chapter04
{
    /// <summary>
    /// Exercise 4.1 — the (population) variance Var(v) = (1/N)·Σᵢ (vᵢ − mean)², dividing by N, not N − 1.
    /// Bad input: an empty array throws an <see cref="ArgumentException"/> naming <c>values</c>.
    /// </summary>
    /// <param name="values">The samples, shape (N), N ≥ 1.</param>
    /// <returns>The variance, shape ().</returns>
    public static float Variance(float[] values)
    {
        ArgumentNullException.ThrowIfNull(values);
        if (values.Length == 0)
            throw new ArgumentException("values is empty (N = 0): the variance needs at least one sample", nameof(values));
        double mean = 0;
        foreach (float v in values) mean += v;
        mean /= values.Length;
        double sum = 0;
        foreach (float v in values) sum += (v - mean) * (v - mean);
        return (float)(sum / values.Length);
    }

    /// <summary>
    /// Exercise 4.2 — scaled scores Q·Kᵀ/√Dk, where Dk is the width of the queries and keys.
    /// Bad input: keys whose width differs from the queries' throws an <see cref="ArgumentException"/> naming <c>keys</c> and both shapes.
    /// </summary>
    /// <param name="queries">The queries Q, shape (T, Dk).</param>
    /// <param name="keys">The keys K, shape (S, Dk).</param>
    /// <returns>The scaled scores, shape (T, S).</returns>
    public static float[,] ScaledScores(float[,] queries, float[,] keys)
    {
        ArgumentNullException.ThrowIfNull(queries);
        ArgumentNullException.ThrowIfNull(keys);
        int t = queries.GetLength(0), dK = queries.GetLength(1), s = keys.GetLength(0);
        if (keys.GetLength(1) != dK)
            throw new ArgumentException($"keys is ({s}, {keys.GetLength(1)}) but queries are ({t}, {dK}): both need width Dk", nameof(keys));
        float scale = 1f / MathF.Sqrt(dK);
        var scores = new float[t, s];                                  // (T,Dk) x (S,Dk)ᵀ -> (T,S)
        for (int i = 0; i < t; i++)
            for (int j = 0; j < s; j++)
            {
                float sum = 0;
                for (int k = 0; k < dK; k++)
                    sum += queries[i, k] * keys[j, k];
                scores[i, j] = sum * scale;
            }
        return scores;
    }

    /// <summary>
    /// Exercise 4.3 — the spread of the dot products: the population variance of every entry of Q·Kᵀ (T·S numbers),
    /// which grows like Dk for unit-variance inputs. Bad input: keys whose width differs from the queries' throws an
    /// <see cref="ArgumentException"/> naming <c>keys</c>.
    /// </summary>
    /// <param name="queries">The queries Q, shape (T, Dk).</param>
    /// <param name="keys">The keys K, shape (S, Dk).</param>
    /// <returns>Var(q·k) over all T·S pairs, shape ().</returns>
    public static float DotProductVariance(float[,] queries, float[,] keys)
    {
        ArgumentNullException.ThrowIfNull(queries);
        ArgumentNullException.ThrowIfNull(keys);
        int t = queries.GetLength(0), dK = queries.GetLength(1), s = keys.GetLength(0);
        if (keys.GetLength(1) != dK)
            throw new ArgumentException($"keys is ({s}, {keys.GetLength(1)}) but queries are ({t}, {dK}): both need width Dk", nameof(keys));
        var dots = new float[t * s];                                   // (T,Dk) x (S,Dk)ᵀ -> (T·S)
        for (int i = 0; i < t; i++)
            for (int j = 0; j < s; j++)
            {
                float sum = 0;
                for (int k = 0; k < dK; k++)
                    sum += queries[i, k] * keys[j, k];
                dots[i * s + j] = sum;
            }
        return Variance(dots);
    }
}
