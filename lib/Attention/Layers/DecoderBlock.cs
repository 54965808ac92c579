namespace Attention;

/// <summary>
/// What a decoder block computed. The weights are computed on first read (from the attention results, which never
/// change), so a forward pass whose weights nobody reads allocates nothing of size (T, T) or (T, S).
/// </summary>
public sealed class DecoderBlockResult
{
    private readonly Func<Tensor3> _self, _cross;

    /// <summary>A result with the weights already computed (held, not copied).</summary>
    /// <param name="output">The block's output. Shape: (T, D).</param>
    /// <param name="selfAttentionWeights">Masked self-attention weights. Shape: (H, T, T).</param>
    /// <param name="crossAttentionWeights">Cross-attention weights over the memory. Shape: (H, T, S).</param>
    public DecoderBlockResult(Matrix output, Tensor3 selfAttentionWeights, Tensor3 crossAttentionWeights)
    {
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(selfAttentionWeights);
        ArgumentNullException.ThrowIfNull(crossAttentionWeights);
        Output = output;
        _self = () => selfAttentionWeights;
        _cross = () => crossAttentionWeights;
    }

    internal DecoderBlockResult(Matrix output, MultiHeadAttentionResult self, MultiHeadAttentionResult cross)
    {
        Output = output;
        _self = () => self.Weights;
        _cross = () => cross.Weights;
    }

    /// <summary>The block's output. Shape: (T, D).</summary>
    public Matrix Output { get; }

    /// <summary>Masked self-attention weights, computed on first read. Shape: (H, T, T).</summary>
    public Tensor3 SelfAttentionWeights => _self();

    /// <summary>Cross-attention weights over the memory, computed on first read. Shape: (H, T, S).</summary>
    public Tensor3 CrossAttentionWeights => _cross();

    /// <summary>Shapes only.</summary>
    public override string ToString() => $"DecoderBlockResult(Output {Output.ShapeString})";
}

/// <summary>
/// One transformer decoder layer: masked multi-head self-attention over the target, cross-attention from the target
/// to the encoder's output (the memory), and a feed-forward network, each wrapped in a residual connection and a layer
/// norm. Like <c>torch.nn.TransformerDecoderLayer</c> in evaluation mode; dropout is not modelled (inference only).
/// </summary>
/// <remarks>
/// Post-norm: <c>h₁ = Norm1(x + SelfAttention(x))</c>, <c>h₂ = Norm2(h₁ + CrossAttention(h₁, memory))</c>,
/// <c>output = Norm3(h₂ + FeedForward(h₂))</c>.
/// Pre-norm: <c>h₁ = x + SelfAttention(Norm1(x))</c>, <c>h₂ = h₁ + CrossAttention(Norm2(h₁), memory)</c>,
/// <c>output = h₂ + FeedForward(Norm3(h₂))</c>; the memory is used as given (normalise it in the encoder).
/// </remarks>
public sealed class DecoderBlock
{
    /// <summary>
    /// A block with seeded weights: self-attention, cross-attention and feed-forward get the first three draws of
    /// <c>new Random(seed)</c> as their seeds; the layer norms start at γ = 1, β = 0.
    /// </summary>
    /// <param name="dModel">D, the model width; divisible by <paramref name="numHeads"/>. Shape: scalar.</param>
    /// <param name="numHeads">H, the number of attention heads. Shape: scalar.</param>
    /// <param name="dFF">F, the hidden width of the feed-forward network. Shape: scalar.</param>
    /// <param name="seed">Seed of the weight initialisation; the same seed gives the same block. Shape: scalar.</param>
    /// <param name="activation">The feed-forward non-linearity. Shape: scalar.</param>
    /// <param name="norm">Where the layer norms go. Shape: scalar.</param>
    public DecoderBlock(int dModel, int numHeads, int dFF, int seed, Activation activation = Activation.Relu, NormPlacement norm = NormPlacement.PostNorm)
    {
        ThrowHelper.ThrowIfNotPositive(dModel);
        ThrowHelper.ThrowIfNotPositive(numHeads);
        ThrowHelper.ThrowIfNotPositive(dFF);
        if (dModel % numHeads != 0)
            throw new ArgumentException($"dModel = {dModel} is not divisible by numHeads = {numHeads}; each head needs dK = dModel / numHeads columns.", nameof(numHeads));
        EncoderBlock.ThrowIfUndefined(norm);
        var seeds = new Random(seed);
        SelfAttention = new MultiHeadAttention(dModel, numHeads, seeds.Next());
        CrossAttention = new MultiHeadAttention(dModel, numHeads, seeds.Next());
        FeedForward = new FeedForward(dModel, dFF, seeds.Next(), activation);
        Norm1 = new LayerNorm(dModel);
        Norm2 = new LayerNorm(dModel);
        Norm3 = new LayerNorm(dModel);
        Norm = norm;
    }

