// Chapter 2 — Embeddings: exercises (stubs: replace each `throw` with your code). Each method is one exercise; `curriculum test 2` runs its public checks.
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
        => throw new NotImplementedException();

    /// <summary>
    /// Exercise 2.2 — embedding lookup: row t of the result is row ids[t] of the table.
    /// Bad input: an id outside [0, V) throws an <see cref="ArgumentOutOfRangeException"/> naming <c>ids</c>, the id and V.
    /// </summary>
    /// <param name="table">The embedding table, shape (V, D).</param>
    /// <param name="ids">Token ids, shape (T).</param>
    /// <returns>The embeddings x, shape (T, D).</returns>
    public static float[,] EmbeddingLookup(float[,] table, int[] ids)
        => throw new NotImplementedException();

    /// <summary>
    /// Exercise 2.3 — the cosine similarity of every pair of rows: result[i, j] = cos(x[i, :], x[j, :]), zero rows
    /// giving 0 as in exercise 2.1. Bad input: a null matrix throws an <see cref="ArgumentNullException"/> naming <c>x</c>.
    /// </summary>
    /// <param name="x">Row vectors, shape (T, D).</param>
    /// <returns>The similarity matrix, symmetric, shape (T, T).</returns>
    public static float[,] CosineSimilarityMatrix(float[,] x)
        => throw new NotImplementedException();
}
