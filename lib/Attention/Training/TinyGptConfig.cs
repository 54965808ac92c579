namespace Attention;

/// <summary>How a <see cref="TinyGpt"/> tells positions apart.</summary>
public enum PositionScheme
{
    /// <summary>Fixed sinusoids added to the token embeddings (Vaswani et al.).</summary>
    Sinusoidal,

    /// <summary>A trained (ContextLength, D) table added to the token embeddings (GPT-2); cannot go beyond ContextLength.</summary>
    Learned,

    /// <summary>Queries and keys rotated per head by their position (RoPE); nothing is added to the embeddings.</summary>
    Rope,

    /// <summary>A per-head linear distance penalty added to the scores (ALiBi); nothing is added to the embeddings.</summary>
    Alibi,
}

/// <summary>The shape of a <see cref="TinyGpt"/>; written at the start of a saved file.</summary>
/// <param name="VocabSize">V, the number of token ids. Shape: scalar.</param>
/// <param name="ContextLength">The longest sequence trained on (and the size of the learned position table). Shape: scalar.</param>
/// <param name="DModel">D, the model width; divisible by NumHeads (and even for RoPE). Shape: scalar.</param>
/// <param name="NumHeads">H, heads per attention layer. Shape: scalar.</param>
/// <param name="NumLayers">How many blocks. Shape: scalar.</param>
/// <param name="DFF">F, the feed-forward hidden width. Shape: scalar.</param>
/// <param name="Positions">The position scheme.</param>
/// <param name="Activation">The feed-forward non-linearity.</param>
/// <param name="Norm">Pre-norm (GPT-2, the default) or post-norm blocks.</param>
/// <param name="Seed">Seed of the initialisation; the same config gives the same weights, bit for bit. Shape: scalar.</param>
/// <param name="Residual">Whether the blocks have residual connections (true; false only to show how gradients fade without them).</param>
public sealed record TinyGptConfig(int VocabSize, int ContextLength, int DModel = 32, int NumHeads = 2, int NumLayers = 2, int DFF = 128,
    PositionScheme Positions = PositionScheme.Learned, Activation Activation = Activation.Gelu, NormPlacement Norm = NormPlacement.PreNorm, int Seed = 0, bool Residual = true)
{
    /// <summary>Throws <see cref="ArgumentException"/> naming the first field that cannot build a model.</summary>
    public void Validate()
    {
        ThrowIfNotPositive(VocabSize, nameof(VocabSize));
        ThrowIfNotPositive(ContextLength, nameof(ContextLength));
        ThrowIfNotPositive(DModel, nameof(DModel));
        ThrowIfNotPositive(NumHeads, nameof(NumHeads));
        ThrowIfNotPositive(NumLayers, nameof(NumLayers));
        ThrowIfNotPositive(DFF, nameof(DFF));
        if (DModel % NumHeads != 0)
            throw new ArgumentException($"DModel = {DModel} is not divisible by NumHeads = {NumHeads}.", nameof(DModel));
        if (Positions == PositionScheme.Rope && DModel / NumHeads % 2 != 0)
            throw new ArgumentException($"RoPE rotates column pairs, so dK = DModel / NumHeads = {DModel / NumHeads} must be even.", nameof(Positions));
        if (!Enum.IsDefined(Positions)) throw new ArgumentOutOfRangeException(nameof(Positions), Positions, $"Positions is {(int)Positions}, not a {nameof(PositionScheme)}.");
        if (!Enum.IsDefined(Activation)) throw new ArgumentOutOfRangeException(nameof(Activation), Activation, $"Activation is {(int)Activation}, not an {nameof(Attention.Activation)}.");
        if (!Enum.IsDefined(Norm)) throw new ArgumentOutOfRangeException(nameof(Norm), Norm, $"Norm is {(int)Norm}, not a {nameof(NormPlacement)}.");
        ThrowIfTooLarge((long)VocabSize * DModel, nameof(VocabSize), $"the embedding ({VocabSize}, {DModel})");
        ThrowIfTooLarge((long)ContextLength * DModel, nameof(ContextLength), $"the position table ({ContextLength}, {DModel})");
        ThrowIfTooLarge((long)DModel * DModel, nameof(DModel), $"a projection ({DModel}, {DModel})");
        ThrowIfTooLarge((long)DModel * DFF, nameof(DFF), $"the feed-forward weights ({DModel}, {DFF})");
    }

    /// <summary>
    /// The number of weights in the matrices alone (embedding, and per block W_Q, W_K, W_V, W_O and the two feed-forward
    /// matrices): a lower bound on the model's parameter count, computed without overflow before anything is allocated.
    /// </summary>
    internal double MinimumParameterCount() =>
        (double)VocabSize * DModel + (double)NumLayers * (4.0 * DModel * DModel + 2.0 * DModel * DFF);

    private static void ThrowIfTooLarge(long elements, string name, string what)
    {
        if (elements > Array.MaxLength)
            throw new ArgumentOutOfRangeException(name, $"{what} would hold {elements} values, more than an array can ({Array.MaxLength}).");
    }

    private static void ThrowIfNotPositive(int value, string name)
    {
        if (value <= 0) throw new ArgumentOutOfRangeException(name, value, $"{name} must be positive but is {value}.");
    }
}

