// Chapter 12 — Training attention: exercises. Each method is one exercise; `curriculum test 12` runs its public checks.
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
    {
        ArgumentNullException.ThrowIfNull(weights);
        ArgumentNullException.ThrowIfNull(dWeights);
        int rows = weights.GetLength(0), cols = weights.GetLength(1);
        if (dWeights.GetLength(0) != rows || dWeights.GetLength(1) != cols)
            throw new ArgumentException($"dWeights is ({dWeights.GetLength(0)}, {dWeights.GetLength(1)}) but weights is ({rows}, {cols}); they must match", nameof(dWeights));
        var dScores = new float[rows, cols];
        for (int t = 0; t < rows; t++)
        {
            float average = 0;                                              // dP·P, the P-weighted average of dP
            for (int s = 0; s < cols; s++) average += dWeights[t, s] * weights[t, s];
            for (int s = 0; s < cols; s++) dScores[t, s] = weights[t, s] * (dWeights[t, s] - average);
        }
        return dScores;
    }

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
    {
        ArgumentNullException.ThrowIfNull(queries);
        ArgumentNullException.ThrowIfNull(keys);
        ArgumentNullException.ThrowIfNull(values);
        ArgumentNullException.ThrowIfNull(dOutput);
        int t = queries.GetLength(0), dK = queries.GetLength(1), s = keys.GetLength(0), dV = values.GetLength(1);
        if (keys.GetLength(1) != dK)
            throw new ArgumentException($"keys is ({s}, {keys.GetLength(1)}) but queries have Dk = {dK}", nameof(keys));
        if (values.GetLength(0) != s)
            throw new ArgumentException($"values has {values.GetLength(0)} rows but there are S = {s} keys", nameof(values));
        if (mask is not null && (mask.GetLength(0) != t || mask.GetLength(1) != s))
            throw new ArgumentException($"mask is ({mask.GetLength(0)}, {mask.GetLength(1)}) but the scores are (T, S) = ({t}, {s})", nameof(mask));
        if (dOutput.GetLength(0) != t || dOutput.GetLength(1) != dV)
            throw new ArgumentException($"dOutput is ({dOutput.GetLength(0)}, {dOutput.GetLength(1)}) but the output is (T, Dv) = ({t}, {dV})", nameof(dOutput));
        if (wrt is not ("queries" or "keys" or "values"))
            throw new ArgumentException($"wrt is \"{wrt}\"; name the input: \"queries\", \"keys\" or \"values\"", nameof(wrt));

        float scale = 1f / MathF.Sqrt(dK);
        var weights = Weights(queries, keys, mask, scale);                  // P, (T, S)
        if (wrt == "values")
            return MultiplyTransposedLeft(weights, dOutput);                // dV = Pᵀ·dO: (S,T) x (T,Dv) -> (S,Dv)
        var dWeights = MultiplyTransposedRight(dOutput, values);            // dP = dO·Vᵀ: (T,Dv) x (S,Dv)ᵀ -> (T,S)
        var dScores = new float[t, s];                                      // dZ = P ⊙ (dP − rowsum(dP ⊙ P)), (T, S)
        for (int i = 0; i < t; i++)
        {
            float average = 0;
            for (int j = 0; j < s; j++) average += dWeights[i, j] * weights[i, j];
            for (int j = 0; j < s; j++) dScores[i, j] = weights[i, j] * (dWeights[i, j] - average);
        }
        var gradient = wrt == "queries"
            ? Multiply(dScores, keys)                                       // dQ = dZ·K: (T,S) x (S,Dk) -> (T,Dk)
            : MultiplyTransposedLeft(dScores, queries);                     // dK = dZᵀ·Q: (S,T) x (T,Dk) -> (S,Dk)
        for (int i = 0; i < gradient.GetLength(0); i++)
            for (int j = 0; j < gradient.GetLength(1); j++) gradient[i, j] *= scale;
        return gradient;
    }

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
    {
        ArgumentNullException.ThrowIfNull(parameters);
        ArgumentNullException.ThrowIfNull(gradients);
        ArgumentNullException.ThrowIfNull(m);
        ArgumentNullException.ThrowIfNull(v);
        int n = parameters.Length;
        if (gradients.Length != n) throw new ArgumentException($"gradients has length {gradients.Length} but parameters has {n}", nameof(gradients));
        if (m.Length != n) throw new ArgumentException($"m has length {m.Length} but parameters has {n}", nameof(m));
        if (v.Length != n) throw new ArgumentException($"v has length {v.Length} but parameters has {n}", nameof(v));
        if (step < 1) throw new ArgumentOutOfRangeException(nameof(step), step, "step counts from 1");

        const float beta1 = 0.9f, beta2 = 0.999f, epsilon = 1e-8f;
        double correction1 = 1 - Math.Pow(beta1, step), correction2 = 1 - Math.Pow(beta2, step);
        var updated = new float[n];
        for (int i = 0; i < n; i++)
        {
            float p = parameters[i] * (1 - learningRate * weightDecay);    // decoupled weight decay
            float mean = beta1 * m[i] + (1 - beta1) * gradients[i];
            float meanSquare = beta2 * v[i] + (1 - beta2) * gradients[i] * gradients[i];
            updated[i] = p - (float)(learningRate / correction1 * mean / (Math.Sqrt(meanSquare / correction2) + epsilon));
        }
        return updated;
    }

    /// <summary>P = softmax(Q·Kᵀ·scale) row by row, masked entries 0, a fully masked row all 0. Shape (T, S).</summary>
    private static float[,] Weights(float[,] queries, float[,] keys, bool[,]? mask, float scale)
    {
        int t = queries.GetLength(0), s = keys.GetLength(0), dK = queries.GetLength(1);
        var weights = new float[t, s];
        for (int i = 0; i < t; i++)
        {
            float max = float.NegativeInfinity;
            for (int j = 0; j < s; j++)                                     // (T,Dk) x (S,Dk)ᵀ -> (T,S)
            {
                if (mask is not null && !mask[i, j]) { weights[i, j] = float.NegativeInfinity; continue; }
                float dot = 0;
                for (int d = 0; d < dK; d++) dot += queries[i, d] * keys[j, d];
                weights[i, j] = dot * scale;
                max = MathF.Max(max, weights[i, j]);
            }
            if (float.IsNegativeInfinity(max))                              // fully masked: zero weights, never NaN
            {
                for (int j = 0; j < s; j++) weights[i, j] = 0;
                continue;
            }
            float sum = 0;
            for (int j = 0; j < s; j++) { weights[i, j] = MathF.Exp(weights[i, j] - max); sum += weights[i, j]; }
            for (int j = 0; j < s; j++) weights[i, j] /= sum;
        }
        return weights;
    }

    private static float[,] Multiply(float[,] a, float[,] b)             // (R,K) x (K,C) -> (R,C)
    {
        var c = new float[a.GetLength(0), b.GetLength(1)];
        for (int i = 0; i < a.GetLength(0); i++)
            for (int k = 0; k < a.GetLength(1); k++)
                for (int j = 0; j < b.GetLength(1); j++) c[i, j] += a[i, k] * b[k, j];
        return c;
    }

    private static float[,] MultiplyTransposedLeft(float[,] a, float[,] b) // (K,R)ᵀ x (K,C) -> (R,C)
    {
        var c = new float[a.GetLength(1), b.GetLength(1)];
        for (int k = 0; k < a.GetLength(0); k++)
            for (int i = 0; i < a.GetLength(1); i++)
                for (int j = 0; j < b.GetLength(1); j++) c[i, j] += a[k, i] * b[k, j];
        return c;
    }

    private static float[,] MultiplyTransposedRight(float[,] a, float[,] b) // (R,K) x (C,K)ᵀ -> (R,C)
    {
        var c = new float[a.GetLength(0), b.GetLength(0)];
        for (int i = 0; i < a.GetLength(0); i++)
            for (int j = 0; j < b.GetLength(0); j++)
                for (int k = 0; k < a.GetLength(1); k++) c[i, j] += a[i, k] * b[j, k];
        return c;
    }
}
