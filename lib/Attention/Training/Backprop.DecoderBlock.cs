namespace Attention;

/// <summary>What the backward of a decoder block needs from its forward.</summary>
/// <param name="Input">x, the target sequence. Shape: (T, D).</param>
/// <param name="Memory">The encoder output. Shape: (S, D).</param>
/// <param name="SelfInput">What self-attention read: x (post-norm) or Norm1(x) (pre-norm). Shape: (T, D).</param>
/// <param name="SelfAttention">The masked self-attention trace.</param>
/// <param name="Sum1">x + self-attention. Shape: (T, D).</param>
/// <param name="Hidden1">h₁: Norm1(Sum1) (post-norm) or Sum1 (pre-norm). Shape: (T, D).</param>
/// <param name="CrossInput">What cross-attention's queries read: h₁ (post) or Norm2(h₁) (pre). Shape: (T, D).</param>
/// <param name="CrossAttention">The cross-attention trace.</param>
/// <param name="Sum2">h₁ + cross-attention. Shape: (T, D).</param>
/// <param name="Hidden2">h₂: Norm2(Sum2) (post-norm) or Sum2 (pre-norm). Shape: (T, D).</param>
/// <param name="FeedForwardInput">h₂ (post) or Norm3(h₂) (pre). Shape: (T, D).</param>
/// <param name="FeedForward">The feed-forward trace.</param>
/// <param name="Sum3">h₂ + feed-forward. Shape: (T, D).</param>
/// <param name="Output">The block's output. Shape: (T, D).</param>
public sealed record DecoderBlockTrace(Matrix Input, Matrix Memory, Matrix SelfInput, MultiHeadAttentionTrace SelfAttention, Matrix Sum1, Matrix Hidden1,
    Matrix CrossInput, MultiHeadAttentionTrace CrossAttention, Matrix Sum2, Matrix Hidden2, Matrix FeedForwardInput, FeedForwardTrace FeedForward, Matrix Sum3, Matrix Output);

/// <summary>The gradients of a decoder block with respect to its two inputs.</summary>
/// <param name="DInput">dL/dx. Shape: (T, D).</param>
/// <param name="DMemory">dL/d(memory), from cross-attention's keys and values. Shape: (S, D).</param>
public sealed record DecoderBlockGradients(Matrix DInput, Matrix DMemory);

public static partial class Backprop
{
    /// <summary>
    /// A decoder block for training, the same numbers as <c>DecoderBlock.Forward</c>:
    /// post-norm h₁ = Norm1(x + SelfAttention(x)), h₂ = Norm2(h₁ + CrossAttention(h₁, memory)), out = Norm3(h₂ + FFN(h₂));
    /// pre-norm h₁ = x + SelfAttention(Norm1(x)), h₂ = h₁ + CrossAttention(Norm2(h₁), memory), out = h₂ + FFN(Norm3(h₂)).
    /// </summary>
    /// <param name="block">The block whose parts are used.</param>
    /// <param name="x">The target sequence. Shape: (T, D).</param>
    /// <param name="memory">The encoder output. Shape: (S, D).</param>
    /// <param name="selfMask">Self-attention mask; null means causal, as in <c>DecoderBlock.Forward</c>. Shape: (T, T).</param>
    /// <param name="memoryMask">Optional cross-attention mask. Shape: (T, S).</param>
    /// <returns>The trace, whose Output is the block's output. Shape: (T, D).</returns>
    public static DecoderBlockTrace DecoderBlockForward(DecoderBlock block, Matrix x, Matrix memory, Mask? selfMask = null, Mask? memoryMask = null)
    {
        ArgumentNullException.ThrowIfNull(block);
        ArgumentNullException.ThrowIfNull(x);
        ArgumentNullException.ThrowIfNull(memory);
        selfMask ??= Mask.Causal(x.Rows);
        bool pre = block.Norm == NormPlacement.PreNorm;
        var selfInput = pre ? block.Norm1.Forward(x) : x;
        var self = MultiHeadAttentionForward(block.SelfAttention, selfInput, selfInput, selfInput, selfMask);
        var sum1 = x + self.Output;
        var hidden1 = pre ? sum1 : block.Norm1.Forward(sum1);
        var crossInput = pre ? block.Norm2.Forward(hidden1) : hidden1;
        var cross = MultiHeadAttentionForward(block.CrossAttention, crossInput, memory, memory, memoryMask);
        var sum2 = hidden1 + cross.Output;
        var hidden2 = pre ? sum2 : block.Norm2.Forward(sum2);
        var feedForwardInput = pre ? block.Norm3.Forward(hidden2) : hidden2;
        var feedForward = FeedForwardForward(block.FeedForward, feedForwardInput);
        var sum3 = hidden2 + feedForward.Output;
        var output = pre ? sum3 : block.Norm3.Forward(sum3);
        return new DecoderBlockTrace(x, memory, selfInput, self, sum1, hidden1, crossInput, cross, sum2, hidden2, feedForwardInput, feedForward, sum3, output);
    }

    /// <summary>Backward of a decoder block: the three residual sublayers in reverse order.</summary>
    /// <param name="block">The block; every parameter receives gradients.</param>
    /// <param name="trace">What the forward kept.</param>
    /// <param name="dOutput">dL/d(output). Shape: (T, D).</param>
    /// <param name="gradients">Where the parameter gradients are added.</param>
    /// <returns>dL/dx (T, D) and dL/d(memory) (S, D).</returns>
    public static DecoderBlockGradients DecoderBlockBackward(DecoderBlock block, DecoderBlockTrace trace, Matrix dOutput, Gradients gradients)
    {
        ArgumentNullException.ThrowIfNull(block);
        ArgumentNullException.ThrowIfNull(trace);
        bool pre = block.Norm == NormPlacement.PreNorm;
        // 3. feed-forward sublayer
        var dSum3 = pre ? dOutput : LayerNormBackward(block.Norm3, trace.Sum3, dOutput, gradients);
        var dFeedForwardInput = FeedForwardBackward(block.FeedForward, trace.FeedForward, dSum3, gradients);
        var dHidden2 = dSum3 + (pre ? LayerNormBackward(block.Norm3, trace.Hidden2, dFeedForwardInput, gradients) : dFeedForwardInput);
        // 2. cross-attention sublayer: queries from h₁, keys and values from the memory
        var dSum2 = pre ? dHidden2 : LayerNormBackward(block.Norm2, trace.Sum2, dHidden2, gradients);
        var cross = MultiHeadAttentionBackward(block.CrossAttention, trace.CrossAttention, dSum2, gradients);
        var dHidden1 = dSum2 + (pre ? LayerNormBackward(block.Norm2, trace.Hidden1, cross.DQueries, gradients) : cross.DQueries);
        var dMemory = cross.DKeys + cross.DValues;
        // 1. masked self-attention sublayer
        var dSum1 = pre ? dHidden1 : LayerNormBackward(block.Norm1, trace.Sum1, dHidden1, gradients);
        var dSelfInput = MultiHeadAttentionBackward(block.SelfAttention, trace.SelfAttention, dSum1, gradients).DSelf;
        var dInput = dSum1 + (pre ? LayerNormBackward(block.Norm1, trace.Input, dSelfInput, gradients) : dSelfInput);
        return new DecoderBlockGradients(dInput, dMemory);
    }
}