    /// <summary>A block from given parts (held, not copied), e.g. trained weights. All must share one dModel.</summary>
    /// <param name="selfAttention">The masked self-attention layer. Shape: (D, D) projections.</param>
    /// <param name="crossAttention">The attention from target to memory. Shape: (D, D) projections.</param>
    /// <param name="feedForward">The feed-forward network. Shape: (D, F) and (F, D).</param>
    /// <param name="norm1">The layer norm around self-attention. Shape: (D).</param>
    /// <param name="norm2">The layer norm around cross-attention. Shape: (D).</param>
    /// <param name="norm3">The layer norm around the feed-forward network. Shape: (D).</param>
    /// <param name="norm">Where the layer norms go. Shape: scalar.</param>
    public DecoderBlock(MultiHeadAttention selfAttention, MultiHeadAttention crossAttention, FeedForward feedForward, LayerNorm norm1, LayerNorm norm2, LayerNorm norm3, NormPlacement norm = NormPlacement.PostNorm)
    {
        ArgumentNullException.ThrowIfNull(selfAttention);
        ArgumentNullException.ThrowIfNull(crossAttention);
        ArgumentNullException.ThrowIfNull(feedForward);
        ArgumentNullException.ThrowIfNull(norm1);
        ArgumentNullException.ThrowIfNull(norm2);
        ArgumentNullException.ThrowIfNull(norm3);
        int dModel = selfAttention.DModel;
        EncoderBlock.ThrowIfWidthDiffers(crossAttention.DModel, dModel, nameof(crossAttention));
        EncoderBlock.ThrowIfWidthDiffers(feedForward.DModel, dModel, nameof(feedForward));
        EncoderBlock.ThrowIfWidthDiffers(norm1.DModel, dModel, nameof(norm1));
        EncoderBlock.ThrowIfWidthDiffers(norm2.DModel, dModel, nameof(norm2));
        EncoderBlock.ThrowIfWidthDiffers(norm3.DModel, dModel, nameof(norm3));
        EncoderBlock.ThrowIfUndefined(norm);
        SelfAttention = selfAttention;
        CrossAttention = crossAttention;
        FeedForward = feedForward;
        Norm1 = norm1;
        Norm2 = norm2;
        Norm3 = norm3;
        Norm = norm;
    }

    /// <summary>The masked multi-head self-attention sublayer.</summary>
    public MultiHeadAttention SelfAttention { get; }

    /// <summary>The cross-attention sublayer: queries from the target, keys and values from the memory.</summary>
    public MultiHeadAttention CrossAttention { get; }

    /// <summary>The feed-forward sublayer.</summary>
    public FeedForward FeedForward { get; }

    /// <summary>The layer norm of the self-attention sublayer.</summary>
    public LayerNorm Norm1 { get; }

    /// <summary>The layer norm of the cross-attention sublayer.</summary>
    public LayerNorm Norm2 { get; }

    /// <summary>The layer norm of the feed-forward sublayer.</summary>
    public LayerNorm Norm3 { get; }

    /// <summary>Where the layer norms go.</summary>
    public NormPlacement Norm { get; }

    /// <summary>D, the model width.</summary>
    public int DModel => SelfAttention.DModel;

