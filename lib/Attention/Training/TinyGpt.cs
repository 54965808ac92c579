using System.Numerics.Tensors;

namespace Attention;

/// <summary>
/// A tiny decoder-only transformer (GPT): token embedding, positions (sinusoidal, learned, RoPE or ALiBi), N causal
/// blocks, a final layer norm and a linear LM head, trained by next-token prediction with AdamW.
/// Built from the library's layers: each block is an <see cref="EncoderBlock"/> run with a causal mask.
/// Deterministic: the same config and the same training options give the same weights and losses, bit for bit.
/// </summary>
/// <remarks>
/// Initialisation as PyTorch: embeddings (and learned positions) N(0, 1) like <c>nn.Embedding</c>; attention projections
/// as <c>nn.MultiheadAttention</c> (Xavier-uniform in-projection, zero biases); feed-forward and head layers as
/// <c>nn.Linear</c> (U(±1/√in)); layer norms γ = 1, β = 0.
/// </remarks>
public sealed partial class TinyGpt
{
    private readonly NamedParameter[] _parameters;

    /// <summary>A freshly initialised model (seeded by <see cref="TinyGptConfig.Seed"/>).</summary>
    /// <param name="config">The model's shape.</param>
    /// <exception cref="ArgumentException">A field of the config cannot build a model.</exception>
    public TinyGpt(TinyGptConfig config)
    {
        ArgumentNullException.ThrowIfNull(config);
        config.Validate();
        Config = config;
        var seeds = new Random(config.Seed);
        TokenEmbedding = new Embedding(config.VocabSize, config.DModel, seeds.Next());
        LearnedPositions = config.Positions == PositionScheme.Learned ? new LearnedPositionalEncoding(config.ContextLength, config.DModel, seeds.Next()) : null;
        Blocks = new EncoderBlock[config.NumLayers];
        for (int l = 0; l < config.NumLayers; l++)
        {
            var block = new EncoderBlock(config.DModel, config.NumHeads, config.DFF, seeds.Next(), config.Activation, config.Norm);
            Initialization.PyTorchMultiHeadAttention(block.SelfAttention, seeds.Next());
            Initialization.PyTorchLinear(block.FeedForward.First, seeds.Next());
            Initialization.PyTorchLinear(block.FeedForward.Second, seeds.Next());
            Blocks[l] = block;
        }
        FinalNorm = new LayerNorm(config.DModel);
        Head = new Linear(config.DModel, config.VocabSize, seeds.Next());
        Initialization.PyTorchLinear(Head, seeds.Next());

        var parameters = new List<NamedParameter> { new("token_embedding", TokenEmbedding.Table.Data, config.VocabSize, config.DModel, true) };
        if (LearnedPositions is not null) parameters.Add(new("positions", LearnedPositions.Table.Data, config.ContextLength, config.DModel, true));
        for (int l = 0; l < Blocks.Length; l++) parameters.AddRange(Attention.Parameters.Of(Blocks[l], $"blocks.{l}"));
        parameters.AddRange(Attention.Parameters.Of(FinalNorm, "final_norm"));
        parameters.AddRange(Attention.Parameters.Of(Head, "head"));
        _parameters = [.. parameters];
    }

    /// <summary>The model's shape.</summary>
    public TinyGptConfig Config { get; }

    /// <summary>The token embedding table. Shape: (V, D).</summary>
    public Embedding TokenEmbedding { get; }

    /// <summary>The learned position table, or null for the other schemes. Shape: (ContextLength, D).</summary>
    public LearnedPositionalEncoding? LearnedPositions { get; }

    /// <summary>The blocks, run with a causal mask.</summary>
    public EncoderBlock[] Blocks { get; }

    /// <summary>The layer norm before the head.</summary>
    public LayerNorm FinalNorm { get; }

    /// <summary>The LM head, D → V. Shape: (D, V).</summary>
    public Linear Head { get; }

    /// <summary>Every trainable array, in a fixed order (the order of a saved file).</summary>
    public IReadOnlyList<NamedParameter> Parameters => _parameters;

    /// <summary>The parameters of block <paramref name="layer"/> (for per-layer gradient norms).</summary>
    /// <param name="layer">Block index in [0, NumLayers).</param>
    public IReadOnlyList<NamedParameter> BlockParameters(int layer)
    {
        if ((uint)layer >= (uint)Blocks.Length) throw new ArgumentOutOfRangeException(nameof(layer), layer, $"layer must be in [0, {Blocks.Length}).");
        return _parameters.Where(p => p.Name.StartsWith($"blocks.{layer}.", StringComparison.Ordinal)).ToArray();
    }

    /// <summary>How many numbers the model has.</summary>
    public int ParameterCount => _parameters.Sum(p => p.Values.Length);

