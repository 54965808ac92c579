// Chapter 12 — Training attention: exercises (stubs: replace each `throw` with your code). Each method is one exercise; `curriculum test 12` runs its public checks.
// No namespace: a notebook loads this file with #load, the grader compiles it as it is.
using System;

/// <summary>The exercises of chapter 12 (Training attention).</summary>
public static class Chapter12
{
    /// <summary>
    /// Exercise 12.1 — the softmax backward, row by row: given the forward's weights P = softmax(Z) and the upstream
    /// gradient dP = ∂L/∂P, return dZ = ∂L/∂Z = P ⊙ (dP − rowsum(dP ⊙ P)). Each row is the Jacobian
    /// diag(p) − p·pᵀ of chapter 4 applied to that row of dP, without building the (S, S) matrix. A masked entry has
    /// weight 0 and so gradient 0; a fully masked row (all weights 0) gets an all-zero row.
    /// Bad input: dWeights of another shape than weights throws an <see cref="ArgumentException"/> naming
    /// <c>dWeights</c> and both shapes.
    /// </summary>
    /// <param name="weights">P = softmax(Z) of the scores Z, row by row (all zero when fully masked), shape (T, S).</param>
    /// <param name="dWeights">dP = ∂L/∂P, shape (T, S).</param>
    /// <returns>dZ = ∂L/∂Z, the gradient with respect to the scores, shape (T, S).</returns>
    public static float[,] SoftmaxBackward(float[,] weights, float[,] dWeights)
        => throw new NotImplementedException();

    /// <summary>
    /// Exercise 12.2 — the attention backward, given the upstream gradient dO of O = softmax(Q·Kᵀ/√Dk, mask)·V:
    /// recompute P (masked entries 0, a fully masked row all 0), then walk the forward in reverse:
    /// dV = Pᵀ·dO, dP = dO·Vᵀ, dZ = P ⊙ (dP − rowsum(dP ⊙ P)), dQ = dZ·K/√Dk, dK = dZᵀ·Q/√Dk.
    /// Return the gradient that <paramref name="wrt"/> names: "queries" → dQ, "keys" → dK, "values" → dV.
    /// Bad input: throws an <see cref="ArgumentException"/> naming <c>keys</c> (width ≠ Dk), <c>values</c> (rows ≠ S),
    /// <c>mask</c> (shape ≠ (T, S)), <c>dOutput</c> (shape ≠ (T, Dv)) or <c>wrt</c> (any other name), with the shapes.
    /// </summary>
    /// <param name="queries">Q, shape (T, Dk).</param>
    /// <param name="keys">K, shape (S, Dk).</param>
    /// <param name="values">V, shape (S, Dv).</param>
    /// <param name="mask">true = may attend, or null for no mask, shape (T, S).</param>
    /// <param name="dOutput">dO = ∂L/∂O, shape (T, Dv).</param>
    /// <param name="wrt">"queries", "keys" or "values", shape ().</param>
    /// <returns>dQ shape (T, Dk), dK shape (S, Dk) or dV shape (S, Dv).</returns>
    public static float[,] AttentionBackward(float[,] queries, float[,] keys, float[,] values, bool[,]? mask, float[,] dOutput, string wrt)
        => throw new NotImplementedException();

    /// <summary>
    /// Exercise 12.3 — one AdamW step, as <c>torch.optim.AdamW</c> takes it with β₁ = 0.9, β₂ = 0.999, ε = 10⁻⁸, at
    /// step t (counted from 1) from the running means m and v of step t − 1 (zeros before the first step):
    /// p ← p − lr·λ·p (decoupled weight decay), m ← β₁·m + (1 − β₁)·g, v ← β₂·v + (1 − β₂)·g²,
    /// p ← p − lr/(1 − β₁ᵗ) · m / (√v / √(1 − β₂ᵗ) + ε) (bias correction). Returns the new parameters; the inputs are
    /// left unchanged.
    /// Bad input: gradients, m or v of another length than parameters throws an <see cref="ArgumentException"/>
    /// naming it and both lengths; step &lt; 1 throws an <see cref="ArgumentOutOfRangeException"/> naming <c>step</c>.
    /// </summary>
    /// <param name="parameters">p before the step, shape (N).</param>
    /// <param name="gradients">g = ∂L/∂p, shape (N).</param>
    /// <param name="m">The running mean of g after step t − 1, shape (N).</param>
    /// <param name="v">The running mean of g² after step t − 1, shape (N).</param>
    /// <param name="step">t, this step's number (1 for the first), shape ().</param>
    /// <param name="learningRate">lr, shape ().</param>
    /// <param name="weightDecay">λ, shape ().</param>
    /// <returns>p after the step, shape (N).</returns>
    public static float[] AdamWStep(float[] parameters, float[] gradients, float[] m, float[] v, int step, float learningRate, float weightDecay)
        => throw new NotImplementedException();
}
