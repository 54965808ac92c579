// Chapter 3 — Queries, keys and values: exercises. Each method is one exercise; `curriculum test 3` runs its public checks.
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
    {
        ArgumentNullException.ThrowIfNull(x);
        ArgumentNullException.ThrowIfNull(weights);
        int t = x.GetLength(0), dModel = x.GetLength(1), dK = weights.GetLength(1);
        if (weights.GetLength(0) != dModel)
            throw new ArgumentException($"weights is ({weights.GetLength(0)}, {dK}) but x is ({t}, {dModel}): W needs {dModel} rows", nameof(weights));
        var projected = new float[t, dK];                              // (T,D) x (D,Dk) -> (T,Dk)
        for (int i = 0; i < t; i++)
            for (int k = 0; k < dK; k++)
            {
                float sum = 0;
                for (int d = 0; d < dModel; d++)
                    sum += x[i, d] * weights[d, k];
                projected[i, k] = sum;
            }
        return projected;
    }

    /// <summary>
    /// Exercise 3.2 — the score matrix Q·Kᵀ: scores[t, s] = queries[t, :]·keys[s, :] (no scaling yet).
    /// Bad input: when keys and queries differ in width Dk, throws an <see cref="ArgumentException"/> naming <c>keys</c> and both shapes.
    /// </summary>
    /// <param name="queries">The queries Q, shape (T, Dk).</param>
    /// <param name="keys">The keys K, shape (S, Dk).</param>
    /// <returns>The scores, shape (T, S).</returns>
    public static float[,] Scores(float[,] queries, float[,] keys)
    {
        ArgumentNullException.ThrowIfNull(queries);
        ArgumentNullException.ThrowIfNull(keys);
        int t = queries.GetLength(0), dK = queries.GetLength(1), s = keys.GetLength(0);
        if (keys.GetLength(1) != dK)
            throw new ArgumentException($"keys is ({s}, {keys.GetLength(1)}) but queries are ({t}, {dK}): both need width Dk", nameof(keys));
        var scores = new float[t, s];                                  // (T,Dk) x (S,Dk)ᵀ -> (T,S)
        for (int i = 0; i < t; i++)
            for (int j = 0; j < s; j++)
            {
                float sum = 0;
                for (int k = 0; k < dK; k++)
                    sum += queries[i, k] * keys[j, k];
                scores[i, j] = sum;
            }
        return scores;
    }

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
    {
        ArgumentNullException.ThrowIfNull(x);
        ArgumentNullException.ThrowIfNull(queryWeights);
        ArgumentNullException.ThrowIfNull(keyWeights);
        if (keyWeights.GetLength(1) != queryWeights.GetLength(1))
            throw new ArgumentException($"keyWeights is ({keyWeights.GetLength(0)}, {keyWeights.GetLength(1)}) but queryWeights is ({queryWeights.GetLength(0)}, {queryWeights.GetLength(1)}): both need width Dk", nameof(keyWeights));
        float[,] queries, keys;
        try { queries = Project(x, queryWeights); }
        catch (ArgumentException e) { throw new ArgumentException(e.Message, nameof(queryWeights)); }
        try { keys = Project(x, keyWeights); }
        catch (ArgumentException e) { throw new ArgumentException(e.Message, nameof(keyWeights)); }
        return Scores(queries, keys);                                  // (T,Dk) x (T,Dk)ᵀ -> (T,T)
    }
}
