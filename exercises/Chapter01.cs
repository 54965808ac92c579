// Chapter 1 — Why attention: exercises (stubs: replace each `throw` with your code). Each method is one exercise; `curriculum test 1` runs its public checks.
// No namespace: a notebook loads this file with #load, the grader compiles it as it is.
using System;

/// <summary>The exercises of chapter 1 (Why attention).</summary>
public static class Chapter01
{
    /// <summary>
    /// Exercise 1.1 — the dot product a·b = Σᵢ aᵢbᵢ, the similarity score of attention.
    /// Bad input: a length mismatch throws an <see cref="ArgumentException"/> naming <c>b</c> and both lengths.
    /// </summary>
    /// <param name="a">The first vector, shape (D).</param>
    /// <param name="b">The second vector, shape (D).</param>
    /// <returns>The scalar a·b, shape ().</returns>
    public static float DotProduct(float[] a, float[] b)
        => throw new NotImplementedException();

    /// <summary>
    /// Exercise 1.2 — the soft lookup: output = Σₛ weights[s]·values[s, :], every value row mixed by its weight.
    /// Bad input: weights whose length is not the number of value rows throws an <see cref="ArgumentException"/>
    /// naming <c>weights</c> and the shapes.
    /// </summary>
    /// <param name="weights">One weight per value row, shape (S).</param>
    /// <param name="values">The values, shape (S, Dv).</param>
    /// <returns>The weighted sum, shape (Dv).</returns>
    public static float[] WeightedSum(float[] weights, float[,] values)
        => throw new NotImplementedException();
}
