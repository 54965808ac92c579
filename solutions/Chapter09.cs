// Chapter 9 — Positional encoding: exercises. Each method is one exercise; `curriculum test 9` runs its public checks.
// No namespace: a notebook loads this file with #load, the grader compiles it as it is.
using System;

/// <summary>The exercises of chapter 9 (Positional encoding).</summary>
public static class Chapter09
{
    /// <summary>
    /// Exercise 9.1 — the sinusoidal encoding: PE[pos, 2i] = sin(pos·ω_i), PE[pos, 2i+1] = cos(pos·ω_i) with
    /// ω_i = 10000^(−2i/D); an odd D ends with a sine. Bad input: seqLen or dModel &lt; 1 throws an
    /// <see cref="ArgumentOutOfRangeException"/> naming it.
    /// </summary>
    /// <param name="seqLen">T, shape ().</param>
    /// <param name="dModel">D, shape ().</param>
    /// <returns>The encoding, shape (T, D).</returns>
    public static float[,] Sinusoidal(int seqLen, int dModel)
    {
        if (seqLen < 1) throw new ArgumentOutOfRangeException(nameof(seqLen), seqLen, "seqLen must be at least 1");
        if (dModel < 1) throw new ArgumentOutOfRangeException(nameof(dModel), dModel, "dModel must be at least 1");
        var pe = new float[seqLen, dModel];
        for (int pos = 0; pos < seqLen; pos++)
            for (int c = 0; c < dModel; c++)
            {
                double angle = pos * Math.Pow(10000, -2.0 * (c / 2) / dModel);
                pe[pos, c] = (float)(c % 2 == 0 ? Math.Sin(angle) : Math.Cos(angle));
            }
        return pe;
    }

    /// <summary>
    /// Exercise 9.2 — RoPE on one vector: turn each interleaved pair (2i, 2i+1) by θ = position·10000^(−2i/Dk):
    /// x'[2i] = x[2i]·cos θ − x[2i+1]·sin θ, x'[2i+1] = x[2i]·sin θ + x[2i+1]·cos θ. Bad input: an odd length throws an
    /// <see cref="ArgumentException"/> naming <c>x</c>; a negative position throws an
    /// <see cref="ArgumentOutOfRangeException"/> naming <c>position</c>.
    /// </summary>
    /// <param name="x">A query or key of one head, shape (Dk).</param>
    /// <param name="position">Its position, shape ().</param>
    /// <returns>The rotated vector, shape (Dk).</returns>
    public static float[] Rope(float[] x, int position)
    {
        ArgumentNullException.ThrowIfNull(x);
        if (x.Length % 2 != 0) throw new ArgumentException($"x has length {x.Length}: RoPE rotates pairs, so Dk must be even", nameof(x));
        if (position < 0) throw new ArgumentOutOfRangeException(nameof(position), position, "position must be at least 0");
        var result = new float[x.Length];
        for (int i = 0; 2 * i < x.Length; i++)
        {
            double theta = position * Math.Pow(10000, -2.0 * i / x.Length);
            double cos = Math.Cos(theta), sin = Math.Sin(theta);
            result[2 * i] = (float)(x[2 * i] * cos - x[2 * i + 1] * sin);
            result[2 * i + 1] = (float)(x[2 * i] * sin + x[2 * i + 1] * cos);
        }
        return result;
    }

    /// <summary>
    /// Exercise 9.3 — one ALiBi head's bias for self-attention: bias[t, s] = −slope·|t − s|. Bad input: seqLen &lt; 1
    /// throws an <see cref="ArgumentOutOfRangeException"/> naming <c>seqLen</c>; a slope that is not finite throws an
    /// <see cref="ArgumentOutOfRangeException"/> naming <c>slope</c>.
    /// </summary>
    /// <param name="seqLen">T = S, shape ().</param>
    /// <param name="slope">The head's slope, shape ().</param>
    /// <returns>The bias added to the scores, shape (T, T).</returns>
    public static float[,] AlibiBias(int seqLen, float slope)
    {
        if (seqLen < 1) throw new ArgumentOutOfRangeException(nameof(seqLen), seqLen, "seqLen must be at least 1");
        if (!float.IsFinite(slope)) throw new ArgumentOutOfRangeException(nameof(slope), slope, "slope must be finite");
        var bias = new float[seqLen, seqLen];
        for (int t = 0; t < seqLen; t++)
            for (int s = 0; s < seqLen; s++)
                bias[t, s] = -slope * Math.Abs(t - s);
        return bias;
    }
}
