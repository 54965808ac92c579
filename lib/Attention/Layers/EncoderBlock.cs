namespace Attention;

/// <summary>Where a transformer block applies its layer norms.</summary>
public enum NormPlacement
{
    /// <summary>
    /// After each residual addition, <c>x = Norm(x + Sublayer(x))</c>: the original Transformer (Vaswani et al., 2017)
    /// and PyTorch's default (<c>norm_first=False</c>).
    /// </summary>
    PostNorm,

    /// <summary>
    /// Before each sublayer, <c>x = x + Sublayer(Norm(x))</c>: GPT-2 and most later models (PyTorch's
    /// <c>norm_first=True</c>); trains more stably in deep stacks. The block's output is not normalised.
    /// </summary>
    PreNorm,
}

/// <summary>
/// What an encoder block computed. The weights are computed on first read (from the attention result, which never
/// changes), so a forward pass whose weights nobody reads allocates nothing of size (T, T).
/// </summary>
public sealed class EncoderBlockResult
{
    private readonly Func<Tensor3> _selfAttentionWeights;

    /// <summary>A result with the weights already computed (held, not copied).</summary>
    /// <param name="output">The block's output, one vector per position. Shape: (T, D).</param>
    /// <param name="selfAttentionWeights">The self-attention weights of every head. Shape: (H, T, T).</param>
    public EncoderBlockResult(Matrix output, Tensor3 selfAttentionWeights)
    {
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(selfAttentionWeights);
        Output = output;
        _selfAttentionWeights = () => selfAttentionWeights;
    }

    internal EncoderBlockResult(Matrix output, MultiHeadAttentionResult selfAttention)
    {
        Output = output;
        _selfAttentionWeights = () => selfAttention.Weights;
    }

    /// <summary>The block's output, one vector per position. Shape: (T, D).</summary>
    public Matrix Output { get; }

    /// <summary>The self-attention weights of every head, computed on first read. Shape: (H, T, T).</summary>
    public Tensor3 SelfAttentionWeights => _selfAttentionWeights();

    /// <summary>Shapes only.</summary>
    public override string ToString() => $"EncoderBlockResult(Output {Output.ShapeString})";
}

/// <summary>
/// One transformer encoder layer: multi-head self-attention and a feed-forward network, each wrapped in a residual
/// connection and a layer norm (placed as <see cref="Norm"/> says). Like <c>torch.nn.TransformerEncoderLayer</c>
/// in evaluation mode; dropout is not modelled (inference only).
/// </summary>
/// <remarks>
/// Post-norm: <c>h = Norm1(x + SelfAttention(x))</c>, <c>output = Norm2(h + FeedForward(h))</c>.
/// Pre-norm: <c>h = x + SelfAttention(Norm1(x))</c>, <c>output = h + FeedForward(Norm2(h))</c>.
/// </remarks>
public sealed class EncoderBlock
{
    /// <summary>
    /// A block with seeded weights: self-attention and feed-forward get the first two draws of <c>new Random(seed)</c>
    /// as their seeds; the layer norms start at γ = 1, β = 0.
    /// </summary>
    /// <param name="dModel">D, the model width; divisible by <paramref name="numHeads"/>. Shape: scalar.</param>
    /// <param name="numHeads">H, the number of attention heads. Shape: scalar.</param>
    /// <param name="dFF">F, the hidden width of the feed-forward network. Shape: scalar.</param>
    /// <param name="seed">Seed of the weight initialisation; the same seed gives the same block. Shape: scalar.</param>
    /// <param name="activation">The feed-forward non-linearity. Shape: scalar.</param>
    /// <param name="norm">Where the layer norms go. Shape: scalar.</param>
    public EncoderBlock(int dModel, int numHeads, int dFF, int seed, Activation activation = Activation.Relu, NormPlacement norm = NormPlacement.PostNorm)
    {
        ThrowHelper.ThrowIfNotPositive(dModel);
        ThrowHelper.ThrowIfNotPositive(numHeads);
        ThrowHelper.ThrowIfNotPositive(dFF);
        if (dModel % numHeads != 0)
            throw new ArgumentException($"dModel = {dModel} is not divisible by numHeads = {numHeads}; each head needs dK = dModel / numHeads columns.", nameof(numHeads));
        ThrowIfUndefined(norm);
        var seeds = new Random(seed);
        SelfAttention = new MultiHeadAttention(dModel, numHeads, seeds.Next());
        FeedForward = new FeedForward(dModel, dFF, seeds.Next(), activation);
        Norm1 = new LayerNorm(dModel);
        Norm2 = new LayerNorm(dModel);
        Norm = norm;
    }

