// Chapter 10 — Cross-attention and the transformer block: exercises. `curriculum test 10` runs the public checks.
// No namespace: a notebook loads this file with #load, the grader compiles it as it is.
using System;

/// <summary>The exercises of chapter 10 (Cross-attention and the transformer block).</summary>
public static class Chapter10
{
    /// <summary>
    /// Exercise 10.1 — LayerNorm without learned scale and shift: each row minus its mean, divided by
    /// √(variance + ε), with the biased variance (divide by D), as PyTorch. Bad input: ε ≤ 0 throws an
    /// <see cref="ArgumentOutOfRangeException"/> naming <c>epsilon</c>; an x with no columns throws an
    /// <see cref="ArgumentException"/> naming <c>x</c>.
    /// </summary>
    /// <param name="x">Token vectors, shape (T, D).</param>
    /// <param name="epsilon">ε, e.g. 1e-5, shape ().</param>
    /// <returns>The normalised rows, shape (T, D).</returns>
    public static float[,] LayerNorm(float[,] x, float epsilon) => throw new NotImplementedException();

    /// <summary>
    /// Exercise 10.2 — the position-wise feed-forward network ReLU(x·W1 + b1)·W2 + b2. Bad input: w1 with another
    /// number of rows than x has columns, or b1, w2, b2 that do not fit, throws an <see cref="ArgumentException"/>
    /// naming the parameter and the shapes.
    /// </summary>
    /// <param name="x">Token vectors, shape (T, D).</param>
    /// <param name="w1">First weights, shape (D, F).</param>
    /// <param name="b1">First bias, shape (F).</param>
    /// <param name="w2">Second weights, shape (F, D).</param>
    /// <param name="b2">Second bias, shape (D).</param>
    /// <returns>The output, shape (T, D).</returns>
    public static float[,] FeedForward(float[,] x, float[,] w1, float[] b1, float[,] w2, float[] b2) => throw new NotImplementedException();

    /// <summary>
    /// Exercise 10.3 — cut an image into square patches for a Vision Transformer: patch p (row-major over the grid of
    /// patches) becomes row p, its pixels row by row. Bad input: a patch size that does not divide both sides of the
    /// image throws an <see cref="ArgumentException"/> naming <c>patch</c> and the image's shape.
    /// </summary>
    /// <param name="image">Grey pixels, shape (Height, Width).</param>
    /// <param name="patch">P, the side of a patch, shape ().</param>
    /// <returns>One flattened patch per row, shape (N, P²) with N = (Height/P)·(Width/P).</returns>
    public static float[,] Patches(float[,] image, int patch) => throw new NotImplementedException();
}
