// Chapter 13 — What trained attention learns: exercises (stubs: replace each `throw` with your code). Each method is one exercise; `curriculum test 13` runs its public checks.
// No namespace: a notebook loads this file with #load, the grader compiles it as it is.
using System;

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
    public static float InductionScore(float[,] weights, int[] ids) => throw new NotImplementedException();

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
    public static float[,] AttentionRollout(float[,] first, float[,] second) => throw new NotImplementedException();

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
    public static float[] AccuracyByPosition(int[] predicted, int[] targets, int seqLen) => throw new NotImplementedException();
}
