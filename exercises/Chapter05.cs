// Chapter 5 — Softmax: exercises (stubs: replace each `throw` with your code). Each method is one exercise; `curriculum test 5` runs its public checks.
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
        => throw new NotImplementedException();

    /// <summary>
    /// Exercise 5.2 — softmax with temperature τ: softmax(z / τ). Small τ sharpens, large τ flattens.
    /// Bad input: τ ≤ 0 or NaN throws an <see cref="ArgumentOutOfRangeException"/> naming <c>temperature</c>;
    /// an empty array throws an <see cref="ArgumentException"/> naming <c>scores</c>.
    /// </summary>
    /// <param name="scores">The scores z, shape (S), S ≥ 1.</param>
    /// <param name="temperature">τ &gt; 0, shape ().</param>
    /// <returns>The weights, shape (S).</returns>
    public static float[] SoftmaxWithTemperature(float[] scores, float temperature)
        => throw new NotImplementedException();

    /// <summary>
    /// Exercise 5.3 — softmax of every row of a score matrix (over the keys, the last axis).
    /// Bad input: a matrix with no columns throws an <see cref="ArgumentException"/> naming <c>scores</c>.
    /// </summary>
    /// <param name="scores">The scores, shape (T, S), S ≥ 1.</param>
    /// <returns>The weights, each row summing to 1, shape (T, S).</returns>
    public static float[,] RowSoftmax(float[,] scores)
        => throw new NotImplementedException();

    /// <summary>
    /// Exercise 5.4 — masked softmax of every row: blocked scores (mask false) become −∞ before the softmax, so they get
    /// weight exactly 0 and the allowed weights still sum to 1. A fully masked row gets all-zero weights (not NaN).
    /// Bad input: a mask whose shape differs from the scores' throws an <see cref="ArgumentException"/> naming <c>mask</c> and both shapes.
    /// </summary>
    /// <param name="scores">The scores, shape (T, S).</param>
    /// <param name="mask">true = may attend, shape (T, S).</param>
    /// <returns>The weights, shape (T, S).</returns>
    public static float[,] MaskedSoftmax(float[,] scores, bool[,] mask)
        => throw new NotImplementedException();

    /// <summary>
    /// Exercise 5.5 — the entropy H(w) = −Σₛ wₛ·ln wₛ of a weight vector, with 0·ln 0 taken as 0: 0 for one-hot weights,
    /// ln S for uniform ones. Bad input: an empty array throws an <see cref="ArgumentException"/> naming <c>weights</c>.
    /// </summary>
    /// <param name="weights">Weights that sum to 1, shape (S), S ≥ 1.</param>
    /// <returns>The entropy in nats, shape ().</returns>
    public static float Entropy(float[] weights)
        => throw new NotImplementedException();
}