/// <summary>One training sequence: the model reads <see cref="Inputs"/> and is scored on predicting <see cref="Targets"/>.</summary>
/// <param name="Inputs">Token ids. Shape: (T).</param>
/// <param name="Targets">The next token after each input position, or −1 where the position is not scored. Shape: (T).</param>
public sealed record TrainingExample(int[] Inputs, int[] Targets);

/// <summary>How <see cref="TinyGpt.Train"/> trains.</summary>
/// <param name="Steps">Optimiser steps. Shape: scalar.</param>
/// <param name="BatchSize">Sequences per step (drawn with replacement, seeded). Shape: scalar.</param>
/// <param name="LearningRate">The peak learning rate. Shape: scalar.</param>
/// <param name="WarmupSteps">Linear warm-up steps (0 = none). Shape: scalar.</param>
/// <param name="MinLearningRate">The rate the cosine decays to. Shape: scalar.</param>
/// <param name="WeightDecay">AdamW's λ (weight matrices and embeddings only). Shape: scalar.</param>
/// <param name="ClipNorm">Global gradient-norm limit; 0 turns clipping off. Shape: scalar.</param>
/// <remarks><see cref="TinyGpt.Train"/> checks every field before the first step: counts positive (warm-up ≥ 0), rates,
/// decay and clip norm finite and ≥ 0; anything else is an <see cref="ArgumentOutOfRangeException"/> naming the field.</remarks>
/// <param name="Seed">Seed of the batch order. Shape: scalar.</param>
public sealed record TrainingOptions(int Steps = 200, int BatchSize = 8, float LearningRate = 3e-3f, int WarmupSteps = 20, float MinLearningRate = 3e-4f,
    float WeightDecay = 0.01f, float ClipNorm = 1f, int Seed = 0);

/// <summary>Reported after every training step.</summary>
/// <param name="Step">Steps done so far (1..TotalSteps). Shape: scalar.</param>
/// <param name="TotalSteps">All steps. Shape: scalar.</param>
/// <param name="Loss">The batch's mean cross-entropy before this step's update. Shape: scalar.</param>
/// <param name="LearningRate">The rate used. Shape: scalar.</param>
/// <param name="GradientNorm">The global gradient norm before clipping. Shape: scalar.</param>
public sealed record TrainingProgress(int Step, int TotalSteps, float Loss, float LearningRate, float GradientNorm);

/// <summary>What <see cref="TinyGpt.Forward"/> computed.</summary>
/// <param name="Logits">Next-token scores at every position. Shape: (T, V).</param>
/// <param name="AttentionWeights">Each block's attention weights. Shape: L × (H, T, T).</param>
public sealed record TinyGptOutput(Matrix Logits, Tensor3[] AttentionWeights);

/// <summary>What <see cref="TinyGpt.Generate"/> produced.</summary>
/// <param name="Tokens">The prompt followed by the generated tokens. Shape: (prompt + new).</param>
/// <param name="Flops">Floating-point operations of the matrix products it ran (2 per multiply-add), counted as they run. Shape: scalar.</param>
public sealed record GenerationResult(int[] Tokens, long Flops);
