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
    public static float[,] LayerNorm(float[,] x, float epsilon)
    {
        ArgumentNullException.ThrowIfNull(x);
        if (!(epsilon > 0)) throw new ArgumentOutOfRangeException(nameof(epsilon), epsilon, "epsilon must be positive");
        int t = x.GetLength(0), d = x.GetLength(1);
        if (d == 0) throw new ArgumentException($"x is ({t}, {d}): rows need at least one column", nameof(x));
        var output = new float[t, d];
        for (int i = 0; i < t; i++)
        {
            double mean = 0, variance = 0;
            for (int j = 0; j < d; j++) mean += x[i, j];
            mean /= d;
            for (int j = 0; j < d; j++) variance += (x[i, j] - mean) * (x[i, j] - mean);
            variance /= d;
            double inverse = 1 / Math.Sqrt(variance + epsilon);
            for (int j = 0; j < d; j++) output[i, j] = (float)((x[i, j] - mean) * inverse);
        }
        return output;
    }

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
    public static float[,] FeedForward(float[,] x, float[,] w1, float[] b1, float[,] w2, float[] b2)
    {
        ArgumentNullException.ThrowIfNull(x); ArgumentNullException.ThrowIfNull(w1); ArgumentNullException.ThrowIfNull(b1);
        ArgumentNullException.ThrowIfNull(w2); ArgumentNullException.ThrowIfNull(b2);
        int t = x.GetLength(0), d = x.GetLength(1), f = w1.GetLength(1);
        if (w1.GetLength(0) != d) throw new ArgumentException($"w1 is ({w1.GetLength(0)}, {f}) but x is ({t}, {d}): w1 needs {d} rows", nameof(w1));
        if (b1.Length != f) throw new ArgumentException($"b1 has length {b1.Length} but w1 is ({d}, {f})", nameof(b1));
        if (w2.GetLength(0) != f) throw new ArgumentException($"w2 is ({w2.GetLength(0)}, {w2.GetLength(1)}) but w1 is ({d}, {f}): w2 needs {f} rows", nameof(w2));
        int dOut = w2.GetLength(1);
        if (b2.Length != dOut) throw new ArgumentException($"b2 has length {b2.Length} but w2 is ({f}, {dOut})", nameof(b2));
        var output = new float[t, dOut];
        var hidden = new float[f];
        for (int i = 0; i < t; i++)
        {
            for (int k = 0; k < f; k++)                                    // (1,D) x (D,F) -> (1,F)
            {
                float sum = b1[k];
                for (int j = 0; j < d; j++) sum += x[i, j] * w1[j, k];
                hidden[k] = MathF.Max(0, sum);
            }
            for (int j = 0; j < dOut; j++)                                 // (1,F) x (F,D) -> (1,D)
            {
                float sum = b2[j];
                for (int k = 0; k < f; k++) sum += hidden[k] * w2[k, j];
                output[i, j] = sum;
            }
        }
        return output;
    }

    /// <summary>
    /// Exercise 10.3 — cut an image into square patches for a Vision Transformer: patch p (row-major over the grid of
    /// patches) becomes row p, its pixels row by row. Bad input: a patch size that does not divide both sides of the
    /// image throws an <see cref="ArgumentException"/> naming <c>patch</c> and the image's shape.
    /// </summary>
    /// <param name="image">Grey pixels, shape (Height, Width).</param>
    /// <param name="patch">P, the side of a patch, shape ().</param>
    /// <returns>One flattened patch per row, shape (N, P²) with N = (Height/P)·(Width/P).</returns>
    public static float[,] Patches(float[,] image, int patch)
    {
        ArgumentNullException.ThrowIfNull(image);
        int height = image.GetLength(0), width = image.GetLength(1);
        if (patch < 1 || height % patch != 0 || width % patch != 0)
            throw new ArgumentException($"image is ({height}, {width}) but patch = {patch} does not divide both sides", nameof(patch));
        int across = width / patch, count = (height / patch) * across;
        var patches = new float[count, patch * patch];
        for (int p = 0; p < count; p++)
            for (int i = 0; i < patch * patch; i++)
                patches[p, i] = image[(p / across) * patch + i / patch, (p % across) * patch + i % patch];
        return patches;
    }
}
