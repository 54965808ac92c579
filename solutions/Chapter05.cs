// Chapter 5 — Softmax: exercises. Each method is one exercise; `curriculum test 5` runs its public checks.
// No namespace: a notebook loads this file with #load, the grader compiles it as it is.
using System;

/// <summary>The exercises of chapter 5 (Softmax).</summary>
public static class Chapter05
{
    /// <summary>
    /// Exercise 5.1 — the stable softmax wₛ = e^(zₛ − max z) / Σⱼ e^(zⱼ − max z): no overflow for large scores
    /// (e.g. 1000). Bad input: an empty array throws an <see cref="ArgumentException"/> naming <c>scores</c>.
    /// </summary>
    /// <param name="scores">The scores z, shape (S), S ≥ 1.</param>
    /// <returns>The weights, positive and summing to 1, shape (S).</returns>
    public static float[] Softmax(float[] scores)
    {
        ArgumentNullException.ThrowIfNull(scores);
        if (scores.Length == 0)
            throw new ArgumentException("scores is empty (S = 0): softmax needs at least one score", nameof(scores));
        float max = float.NegativeInfinity;
        foreach (float z in scores) max = MathF.Max(max, z);
        var weights = new float[scores.Length];
        float sum = 0;
        for (int s = 0; s < scores.Length; s++)
        {
            weights[s] = MathF.Exp(scores[s] - max);
            sum += weights[s];
        }
        for (int s = 0; s < scores.Length; s++)
            weights[s] /= sum;
        return weights;
    }

    /// <summary>
    /// Exercise 5.2 — softmax with temperature τ: softmax(z / τ). Small τ sharpens, large τ flattens.
    /// Bad input: τ ≤ 0 or NaN throws an <see cref="ArgumentOutOfRangeException"/> naming <c>temperature</c>;
    /// an empty array throws an <see cref="ArgumentException"/> naming <c>scores</c>.
    /// </summary>
    /// <param name="scores">The scores z, shape (S), S ≥ 1.</param>
    /// <param name="temperature">τ &gt; 0, shape ().</param>
    /// <returns>The weights, shape (S).</returns>
    public static float[] SoftmaxWithTemperature(float[] scores, float temperature)
    {
        ArgumentNullException.ThrowIfNull(scores);
        if (!(temperature > 0))
            throw new ArgumentOutOfRangeException(nameof(temperature), temperature, "temperature must be positive");
        var scaled = new float[scores.Length];
        for (int s = 0; s < scores.Length; s++)
            scaled[s] = scores[s] / temperature;
        return Softmax(scaled);
    }

    /// <summary>
    /// Exercise 5.3 — softmax of every row of a score matrix (over the keys, the last axis).
    /// Bad input: a matrix with no columns throws an <see cref="ArgumentException"/> naming <c>scores</c>.
    /// </summary>
    /// <param name="scores">The scores, shape (T, S), S ≥ 1.</param>
    /// <returns>The weights, each row summing to 1, shape (T, S).</returns>
    public static float[,] RowSoftmax(float[,] scores)
    {
        ArgumentNullException.ThrowIfNull(scores);
        int t = scores.GetLength(0), s = scores.GetLength(1);
        if (s == 0)
            throw new ArgumentException($"scores is ({t}, 0): each row needs at least one score", nameof(scores));
        var weights = new float[t, s];
        var row = new float[s];
        for (int i = 0; i < t; i++)
        {
            for (int j = 0; j < s; j++) row[j] = scores[i, j];
            var w = Softmax(row);
            for (int j = 0; j < s; j++) weights[i, j] = w[j];
        }
        return weights;
    }

    /// <summary>
    /// Exercise 5.4 — masked softmax of every row: blocked scores (mask false) become −∞ before the softmax, so they get
    /// weight exactly 0 and the allowed weights still sum to 1. A fully masked row gets all-zero weights (not NaN).
    /// Bad input: a mask whose shape differs from the scores' throws an <see cref="ArgumentException"/> naming <c>mask</c> and both shapes.
    /// </summary>
    /// <param name="scores">The scores, shape (T, S).</param>
    /// <param name="mask">true = may attend, shape (T, S).</param>
    /// <returns>The weights, shape (T, S).</returns>
    public static float[,] MaskedSoftmax(float[,] scores, bool[,] mask)
    {
        ArgumentNullException.ThrowIfNull(scores);
        ArgumentNullException.ThrowIfNull(mask);
        int t = scores.GetLength(0), s = scores.GetLength(1);
        if (mask.GetLength(0) != t || mask.GetLength(1) != s)
            throw new ArgumentException($"mask is ({mask.GetLength(0)}, {mask.GetLength(1)}) but scores are ({t}, {s})", nameof(mask));
        var weights = new float[t, s];
        for (int i = 0; i < t; i++)
        {
            float max = float.NegativeInfinity;
            for (int j = 0; j < s; j++)
                if (mask[i, j]) max = MathF.Max(max, scores[i, j]);
            if (float.IsNegativeInfinity(max))
                continue;                                              // fully masked row: all-zero weights
            float sum = 0;
            for (int j = 0; j < s; j++)
            {
                weights[i, j] = mask[i, j] ? MathF.Exp(scores[i, j] - max) : 0f;
                sum += weights[i, j];
            }
            for (int j = 0; j < s; j++)
                weights[i, j] /= sum;
        }
        return weights;
    }

    /// <summary>
    /// Exercise 5.5 — the entropy H(w) = −Σₛ wₛ·ln wₛ of a weight vector, with 0·ln 0 taken as 0: 0 for one-hot weights,
    /// ln S for uniform ones. Bad input: an empty array throws an <see cref="ArgumentException"/> naming <c>weights</c>.
    /// </summary>
    /// <param name="weights">Weights that sum to 1, shape (S), S ≥ 1.</param>
    /// <returns>The entropy in nats, shape ().</returns>
    public static float Entropy(float[] weights)
    {
        ArgumentNullException.ThrowIfNull(weights);
        if (weights.Length == 0)
            throw new ArgumentException("weights is empty (S = 0)", nameof(weights));
        float h = 0;
        foreach (float w in weights)
            if (w > 0) h -= w * MathF.Log(w);
        return h;
    }
}
