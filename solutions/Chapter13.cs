// Chapter 13 — What trained attention learns: exercises. Each method is one exercise; `curriculum test 13` runs its public checks.
// No namespace: a notebook loads this file with #load, the grader compiles it as it is.
using System;
using System.Collections.Generic;

/// <summary>The exercises of chapter 13 (What trained attention learns).</summary>
public static class Chapter13
{
    /// <summary>
    /// Exercise 13.1 — the induction score of one head: for every query position t whose token occurred earlier, at
    /// the latest earlier position j (ids[j] = ids[t], j &lt; t), take weights[t, j + 1], the weight on the token that
    /// followed that occurrence; return the mean over those t, or NaN when no token repeats.
    /// Bad input: weights that are not (T, T) for T = ids.Length throws an <see cref="ArgumentException"/> naming
    /// <c>weights</c>.
    /// </summary>
    /// <param name="weights">One head's attention weights, shape (T, T).</param>
    /// <param name="ids">The token ids, shape (T).</param>
    /// <returns>The mean weight on "the token after the previous occurrence", shape ().</returns>
    public static float InductionScore(float[,] weights, int[] ids)
    {
        ArgumentNullException.ThrowIfNull(weights);
        ArgumentNullException.ThrowIfNull(ids);
        int seqLen = ids.Length;
        if (weights.GetLength(0) != seqLen || weights.GetLength(1) != seqLen)
            throw new ArgumentException($"weights is ({weights.GetLength(0)}, {weights.GetLength(1)}) but ids has T = {seqLen}; expected ({seqLen}, {seqLen})", nameof(weights));
        var lastSeen = new Dictionary<int, int>();
        float sum = 0;
        int scored = 0;
        for (int t = 0; t < seqLen; t++)
        {
            if (lastSeen.TryGetValue(ids[t], out int previous))
            {
                sum += weights[t, previous + 1];
                scored++;
            }
            lastSeen[ids[t]] = t;
        }
        return scored == 0 ? float.NaN : sum / scored;
    }

    /// <summary>
    /// Exercise 13.2 — attention rollout of two layers: each layer's head-averaged weights A become
    /// Â = ½A + ½I (the residual connection), with every row re-normalised to sum to 1 (a row of zeros, a fully masked
    /// query, becomes the identity row); the result is R = Â₂·Â₁ (the second layer's map applied after the first).
    /// Bad input: layers of different shapes, or a layer that is not square, throws an <see cref="ArgumentException"/>
    /// naming the parameter (<c>first</c> or <c>second</c>).
    /// </summary>
    /// <param name="first">Layer 1's weights averaged over heads, shape (T, T).</param>
    /// <param name="second">Layer 2's weights averaged over heads, shape (T, T).</param>
    /// <returns>The rollout R, shape (T, T).</returns>
    public static float[,] AttentionRollout(float[,] first, float[,] second)
    {
        ArgumentNullException.ThrowIfNull(first);
        ArgumentNullException.ThrowIfNull(second);
        int seqLen = first.GetLength(0);
        if (first.GetLength(1) != seqLen)
            throw new ArgumentException($"first is ({seqLen}, {first.GetLength(1)}); self-attention weights are square (T, T)", nameof(first));
        if (second.GetLength(0) != seqLen || second.GetLength(1) != seqLen)
            throw new ArgumentException($"second is ({second.GetLength(0)}, {second.GetLength(1)}) but first is ({seqLen}, {seqLen})", nameof(second));
        float[,] a1 = WithResidual(first), a2 = WithResidual(second);
        var rollout = new float[seqLen, seqLen];
        for (int t = 0; t < seqLen; t++)                 // (T,T) x (T,T) -> (T,T)
            for (int s = 0; s < seqLen; s++)
            {
                float sum = 0;
                for (int k = 0; k < seqLen; k++) sum += a2[t, k] * a1[k, s];
                rollout[t, s] = sum;
            }
        return rollout;
    }

    /// <summary>
    /// Exercise 13.3 — accuracy per position: N sequences of length T, flattened row by row (sequence n, position t is
    /// element n·T + t); at each position t, the fraction of sequences whose prediction equals the target, counting only
    /// targets ≥ 0 (−1 marks an unscored position); NaN where no sequence scores t.
    /// Bad input: predicted and targets of different lengths throws an <see cref="ArgumentException"/> naming
    /// <c>targets</c>; seqLen ≤ 0 or a length that is not a multiple of seqLen throws one naming <c>seqLen</c>.
    /// </summary>
    /// <param name="predicted">Predicted ids, shape (N·T).</param>
    /// <param name="targets">Target ids, −1 where not scored, shape (N·T).</param>
    /// <param name="seqLen">T, positions per sequence, shape ().</param>
    /// <returns>The accuracy at each position, shape (T).</returns>
    public static float[] AccuracyByPosition(int[] predicted, int[] targets, int seqLen)
    {
        ArgumentNullException.ThrowIfNull(predicted);
        ArgumentNullException.ThrowIfNull(targets);
        if (targets.Length != predicted.Length)
            throw new ArgumentException($"targets has {targets.Length} ids but predicted has {predicted.Length}", nameof(targets));
        if (seqLen <= 0 || predicted.Length % seqLen != 0)
            throw new ArgumentException($"seqLen = {seqLen} must be positive and divide the {predicted.Length} ids into whole sequences", nameof(seqLen));
        var correct = new int[seqLen];
        var scored = new int[seqLen];
        for (int i = 0; i < predicted.Length; i++)
        {
            if (targets[i] < 0) continue;
            scored[i % seqLen]++;
            if (predicted[i] == targets[i]) correct[i % seqLen]++;
        }
        var accuracy = new float[seqLen];
        for (int t = 0; t < seqLen; t++) accuracy[t] = scored[t] == 0 ? float.NaN : (float)correct[t] / scored[t];
        return accuracy;
    }

    private static float[,] WithResidual(float[,] weights)
    {
        int seqLen = weights.GetLength(0);
        var mixed = new float[seqLen, seqLen];
        for (int t = 0; t < seqLen; t++)
        {
            float sum = 0;
            for (int s = 0; s < seqLen; s++)
            {
                mixed[t, s] = 0.5f * weights[t, s] + (t == s ? 0.5f : 0f);
                sum += mixed[t, s];
            }
            for (int s = 0; s < seqLen; s++) mixed[t, s] /= sum;
        }
        return mixed;
    }
}