    /// <summary>A block from given parts (held, not copied), e.g. trained weights. All must share one dModel.</summary>
    /// <param name="selfAttention">The self-attention layer. Shape: (D, D) projections.</param>
    /// <param name="feedForward">The feed-forward network. Shape: (D, F) and (F, D).</param>
    /// <param name="norm1">The layer norm around self-attention. Shape: (D).</param>
    /// <param name="norm2">The layer norm around the feed-forward network. Shape: (D).</param>
    /// <param name="norm">Where the layer norms go. Shape: scalar.</param>
    public EncoderBlock(MultiHeadAttention selfAttention, FeedForward feedForward, LayerNorm norm1, LayerNorm norm2, NormPlacement norm = NormPlacement.PostNorm)
    {
        ArgumentNullException.ThrowIfNull(selfAttention);
        ArgumentNullException.ThrowIfNull(feedForward);
        ArgumentNullException.ThrowIfNull(norm1);
        ArgumentNullException.ThrowIfNull(norm2);
        int dModel = selfAttention.DModel;
        ThrowIfWidthDiffers(feedForward.DModel, dModel, nameof(feedForward));
        ThrowIfWidthDiffers(norm1.DModel, dModel, nameof(norm1));
        ThrowIfWidthDiffers(norm2.DModel, dModel, nameof(norm2));
        ThrowIfUndefined(norm);
        SelfAttention = selfAttention;
        FeedForward = feedForward;
        Norm1 = norm1;
        Norm2 = norm2;
        Norm = norm;
    }

    /// <summary>The multi-head self-attention sublayer.</summary>
    public MultiHeadAttention SelfAttention { get; }

    /// <summary>The feed-forward sublayer.</summary>
    public FeedForward FeedForward { get; }

    /// <summary>The layer norm of the self-attention sublayer.</summary>
    public LayerNorm Norm1 { get; }

    /// <summary>The layer norm of the feed-forward sublayer.</summary>
    public LayerNorm Norm2 { get; }

    /// <summary>Where the layer norms go.</summary>
    public NormPlacement Norm { get; }

    /// <summary>D, the model width.</summary>
    public int DModel => SelfAttention.DModel;

    /// <summary>Runs the block on one sequence.</summary>
    /// <param name="x">The input sequence, e.g. embeddings plus positions. Shape: (T, D).</param>
    /// <param name="mask">Optional self-attention mask (true = may attend), e.g. a padding mask; null lets every
    /// position attend to every position. Shape: (T, T).</param>
    /// <returns>Output (T, D) and the self-attention weights (H, T, T).</returns>
    public EncoderBlockResult Forward(Matrix x, Mask? mask = null)
    {
        ArgumentNullException.ThrowIfNull(x);
        if (x.Cols != DModel)
            throw new ArgumentException($"x is {x.ShapeString} but the block has dModel = {DModel}; x needs {DModel} columns.", nameof(x));
        if (mask is not null && mask.Shape != (x.Rows, x.Rows))
            throw new ArgumentException($"mask is {mask.ShapeString} but x is {x.ShapeString}; a self-attention mask must be ({x.Rows}, {x.Rows}).", nameof(mask));

        if (Norm == NormPlacement.PostNorm)
        {
            var attention = SelfAttention.Forward(x, mask);
            var h = Norm1.Forward(x + attention.Output);
            return new EncoderBlockResult(Norm2.Forward(h + FeedForward.Forward(h)), attention);
        }
        else
        {
            var attention = SelfAttention.Forward(Norm1.Forward(x), mask);
            var h = x + attention.Output;
            return new EncoderBlockResult(h + FeedForward.Forward(Norm2.Forward(h)), attention);
        }
    }

    /// <summary>Runs the block on every sequence of a batch; sequence b uses masks[b] (e.g. from <see cref="Mask.PaddingFromLengths"/>).</summary>
    /// <param name="x">The batch. Shape: (B, T, D).</param>
    /// <param name="masks">Optional, one self-attention mask (or null) per sequence. Shape: B × (T, T).</param>
    /// <returns>One result per sequence, each equal to <see cref="Forward(Matrix, Mask?)"/> on that sequence. Shape: B × ((T, D), (H, T, T)).</returns>
    /// <exception cref="ArgumentException">masks does not have one entry per sequence, or a shape does not fit.</exception>
    public IReadOnlyList<EncoderBlockResult> Forward(Tensor3 x, IReadOnlyList<Mask?>? masks = null)
    {
        ArgumentNullException.ThrowIfNull(x);
        MultiHeadAttention.ThrowIfBadMasks(x, masks);
        var results = new EncoderBlockResult[x.Count];
        for (int b = 0; b < x.Count; b++) results[b] = Forward(x[b], masks?[b]);
        return results;
    }

    internal static void ThrowIfWidthDiffers(int width, int dModel, string name)
    {
        if (width != dModel)
            throw new ArgumentException($"{name} has dModel = {width} but the self-attention layer has dModel = {dModel}; every part of a block must share one width.", name);
    }

    internal static void ThrowIfUndefined(NormPlacement norm)
    {
        if (!Enum.IsDefined(norm))
            throw new ArgumentOutOfRangeException(nameof(norm), norm, $"norm is {(int)norm}, which is not a member of {nameof(NormPlacement)}.");
    }

    /// <inheritdoc/>
    public override string ToString() => $"EncoderBlock (D = {DModel}, H = {SelfAttention.NumHeads}, F = {FeedForward.DFF}, {FeedForward.Activation}, {Norm})";
}
