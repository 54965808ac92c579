namespace Attention;

/// <summary>
/// One trainable array of a model with a stable name, e.g. <c>blocks.0.attention.w_q.weight</c>: what the optimiser
/// updates (in place) and what <c>Save</c>/<c>Load</c> write and read.
/// </summary>
/// <param name="Name">Dotted path of the parameter inside the model.</param>
/// <param name="Values">The parameter's storage (the layer's own array, not a copy). Shape: (Rows·Cols).</param>
/// <param name="Rows">Rows (1 for a vector). Shape: scalar.</param>
/// <param name="Cols">Columns. Shape: scalar.</param>
/// <param name="Decay">Whether AdamW applies weight decay: true for weight matrices and embeddings, false for biases and layer-norm γ, β.</param>
public sealed record NamedParameter(string Name, float[] Values, int Rows, int Cols, bool Decay)
{
    /// <summary>The shape formatted as <c>(rows, cols)</c>.</summary>
    public string ShapeString => $"({Rows}, {Cols})";
}

/// <summary>The named parameters of the library's layers, in a fixed order (the order <c>Save</c> writes them).</summary>
public static class Parameters
{
    /// <summary>W (in, out) and b (out) if present.</summary>
    /// <param name="layer">The layer.</param>
    /// <param name="prefix">Name prefix, e.g. <c>head</c>.</param>
    public static IReadOnlyList<NamedParameter> Of(Linear layer, string prefix)
    {
        ArgumentNullException.ThrowIfNull(layer);
        var list = new List<NamedParameter> { new($"{prefix}.weight", layer.Weight.Data, layer.InFeatures, layer.OutFeatures, true) };
        if (layer.Bias is not null) list.Add(new($"{prefix}.bias", layer.Bias, 1, layer.OutFeatures, false));
        return list;
    }

    /// <summary>γ (D) and β (D).</summary>
    /// <param name="layer">The layer norm.</param>
    /// <param name="prefix">Name prefix.</param>
    public static IReadOnlyList<NamedParameter> Of(LayerNorm layer, string prefix)
    {
        ArgumentNullException.ThrowIfNull(layer);
        return [new($"{prefix}.gamma", layer.Gamma, 1, layer.DModel, false), new($"{prefix}.beta", layer.Beta, 1, layer.DModel, false)];
    }

    /// <summary>The two linear layers.</summary>
    /// <param name="layer">The network.</param>
    /// <param name="prefix">Name prefix.</param>
    public static IReadOnlyList<NamedParameter> Of(FeedForward layer, string prefix)
    {
        ArgumentNullException.ThrowIfNull(layer);
        return [.. Of(layer.First, $"{prefix}.first"), .. Of(layer.Second, $"{prefix}.second")];
    }

    /// <summary>W_Q, W_K, W_V, W_O with their biases.</summary>
    /// <param name="layer">The layer.</param>
    /// <param name="prefix">Name prefix.</param>
    public static IReadOnlyList<NamedParameter> Of(MultiHeadAttention layer, string prefix)
    {
        ArgumentNullException.ThrowIfNull(layer);
        return [.. Of(layer.WQ, $"{prefix}.w_q"), .. Of(layer.WK, $"{prefix}.w_k"), .. Of(layer.WV, $"{prefix}.w_v"), .. Of(layer.WO, $"{prefix}.w_o")];
    }

    /// <summary>Self-attention, feed-forward and the two layer norms.</summary>
    /// <param name="block">The block.</param>
    /// <param name="prefix">Name prefix.</param>
    public static IReadOnlyList<NamedParameter> Of(EncoderBlock block, string prefix)
    {
        ArgumentNullException.ThrowIfNull(block);
        return [.. Of(block.SelfAttention, $"{prefix}.attention"), .. Of(block.Norm1, $"{prefix}.norm1"), .. Of(block.FeedForward, $"{prefix}.feed_forward"), .. Of(block.Norm2, $"{prefix}.norm2")];
    }

    /// <summary>Self-attention, cross-attention, feed-forward and the three layer norms.</summary>
    /// <param name="block">The block.</param>
    /// <param name="prefix">Name prefix.</param>
    public static IReadOnlyList<NamedParameter> Of(DecoderBlock block, string prefix)
    {
        ArgumentNullException.ThrowIfNull(block);
        return [.. Of(block.SelfAttention, $"{prefix}.self_attention"), .. Of(block.Norm1, $"{prefix}.norm1"), .. Of(block.CrossAttention, $"{prefix}.cross_attention"),
            .. Of(block.Norm2, $"{prefix}.norm2"), .. Of(block.FeedForward, $"{prefix}.feed_forward"), .. Of(block.Norm3, $"{prefix}.norm3")];
    }
}