    /// <summary>Next-token logits at every position, and every block's attention weights.</summary>
    /// <param name="ids">Token ids, each in [0, V); at most ContextLength of them for learned positions. Shape: (T).</param>
    /// <returns>Logits (T, V) and L × (H, T, T) weights.</returns>
    public TinyGptOutput Forward(IReadOnlyList<int> ids)
    {
        var trace = ForwardTrace(ids);
        return new TinyGptOutput(trace.Logits, trace.Blocks.Select(b => b.Attention.Weights).ToArray());
    }

    /// <summary>The mean cross-entropy of one example (positions whose target is negative are not scored).</summary>
    /// <param name="example">Inputs and targets. Shape: (T) each.</param>
    public float Loss(TrainingExample example)
    {
        ArgumentNullException.ThrowIfNull(example);
        return Backprop.CrossEntropyForward(ForwardTrace(example.Inputs).Logits, example.Targets).Loss;
    }

    /// <summary>
    /// Forward and backward over a batch: adds d(mean loss)/d(parameter) into <paramref name="gradients"/> and returns
    /// the batch's mean loss (each sequence's mean cross-entropy, averaged over the batch).
    /// </summary>
    /// <param name="batch">The sequences. Shape: B × (T).</param>
    /// <param name="gradients">Where the gradients are added (not cleared first).</param>
    public float ComputeGradients(IReadOnlyList<TrainingExample> batch, Gradients gradients)
    {
        ArgumentNullException.ThrowIfNull(batch);
        ArgumentNullException.ThrowIfNull(gradients);
        if (batch.Count == 0) throw new ArgumentException("batch is empty.", nameof(batch));
        double loss = 0;
        foreach (var example in batch)
        {
            var trace = ForwardTrace(example.Inputs);
            var crossEntropy = Backprop.CrossEntropyForward(trace.Logits, example.Targets);
            loss += crossEntropy.Loss;
            var dLogits = Backprop.CrossEntropyBackward(crossEntropy);
            TensorPrimitives.Multiply(dLogits.Data, 1f / batch.Count, dLogits.Data);
            Backward(trace, dLogits, gradients);
        }
        return (float)(loss / batch.Count);
    }

    /// <summary>
    /// Trains with AdamW, a warm-up + cosine learning rate and gradient clipping; calls <paramref name="progress"/>
    /// after every step. Batches are drawn with a generator seeded by <see cref="TrainingOptions.Seed"/>, so two runs
    /// from the same model and options are identical.
    /// </summary>
    /// <param name="examples">The training set. Shape: N × (T).</param>
    /// <param name="options">Steps, batch size, learning rate, …</param>
    /// <param name="progress">Optional; called after each step (e.g. to update a progress bar and a loss curve).</param>
    /// <returns>The loss of every step. Shape: (Steps).</returns>
    /// <exception cref="ArgumentOutOfRangeException">A field of <paramref name="options"/> is out of range (checked before the first step).</exception>
    public float[] Train(IReadOnlyList<TrainingExample> examples, TrainingOptions options, Action<TrainingProgress>? progress = null)
    {
        ArgumentNullException.ThrowIfNull(examples);
        ArgumentNullException.ThrowIfNull(options);
        if (examples.Count == 0) throw new ArgumentException("examples is empty; training needs at least one sequence.", nameof(examples));
        ThrowIfBadOptions(options);
        foreach (var example in examples) ThrowIfBadExample(example);
        var optimizer = new AdamW(weightDecay: options.WeightDecay);
        var random = new Random(options.Seed);
        var gradients = new Gradients();
        var losses = new float[options.Steps];
        var batch = new TrainingExample[options.BatchSize];
        for (int step = 0; step < options.Steps; step++)
        {
            for (int b = 0; b < batch.Length; b++) batch[b] = examples[random.Next(examples.Count)];
            gradients.Clear();
            losses[step] = ComputeGradients(batch, gradients);
            float norm = options.ClipNorm > 0 ? gradients.ClipGlobalNorm(options.ClipNorm) : gradients.GlobalNorm();
            float learningRate = LearningRateSchedule.WarmupCosine(step, Math.Min(options.WarmupSteps, options.Steps - 1), options.Steps, options.LearningRate, options.MinLearningRate);
            optimizer.Step(_parameters, gradients, learningRate);
            progress?.Invoke(new TrainingProgress(step + 1, options.Steps, losses[step], learningRate, norm));
        }
        return losses;
    }

    /// <summary>What the backward of the whole model needs.</summary>
    private sealed record ModelTrace(int[] Ids, EncoderBlockTrace[] Blocks, Matrix FinalInput, Matrix Normed, Matrix Logits);