    /// <summary>Runs the block on one target sequence against one memory sequence.</summary>
    /// <param name="x">The target sequence so far, e.g. shifted-right embeddings plus positions. Shape: (T, D).</param>
    /// <param name="memory">The encoder's output for the source sequence. Shape: (S, D).</param>
    /// <param name="selfMask">Optional extra self-attention mask (true = may attend), e.g. padding of the target. It is
    /// <b>combined</b> with the causal mask (<see cref="Mask.And"/>), never a replacement for it, so position t sees at
    /// most targets 0..t whatever mask is given. Shape: (T, T).</param>
    /// <param name="memoryMask">Optional cross-attention mask, e.g. padding of the source; null lets every target
    /// position attend to the whole memory. Shape: (T, S).</param>
    /// <param name="causal">true (the default): self-attention is causal, and <paramref name="selfMask"/> is ANDed with
    /// <see cref="Mask.Causal(int)"/>. false: the explicit opt-out, <paramref name="selfMask"/> alone decides (null = every
    /// target position sees every other), e.g. to study what the causal mask prevents. Shape: scalar.</param>
    /// <returns>Output (T, D), self-attention weights (H, T, T) and cross-attention weights (H, T, S).</returns>
    public DecoderBlockResult Forward(Matrix x, Matrix memory, Mask? selfMask = null, Mask? memoryMask = null, bool causal = true)
    {
        ArgumentNullException.ThrowIfNull(x);
        ArgumentNullException.ThrowIfNull(memory);
        if (x.Cols != DModel)
            throw new ArgumentException($"x is {x.ShapeString} but the block has dModel = {DModel}; x needs {DModel} columns.", nameof(x));
        if (memory.Cols != DModel)
            throw new ArgumentException($"memory is {memory.ShapeString} but the block has dModel = {DModel}; memory needs {DModel} columns.", nameof(memory));
        if (selfMask is not null && selfMask.Shape != (x.Rows, x.Rows))
            throw new ArgumentException($"selfMask is {selfMask.ShapeString} but x is {x.ShapeString}; a self-attention mask must be ({x.Rows}, {x.Rows}).", nameof(selfMask));
        if (memoryMask is not null && memoryMask.Shape != (x.Rows, memory.Rows))
            throw new ArgumentException($"memoryMask is {memoryMask.ShapeString} but x is {x.ShapeString} and memory is {memory.ShapeString}; it must be ({x.Rows}, {memory.Rows}).", nameof(memoryMask));
        selfMask = causal ? (selfMask is null ? Mask.Causal(x.Rows) : Mask.Causal(x.Rows).And(selfMask)) : selfMask;

        if (Norm == NormPlacement.PostNorm)
        {
            var self = SelfAttention.Forward(x, selfMask);
            var h1 = Norm1.Forward(x + self.Output);
            var cross = CrossAttention.Forward(h1, memory, memory, memoryMask);
            var h2 = Norm2.Forward(h1 + cross.Output);
            return new DecoderBlockResult(Norm3.Forward(h2 + FeedForward.Forward(h2)), self, cross);
        }
        else
        {
            var self = SelfAttention.Forward(Norm1.Forward(x), selfMask);
            var h1 = x + self.Output;
            var cross = CrossAttention.Forward(Norm2.Forward(h1), memory, memory, memoryMask);
            var h2 = h1 + cross.Output;
            return new DecoderBlockResult(h2 + FeedForward.Forward(Norm3.Forward(h2)), self, cross);
        }
    }

    /// <summary>Runs the block on every sequence of a batch with its own memory and masks (e.g. padding masks).</summary>
    /// <param name="x">The target batch. Shape: (B, T, D).</param>
    /// <param name="memory">The encoder outputs, one per sequence. Shape: (B, S, D).</param>
    /// <param name="selfMasks">Optional, one self-attention mask (or null) per sequence. Shape: B × (T, T).</param>
    /// <param name="memoryMasks">Optional, one memory mask (or null) per sequence. Shape: B × (T, S).</param>
    /// <param name="causal">As in <see cref="Forward(Matrix, Matrix, Mask?, Mask?, bool)"/>.</param>
    /// <returns>One result per sequence, each equal to the unbatched call on that sequence.</returns>
    /// <exception cref="ArgumentException">The batch sizes differ, or a shape does not fit.</exception>
    public IReadOnlyList<DecoderBlockResult> Forward(Tensor3 x, Tensor3 memory, IReadOnlyList<Mask?>? selfMasks = null, IReadOnlyList<Mask?>? memoryMasks = null, bool causal = true)
    {
        ArgumentNullException.ThrowIfNull(x);
        ArgumentNullException.ThrowIfNull(memory);
        if (memory.Count != x.Count)
            ThrowHelper.ThrowArgument(nameof(memory), $"memory is {memory.ShapeString} but x is {x.ShapeString}; each sequence needs its own memory.");
        MultiHeadAttention.ThrowIfBadMasks(x, selfMasks, nameof(selfMasks));
        if (memoryMasks is not null && memoryMasks.Count != x.Count)
            ThrowHelper.ThrowArgument(nameof(memoryMasks), $"memoryMasks has {memoryMasks.Count} entries but x is {x.ShapeString}; one mask (or null) per sequence.");
        var results = new DecoderBlockResult[x.Count];
        for (int b = 0; b < x.Count; b++) results[b] = Forward(x[b], memory[b], selfMasks?[b], memoryMasks?[b], causal);
        return results;
    }

    /// <inheritdoc/>
    public override string ToString() => $"DecoderBlock (D = {DModel}, H = {SelfAttention.NumHeads}, F = {FeedForward.DFF}, {FeedForward.Activation}, {Norm})";
}
