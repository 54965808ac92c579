namespace Attention;

/// <summary>What the backward of multi-head attention needs from its forward.</summary>
/// <param name="Queries">The attending sequence. Shape: (T, D).</param>
/// <param name="Keys">The attended sequence. Shape: (S, D).</param>
/// <param name="Values">The attended sequence. Shape: (S, D).</param>
/// <param name="Heads">Each head's attention trace (queries and keys after RoPE, if any). Shape: H × ((T, Dk), (S, Dk), (S, Dk), (T, S)).</param>
/// <param name="Merged">The heads' outputs side by side, the input of W_O. Shape: (T, D).</param>
/// <param name="Rotary">Where RoPE rotated queries and keys, or null for none.</param>
/// <param name="Output">Merged·W_O + b_O. Shape: (T, D).</param>
public sealed record MultiHeadAttentionTrace(Matrix Queries, Matrix Keys, Matrix Values, AttentionTrace[] Heads, Matrix Merged, RotaryPositions? Rotary, Matrix Output)
{
    /// <summary>Each head's attention weights. Shape: (H, T, S).</summary>
    public Tensor3 Weights => new(Heads.Select(h => h.Weights).ToArray());
}

/// <summary>The gradients of multi-head attention with respect to its three inputs (add them for self-attention).</summary>
/// <param name="DQueries">dL/d(queries). Shape: (T, D).</param>
/// <param name="DKeys">dL/d(keys). Shape: (S, D).</param>
/// <param name="DValues">dL/d(values). Shape: (S, D).</param>
public sealed record MultiHeadAttentionGradients(Matrix DQueries, Matrix DKeys, Matrix DValues)
{
    /// <summary>dL/dx for self-attention, where queries, keys and values are all x: the three gradients summed. Shape: (T, D).</summary>
    public Matrix DSelf => DQueries + DKeys + DValues;
}

public static partial class Backprop
{
    /// <summary>
    /// Multi-head attention for training: project with W_Q, W_K, W_V, split into H heads, optionally rotate queries and
    /// keys with RoPE, attend per head (scale 1/√Dk), merge, project with W_O. Without RoPE the same numbers as
    /// <c>MultiHeadAttention.Forward</c>.
    /// </summary>
    /// <param name="layer">The layer whose projections are used.</param>
    /// <param name="queries">The attending sequence. Shape: (T, D).</param>
    /// <param name="keys">The attended sequence. Shape: (S, D).</param>
    /// <param name="values">The attended sequence. Shape: (S, D).</param>
    /// <param name="mask">Optional; true = may attend. Shape: (T, S).</param>
    /// <param name="bias">Optional per-head score bias, e.g. ALiBi. Shape: (H, T, S).</param>
    /// <param name="rotary">Optional RoPE positions for queries and keys.</param>
    /// <returns>The trace, whose Output is the result. Shape: (T, D).</returns>
    public static MultiHeadAttentionTrace MultiHeadAttentionForward(MultiHeadAttention layer, Matrix queries, Matrix keys, Matrix values, Mask? mask = null, Tensor3? bias = null, RotaryPositions? rotary = null)
    {
        ArgumentNullException.ThrowIfNull(layer);
        ArgumentNullException.ThrowIfNull(queries);
        ArgumentNullException.ThrowIfNull(keys);
        ArgumentNullException.ThrowIfNull(values);
        if (bias is not null && bias.Shape != (layer.NumHeads, queries.Rows, keys.Rows))
            throw new ArgumentException($"bias is {bias.ShapeString} but must be (H, T, S) = ({layer.NumHeads}, {queries.Rows}, {keys.Rows}).", nameof(bias));
        // (T,D) x (D,D) -> (T,D), then (T,D) -> (H,T,Dk); keys and values likewise with S rows.
        Tensor3 q = MultiHeadAttention.SplitHeads(layer.WQ.Forward(queries), layer.NumHeads);
        Tensor3 k = MultiHeadAttention.SplitHeads(layer.WK.Forward(keys), layer.NumHeads);
        Tensor3 v = MultiHeadAttention.SplitHeads(layer.WV.Forward(values), layer.NumHeads);
        float scale = 1f / MathF.Sqrt(layer.DK);
        var heads = new AttentionTrace[layer.NumHeads];
        for (int h = 0; h < layer.NumHeads; h++)
        {
            Matrix qh = q[h], kh = k[h];
            if (rotary is not null)
            {
                qh = Rope.Apply(qh, rotary.QueryStart, rotary.Base);
                kh = Rope.Apply(kh, rotary.KeyStart, rotary.Base);
            }
            heads[h] = ScaledDotProductAttentionForward(qh, kh, v[h], mask, scale, bias?[h]);
        }
        // (H,T,Dk) -> (T,D), then (T,D) x (D,D) -> (T,D)
        var merged = MultiHeadAttention.MergeHeads(new Tensor3(heads.Select(h => h.Output).ToArray()));
        return new MultiHeadAttentionTrace(queries, keys, values, heads, merged, rotary, layer.WO.Forward(merged));
    }

    /// <summary>
    /// Backward of multi-head attention, the forward in reverse: through W_O, split the gradient into heads,
    /// attention backward per head (and RoPE backward), merge the heads' dQ, dK, dV, then through W_Q, W_K, W_V.
    /// </summary>
    /// <param name="layer">The layer; its projections receive gradients.</param>
    /// <param name="trace">What the forward kept.</param>
    /// <param name="dOutput">dL/d(output). Shape: (T, D).</param>
    /// <param name="gradients">Where the parameter gradients are added.</param>
    /// <returns>dL/d(queries) (T, D), dL/d(keys) (S, D), dL/d(values) (S, D).</returns>
    public static MultiHeadAttentionGradients MultiHeadAttentionBackward(MultiHeadAttention layer, MultiHeadAttentionTrace trace, Matrix dOutput, Gradients gradients)
    {
        ArgumentNullException.ThrowIfNull(layer);
        ArgumentNullException.ThrowIfNull(trace);
        // (T,D) -> W_O backward -> (T,D) -> (H,T,Dk)
        var dHeads = MultiHeadAttention.SplitHeads(LinearBackward(layer.WO, trace.Merged, dOutput, gradients), layer.NumHeads);
        var dq = new Matrix[layer.NumHeads];
        var dk = new Matrix[layer.NumHeads];
        var dv = new Matrix[layer.NumHeads];
        for (int h = 0; h < layer.NumHeads; h++)
        {
            var g = ScaledDotProductAttentionBackward(trace.Heads[h], dHeads[h]);
            dq[h] = trace.Rotary is null ? g.DQueries : RopeBackward(g.DQueries, trace.Rotary.QueryStart, trace.Rotary.Base);
            dk[h] = trace.Rotary is null ? g.DKeys : RopeBackward(g.DKeys, trace.Rotary.KeyStart, trace.Rotary.Base);
            dv[h] = g.DValues;
        }
        // (H,T,Dk) -> (T,D) -> projection backward -> (T,D); keys and values likewise with S rows.
        var dQueries = LinearBackward(layer.WQ, trace.Queries, MultiHeadAttention.MergeHeads(new Tensor3(dq)), gradients);
        var dKeys = LinearBackward(layer.WK, trace.Keys, MultiHeadAttention.MergeHeads(new Tensor3(dk)), gradients);
        var dValues = LinearBackward(layer.WV, trace.Values, MultiHeadAttention.MergeHeads(new Tensor3(dv)), gradients);
        return new MultiHeadAttentionGradients(dQueries, dKeys, dValues);
    }
}
