using System.Numerics.Tensors;

namespace Attention;

/// <summary>What the backward of scaled dot-product attention needs from its forward.</summary>
/// <param name="Queries">Q. Shape: (T, Dk).</param>
/// <param name="Keys">K. Shape: (S, Dk).</param>
/// <param name="Values">V. Shape: (S, Dv).</param>
/// <param name="Weights">P = softmax(scores), zero where masked. Shape: (T, S).</param>
/// <param name="Scale">The factor applied to Q·Kᵀ. Shape: scalar.</param>
/// <param name="Output">O = P·V. Shape: (T, Dv).</param>
public sealed record AttentionTrace(Matrix Queries, Matrix Keys, Matrix Values, Matrix Weights, float Scale, Matrix Output);

/// <summary>The gradients of scaled dot-product attention with respect to its inputs.</summary>
/// <param name="DQueries">dL/dQ. Shape: (T, Dk).</param>
/// <param name="DKeys">dL/dK. Shape: (S, Dk).</param>
/// <param name="DValues">dL/dV. Shape: (S, Dv).</param>
/// <param name="DScores">dL/d(scores), which is also dL/d(bias); zero where masked. Shape: (T, S).</param>
public sealed record AttentionGradients(Matrix DQueries, Matrix DKeys, Matrix DValues, Matrix DScores);

public static partial class Backprop
{
    /// <summary>
    /// Scaled dot-product attention for training: S = Q·Kᵀ·scale + bias, P = softmax(S) (masked entries −∞, a fully
    /// masked row gets zero weights), O = P·V. The same numbers as <c>Ops.ScaledDotProductAttention</c>, keeping P
    /// for the backward.
    /// </summary>
    /// <param name="queries">Q. Shape: (T, Dk).</param>
    /// <param name="keys">K. Shape: (S, Dk).</param>
    /// <param name="values">V. Shape: (S, Dv).</param>
    /// <param name="mask">Optional; true = may attend. Shape: (T, S).</param>
    /// <param name="scale">Defaults to 1/√Dk. Shape: scalar.</param>
    /// <param name="bias">Optional additive score bias, e.g. ALiBi. Shape: (T, S).</param>
    /// <returns>The trace, whose Output is O. Shape: (T, Dv).</returns>
    public static AttentionTrace ScaledDotProductAttentionForward(Matrix queries, Matrix keys, Matrix values, Mask? mask = null, float? scale = null, Matrix? bias = null)
    {
        Ops.ThrowIfBadAttentionArguments(queries, keys, values, mask, scale, bias);
        float s = scale ?? 1f / MathF.Sqrt(queries.Cols);
        // (T,Dk) x (S,Dk)^T -> (T,S)
        var scores = Ops.MatMulTransposed(queries, keys);
        TensorPrimitives.Multiply(scores.Data, s, scores.Data);
        if (bias is not null) TensorPrimitives.Add(scores.Data, bias.Data, scores.Data);
        var weights = mask is null ? Ops.Softmax(scores) : Ops.Softmax(scores, mask);
        // (T,S) x (S,Dv) -> (T,Dv)
        var output = Ops.MatMul(weights, values);
        return new AttentionTrace(queries, keys, values, weights, s, output);
    }

    /// <summary>
    /// Backward of scaled dot-product attention, the derivation a learner does on paper, one line per step:
    /// <list type="number">
    /// <item>O = P·V, so dV = Pᵀ·dO and dP = dO·Vᵀ;</item>
    /// <item>P = softmax(S), so dS = P ⊙ (dP − rowsum(dP ⊙ P)) (<see cref="SoftmaxBackward"/>);</item>
    /// <item>S = Q·Kᵀ·scale, so dQ = scale·dS·K and dK = scale·dSᵀ·Q.</item>
    /// </list>
    /// Masked entries and fully masked rows have P = 0, hence dS = 0 there.
    /// </summary>
    /// <param name="trace">What the forward kept.</param>
    /// <param name="dOutput">dL/dO. Shape: (T, Dv).</param>
    /// <returns>dQ (T, Dk), dK (S, Dk), dV (S, Dv), dS (T, S).</returns>
    public static AttentionGradients ScaledDotProductAttentionBackward(AttentionTrace trace, Matrix dOutput)
    {
        ArgumentNullException.ThrowIfNull(trace);
        ThrowIfGradientShape(dOutput, trace.Output.Rows, trace.Output.Cols, "attention");
        // 1. dV = Pᵀ·dO: (S,T) x (T,Dv) -> (S,Dv)
        var dValues = Ops.MatMul(trace.Weights.Transpose(), dOutput);
        // 1. dP = dO·Vᵀ: (T,Dv) x (S,Dv)^T -> (T,S)
        var dWeights = Ops.MatMulTransposed(dOutput, trace.Values);
        // 2. dS = P ⊙ (dP − rowsum(dP ⊙ P))
        var dScores = SoftmaxBackward(trace.Weights, dWeights);
        // 3. dQ = scale·dS·K: (T,S) x (S,Dk) -> (T,Dk)
        var dQueries = Ops.MatMul(dScores, trace.Keys);
        Scale(dQueries, trace.Scale);
        // 3. dK = scale·dSᵀ·Q: (S,T) x (T,Dk) -> (S,Dk)
        var dKeys = Ops.MatMul(dScores.Transpose(), trace.Queries);
        Scale(dKeys, trace.Scale);
        return new AttentionGradients(dQueries, dKeys, dValues, dScores);
    }
}