    private ModelTrace ForwardTrace(IReadOnlyList<int> ids)
    {
        ThrowIfBadIds(ids, nameof(ids));
        int seqLen = ids.Count;
        // 1. token embeddings: (T) -> (T,D)
        var x = TokenEmbedding.Lookup(ids);
        // 2. positions added to the embeddings (RoPE and ALiBi act inside attention instead)
        if (LearnedPositions is not null) x = LearnedPositions.AddTo(x);
        else if (Config.Positions == PositionScheme.Sinusoidal) x += PositionalEncoding.Sinusoidal(seqLen, Config.DModel);
        // 3. the blocks, causal
        var mask = Mask.Causal(seqLen);
        var bias = Config.Positions == PositionScheme.Alibi ? Alibi.Bias(seqLen, seqLen, Config.NumHeads) : null;
        var rotary = Config.Positions == PositionScheme.Rope ? new RotaryPositions() : null;
        var blocks = new EncoderBlockTrace[Blocks.Length];
        for (int l = 0; l < Blocks.Length; l++)
        {
            blocks[l] = Backprop.EncoderBlockForward(Blocks[l], x, mask, bias, rotary, Config.Residual);
            x = blocks[l].Output;
        }
        // 4. final layer norm
        var normed = FinalNorm.Forward(x);
        // 5. LM head: (T,D) x (D,V) -> (T,V)
        var logits = Head.Forward(normed);
        return new ModelTrace([.. ids], blocks, x, normed, logits);
    }

    private void Backward(ModelTrace trace, Matrix dLogits, Gradients gradients)
    {
        // 5. LM head
        var dNormed = Backprop.LinearBackward(Head, trace.Normed, dLogits, gradients);
        // 4. final layer norm
        var dx = Backprop.LayerNormBackward(FinalNorm, trace.FinalInput, dNormed, gradients);
        // 3. the blocks, last first
        for (int l = Blocks.Length - 1; l >= 0; l--)
            dx = Backprop.EncoderBlockBackward(Blocks[l], trace.Blocks[l], dx, gradients);
        // 2. positions (sinusoids have no parameters)
        if (LearnedPositions is not null) dx = Backprop.LearnedPositionalEncodingBackward(LearnedPositions, dx, gradients);
        // 1. token embeddings
        Backprop.EmbeddingBackward(TokenEmbedding, trace.Ids, dx, gradients);
    }

    private void ThrowIfBadIds(IReadOnlyList<int> ids, string name)
    {
        ArgumentNullException.ThrowIfNull(ids, name);
        if (ids.Count == 0) throw new ArgumentException($"{name} is empty; a sequence needs at least one token.", name);
        if (LearnedPositions is not null && ids.Count > Config.ContextLength)
            throw new ArgumentException($"{name} has {ids.Count} tokens but the model's learned positions cover ContextLength = {Config.ContextLength}.", name);
        for (int t = 0; t < ids.Count; t++)
            if ((uint)ids[t] >= (uint)Config.VocabSize)
                throw new ArgumentOutOfRangeException(name, ids[t], $"{name}[{t}] is {ids[t]} but VocabSize is {Config.VocabSize}, so ids must be in [0, {Config.VocabSize}).");
    }

    /// <summary>Every field at once, before any step: a bad learning rate must not surface mid-run, after the model changed.</summary>
    private static void ThrowIfBadOptions(TrainingOptions options)
    {
        if (options.Steps <= 0) throw new ArgumentOutOfRangeException(nameof(options), options.Steps, $"options.Steps must be positive but is {options.Steps}.");
        if (options.BatchSize <= 0) throw new ArgumentOutOfRangeException(nameof(options), options.BatchSize, $"options.BatchSize must be positive but is {options.BatchSize}.");
        if (options.WarmupSteps < 0) throw new ArgumentOutOfRangeException(nameof(options), options.WarmupSteps, $"options.WarmupSteps must be ≥ 0 but is {options.WarmupSteps}.");
        ThrowIfNotFiniteNonNegative(options.LearningRate, "LearningRate");
        ThrowIfNotFiniteNonNegative(options.MinLearningRate, "MinLearningRate");
        ThrowIfNotFiniteNonNegative(options.WeightDecay, "WeightDecay");
        ThrowIfNotFiniteNonNegative(options.ClipNorm, "ClipNorm");
    }

    private static void ThrowIfNotFiniteNonNegative(float value, string field)
    {
        if (!(value >= 0f) || float.IsInfinity(value))
            throw new ArgumentOutOfRangeException("options", value, $"options.{field} must be finite and ≥ 0 but is {value}.");
    }

    private void ThrowIfBadExample(TrainingExample example)
    {
        ArgumentNullException.ThrowIfNull(example);
        ThrowIfBadIds(example.Inputs, nameof(example.Inputs));
        if (example.Targets is null || example.Targets.Length != example.Inputs.Length)
            throw new ArgumentException($"an example has {example.Inputs.Length} inputs but {example.Targets?.Length ?? 0} targets; give one target (or −1) per input.", "examples");
    }

    /// <inheritdoc/>
    public override string ToString() => $"TinyGpt (V = {Config.VocabSize}, D = {Config.DModel}, H = {Config.NumHeads}, L = {Config.NumLayers}, F = {Config.DFF}, {Config.Positions}, {ParameterCount} parameters)";
}
