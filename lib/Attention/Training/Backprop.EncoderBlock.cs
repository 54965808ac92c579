namespace Attention;

/// <summary>What the backward of an encoder block needs from its forward.</summary>
/// <param name="Input">x. Shape: (T, D).</param>
/// <param name="AttentionInput">What self-attention read: x (post-norm) or Norm1(x) (pre-norm). Shape: (T, D).</param>
/// <param name="Attention">The self-attention trace.</param>
/// <param name="Sum1">x + attention: Norm1's input (post-norm) or the residual stream h (pre-norm). Shape: (T, D).</param>
/// <param name="Hidden">h, the residual stream between the sublayers: Norm1(Sum1) (post-norm) or Sum1 (pre-norm). Shape: (T, D).</param>
/// <param name="FeedForwardInput">What the feed-forward network read: h (post-norm) or Norm2(h) (pre-norm). Shape: (T, D).</param>
/// <param name="FeedForward">The feed-forward trace.</param>
/// <param name="Sum2">h + feed-forward: Norm2's input (post-norm) or the output (pre-norm). Shape: (T, D).</param>
/// <param name="Output">The block's output. Shape: (T, D).</param>
/// <param name="Residual">Whether the sublayers were wrapped in residual connections (false only for the gradient-flow experiment).</param>
public sealed record EncoderBlockTrace(Matrix Input, Matrix AttentionInput, MultiHeadAttentionTrace Attention, Matrix Sum1, Matrix Hidden, Matrix FeedForwardInput, FeedForwardTrace FeedForward, Matrix Sum2, Matrix Output, bool Residual = true);

public static partial class Backprop
{
    /// <summary>
    /// An encoder block for training (with a causal mask, the block of a decoder-only model):
    /// post-norm h = Norm1(x + SelfAttention(x)), out = Norm2(h + FFN(h));
    /// pre-norm h = x + SelfAttention(Norm1(x)), out = h + FFN(Norm2(h)).
    /// Without bias and RoPE the same numbers as <c>EncoderBlock.Forward</c>.
    /// </summary>
    /// <param name="block">The block whose parts are used.</param>
    /// <param name="x">The input sequence. Shape: (T, D).</param>
    /// <param name="mask">Optional self-attention mask, e.g. causal. Shape: (T, T).</param>
    /// <param name="bias">Optional per-head score bias, e.g. ALiBi. Shape: (H, T, T).</param>
    /// <param name="rotary">Optional RoPE positions.</param>
    /// <param name="residual">false drops both residual connections (x + f(x) becomes f(x)), to show what they do for
    /// gradient flow; the inference block always has them.</param>
    /// <returns>The trace, whose Output is the block's output. Shape: (T, D).</returns>
    public static EncoderBlockTrace EncoderBlockForward(EncoderBlock block, Matrix x, Mask? mask = null, Tensor3? bias = null, RotaryPositions? rotary = null, bool residual = true)
    {
        ArgumentNullException.ThrowIfNull(block);
        ArgumentNullException.ThrowIfNull(x);
        bool pre = block.Norm == NormPlacement.PreNorm;
        var attentionInput = pre ? block.Norm1.Forward(x) : x;
        var attention = MultiHeadAttentionForward(block.SelfAttention, attentionInput, attentionInput, attentionInput, mask, bias, rotary);
        var sum1 = residual ? x + attention.Output : attention.Output;
        var hidden = pre ? sum1 : block.Norm1.Forward(sum1);
        var feedForwardInput = pre ? block.Norm2.Forward(hidden) : hidden;
        var feedForward = FeedForwardForward(block.FeedForward, feedForwardInput);
        var sum2 = residual ? hidden + feedForward.Output : feedForward.Output;
        var output = pre ? sum2 : block.Norm2.Forward(sum2);
        return new EncoderBlockTrace(x, attentionInput, attention, sum1, hidden, feedForwardInput, feedForward, sum2, output, residual);
    }

    /// <summary>
    /// Backward of an encoder block. A residual connection y = a + f(a) passes dy straight through and adds
    /// f's backward: da = dy + f′ᵀ·dy — the "gradient highway" that lets deep stacks train.
    /// </summary>
    /// <param name="block">The block; every parameter receives gradients.</param>
    /// <param name="trace">What the forward kept.</param>
    /// <param name="dOutput">dL/d(output). Shape: (T, D).</param>
    /// <param name="gradients">Where the parameter gradients are added.</param>
    /// <returns>dL/dx. Shape: (T, D).</returns>
    public static Matrix EncoderBlockBackward(EncoderBlock block, EncoderBlockTrace trace, Matrix dOutput, Gradients gradients)
    {
        ArgumentNullException.ThrowIfNull(block);
        ArgumentNullException.ThrowIfNull(trace);
        bool pre = block.Norm == NormPlacement.PreNorm;
        // out = Norm2(sum2) (post) or sum2 (pre)
        var dSum2 = pre ? dOutput : LayerNormBackward(block.Norm2, trace.Sum2, dOutput, gradients);
        // sum2 = h + FFN(ffnInput), ffnInput = h (post) or Norm2(h) (pre)
        var dFeedForwardInput = FeedForwardBackward(block.FeedForward, trace.FeedForward, dSum2, gradients);
        var dThroughFeedForward = pre ? LayerNormBackward(block.Norm2, trace.Hidden, dFeedForwardInput, gradients) : dFeedForwardInput;
        var dHidden = trace.Residual ? dSum2 + dThroughFeedForward : dThroughFeedForward;
        // h = Norm1(sum1) (post) or sum1 (pre)
        var dSum1 = pre ? dHidden : LayerNormBackward(block.Norm1, trace.Sum1, dHidden, gradients);
        // sum1 = x + SelfAttention(attentionInput), attentionInput = x (post) or Norm1(x) (pre)
        var dAttentionInput = MultiHeadAttentionBackward(block.SelfAttention, trace.Attention, dSum1, gradients).DSelf;
        var dThroughAttention = pre ? LayerNormBackward(block.Norm1, trace.Input, dAttentionInput, gradients) : dAttentionInput;
        return trace.Residual ? dSum1 + dThroughAttention : dThroughAttention;
    }
}
