// Chapter 2 — Embeddings: exercises. Each method is one exercise; `curriculum test 2` runs its public checks.
// No namespace: a notebook loads this file with #load, the grader compiles it as it is.
using System;

/// <summary>The exercises of chapter 2 (Embeddings).</summary>
public static class Chapter02
{
    /// <summary>
    /// Exercise 2.1 — cosine similarity a·b / (max(‖a‖, ε)·max(‖b‖, ε)) with ε = 1e-8, so a zero vector gives 0, not NaN.
    /// Bad input: a length mismatch throws an <see cref="ArgumentException"/> naming <c>b</c> and both lengths.
    /// </summary>
    /// <param name="a">The first vector, shape (D).</param>
    /// <param name="b">The second vector, shape (D).</param>
    /// <returns>The cosine of the angle between a and b, in [-1, 1], shape ().</returns>
    public static float CosineSimilarity(float[] a, float[] b)
    {
        ArgumentNullException.ThrowIfNull(a);
        ArgumentNullException.ThrowIfNull(b);
        if (a.Length != b.Length)
            throw new ArgumentException($"b has length {b.Length} but a has length {a.Length}", nameof(b));
        double dot = 0, normA = 0, normB = 0;
        for (int i = 0; i < a.Length; i++)
        {
            dot += (double)a[i] * b[i];
            normA += (double)a[i] * a[i];
            normB += (double)b[i] * b[i];
        }
        const double epsilon = 1e-8;
        return (float)(dot / (Math.Max(Math.Sqrt(normA), epsilon) * Math.Max(Math.Sqrt(normB), epsilon)));
    }

    /// <summary>
    /// Exercise 2.2 — embedding lookup: row t of the result is row ids[t] of the table.
    /// Bad input: an id outside [0, V) throws an <see cref="ArgumentOutOfRangeException"/> naming <c>ids</c>, the id and V.
    /// </summary>
    /// <param name="table">The embedding table, shape (V, D).</param>
    /// <param name="ids">Token ids, shape (T).</param>
    /// <returns>The embeddings x, shape (T, D).</returns>
    public static float[,] EmbeddingLookup(float[,] table, int[] ids)
    {
        ArgumentNullException.ThrowIfNull(table);
        ArgumentNullException.ThrowIfNull(ids);
        int vocabSize = table.GetLength(0), dModel = table.GetLength(1);
        var x = new float[ids.Length, dModel];
        for (int t = 0; t < ids.Length; t++)
        {
            if (ids[t] < 0 || ids[t] >= vocabSize)
                throw new ArgumentOutOfRangeException(nameof(ids), $"ids[{t}] = {ids[t]} is outside the table's {vocabSize} rows (V, D) = ({vocabSize}, {dModel})");
            for (int d = 0; d < dModel; d++)
                x[t, d] = table[ids[t], d];
        }
        return x;
    }

    /// <summary>
    /// Exercise 2.3 — the cosine similarity of every pair of rows: result[i, j] = cos(x[i, :], x[j, :]), zero rows
    /// giving 0 as in exercise 2.1. Bad input: a null matrix throws an <see cref="ArgumentNullException"/> naming <c>x</c>.
    /// </summary>
    /// <param name="x">Row vectors, shape (T, D).</param>
    /// <returns>The similarity matrix, symmetric, shape (T, T).</returns>
    public static float[,] CosineSimilarityMatrix(float[,] x)
    {
        ArgumentNullException.ThrowIfNull(x);
        int t = x.GetLength(0), dModel = x.GetLength(1);
        var rows = new float[t][];
        for (int i = 0; i < t; i++)
        {
            rows[i] = new float[dModel];
            for (int d = 0; d < dModel; d++)
                rows[i][d] = x[i, d];
        }
        var similarity = new float[t, t];
        for (int i = 0; i < t; i++)
            for (int j = 0; j < t; j++)
                similarity[i, j] = CosineSimilarity(rows[i], rows[j]);
        return similarity;
    }
}
