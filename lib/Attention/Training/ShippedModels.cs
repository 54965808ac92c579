using System.Numerics;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace Attention;

/// <summary>
/// One model the curriculum ships trained (in <c>notebooks/weights/</c>): its shape, its training set and its training
/// options, so the committed file can be rebuilt with <see cref="Train"/> (bit for bit on a machine with the same
/// <see cref="ShippedModels.MachineSignature"/>; see docs/decisions.md).
/// </summary>
public sealed class ShippedModel
{
    private readonly Func<TrainingExample[]> _trainingSet;

    internal ShippedModel(string name, string description, TinyGptConfig config, TrainingOptions options, Func<TrainingExample[]> trainingSet)
    {
        Name = name;
        Description = description;
        Config = config;
        Options = options;
        _trainingSet = trainingSet;
    }

    /// <summary>The model's name, e.g. <c>induction-2layer</c>.</summary>
    public string Name { get; }

    /// <summary>One line on what the model is for.</summary>
    public string Description { get; }

    /// <summary>The model's shape (and initialisation seed).</summary>
    public TinyGptConfig Config { get; }

    /// <summary>How it is trained (steps, batch, learning rate, batch-order seed).</summary>
    public TrainingOptions Options { get; }

    /// <summary>The file name of the saved weights, <c>{Name}.tgpt</c>.</summary>
    public string FileName => $"{Name}.tgpt";

    /// <summary>The training sequences (seeded: the same every call). Shape: N × (Tₙ).</summary>
    public TrainingExample[] TrainingSet() => _trainingSet();

    /// <summary>Initialises a model from <see cref="Config"/> and trains it on <see cref="TrainingSet"/> with <see cref="Options"/>.</summary>
    /// <param name="progress">Optional; called after every step.</param>
    public TinyGpt Train(Action<TrainingProgress>? progress = null)
    {
        var model = new TinyGpt(Config);
        model.Train(TrainingSet(), Options, progress);
        return model;
    }

    /// <summary>Loads the saved weights from <paramref name="folder"/> and checks they are this model's shape.</summary>
    /// <param name="folder">The folder holding <see cref="FileName"/>, e.g. <c>weights</c> from a notebook.</param>
    /// <exception cref="InvalidDataException">The file is unreadable or holds another model (retrain with the documented command).</exception>
    public TinyGpt Load(string folder)
    {
        ArgumentException.ThrowIfNullOrEmpty(folder);
        string path = Path.Combine(folder, FileName);
        var model = TinyGpt.Load(path);
        if (model.Config != Config)
            throw new InvalidDataException($"{path} holds {model.Config} but {Name} is {Config}; rebuild it with: dotnet run -c Release --project tools/TrainWeights -- {Name}");
        return model;
    }

    /// <inheritdoc/>
    public override string ToString() => $"{Name}: {Description}";
}

/// <summary>
/// The catalogue of shipped models (chapter 13): an induction model and its one-layer control, copy and reverse
/// models, and four induction models that differ only in their position scheme, for length generalisation.
/// Rebuild them with <c>dotnet run -c Release --project tools/TrainWeights</c>.
/// </summary>
public static class ShippedModels
{
    /// <summary>Alphabet of the induction tasks. Shape: scalar.</summary>
    public const int InductionSymbols = 24;

    /// <summary>The shortest half an induction model is trained on. Shape: scalar.</summary>
    public const int InductionMinLength = 4;

    /// <summary>L, the longest half an induction model is trained on; length generalisation tests on 2L. Shape: scalar.</summary>
    public const int InductionMaxLength = 8;

    /// <summary>
    /// The longest random prefix before the repeated half: 0, so that 2L-token test halves fit in 4L positions.
    /// (Mixed half lengths already stop a fixed positional offset from solving the task.) Shape: scalar.
    /// </summary>
    public const int InductionMaxPrefix = 0;

    /// <summary>Alphabet of the copy and reverse tasks. Shape: scalar.</summary>
    public const int SequenceSymbols = 10;

    /// <summary>Symbols per copy or reverse example (inputs have twice as many tokens). Shape: scalar.</summary>
    public const int SequenceLength = 8;

    /// <summary>The seed of every training set, initialisation and batch order. Shape: scalar.</summary>
    public const int Seed = 1;

    private const int TrainingExamples = 4000;

    // ContextLength P + 4L covers the test sequences with 2L-token halves, so learned positions can run there at all.
    private static TinyGptConfig InductionConfig(int numLayers, int numHeads, PositionScheme positions) =>
        new(SyntheticTasks.VocabSize(InductionSymbols), InductionMaxPrefix + 4 * InductionMaxLength, DModel: 32, NumHeads: numHeads, NumLayers: numLayers, DFF: 64, Positions: positions, Seed: Seed);

    private static TrainingExample[] InductionSet() =>
        SyntheticTasks.InductionWithPrefix(TrainingExamples, InductionMinLength, InductionMaxLength, InductionMaxPrefix, InductionSymbols, Seed);

    private static TinyGptConfig SequenceConfig() =>
        new(SyntheticTasks.VocabSize(SequenceSymbols), 2 * SequenceLength, DModel: 32, NumHeads: 2, NumLayers: 1, DFF: 64, Positions: PositionScheme.Learned, Seed: Seed);

    private static TrainingOptions Steps(int steps) => new(Steps: steps, BatchSize: 16, LearningRate: 3e-3f, WarmupSteps: 30, MinLearningRate: 3e-4f, WeightDecay: 0.01f, ClipNorm: 1f, Seed: Seed);

    /// <summary>Two layers, two heads, learned positions, trained on induction with mixed lengths: forms a previous-token head and an induction head.</summary>
    public static ShippedModel InductionTwoLayer { get; } =
        new("induction-2layer", "2 layers × 2 heads, learned positions, induction with halves of 4–8 tokens", InductionConfig(2, 2, PositionScheme.Learned), Steps(1000), InductionSet);

    /// <summary>The control: the same model with one layer, trained the same way; one layer cannot compose a previous-token head with an induction head.</summary>
    public static ShippedModel InductionOneLayer { get; } =
        new("induction-1layer", "the control: 1 layer × 2 heads, otherwise as induction-2layer", InductionConfig(1, 2, PositionScheme.Learned), Steps(1000), InductionSet);

    /// <summary>One layer, two heads, trained to reverse 8 symbols: an anti-diagonal head.</summary>
    public static ShippedModel Reverse { get; } =
        new("reverse", "1 layer × 2 heads, learned positions, reverse 8 symbols", SequenceConfig(), Steps(800),
            () => SyntheticTasks.Reverse(TrainingExamples, SequenceLength, SequenceSymbols, Seed));

    /// <summary>One layer, two heads, trained to copy 8 symbols: a shifted-diagonal head.</summary>
    public static ShippedModel Copy { get; } =
        new("copy", "1 layer × 2 heads, learned positions, copy 8 symbols", SequenceConfig(), Steps(800),
            () => SyntheticTasks.Copy(TrainingExamples, SequenceLength, SequenceSymbols, Seed));

    /// <summary>Two layers, four heads (ALiBi needs a head with a steep slope), trained on induction with halves up to L; one per position scheme.</summary>
    /// <param name="positions">The position scheme.</param>
    public static ShippedModel LengthGeneralisation(PositionScheme positions) => positions switch
    {
        PositionScheme.Sinusoidal => LengthSinusoidal,
        PositionScheme.Learned => LengthLearned,
        PositionScheme.Rope => LengthRope,
        PositionScheme.Alibi => LengthAlibi,
        _ => throw new ArgumentOutOfRangeException(nameof(positions), positions, $"positions is {(int)positions}, not a {nameof(PositionScheme)}."),
    };

    private static readonly ShippedModel LengthSinusoidal = LengthModel(PositionScheme.Sinusoidal);
    private static readonly ShippedModel LengthLearned = LengthModel(PositionScheme.Learned);
    private static readonly ShippedModel LengthRope = LengthModel(PositionScheme.Rope);
    private static readonly ShippedModel LengthAlibi = LengthModel(PositionScheme.Alibi);

    private static ShippedModel LengthModel(PositionScheme positions) =>
        new($"length-{positions.ToString().ToLowerInvariant()}", $"2 layers × 4 heads, {positions} positions, induction with halves of 4–8 tokens (tested on halves of 16)",
            InductionConfig(2, 4, positions), Steps(3000), InductionSet);

    /// <summary>Every shipped model, cheapest to train first.</summary>
    public static IReadOnlyList<ShippedModel> All { get; } =
        [Reverse, Copy, InductionOneLayer, InductionTwoLayer, LengthSinusoidal, LengthLearned, LengthRope, LengthAlibi];

    /// <summary>The shipped model called <paramref name="name"/>.</summary>
    /// <param name="name">E.g. <c>reverse</c>.</param>
    /// <exception cref="ArgumentException">No model has that name (the message lists them).</exception>
    public static ShippedModel Get(string name) =>
        All.FirstOrDefault(m => m.Name == name)
        ?? throw new ArgumentException($"no shipped model is called '{name}'; the models are {string.Join(", ", All.Select(m => m.Name))}.", nameof(name));

    /// <summary>
    /// What decides whether float32 training is bit-identical between two machines: the architecture, the runtime,
    /// and the vector width and fused multiply-add the kernels (TensorPrimitives) pick. Two machines with the same
    /// signature rebuild the shipped weights byte for byte; others rebuild models that behave the same but differ in
    /// the last bits.
    /// </summary>
    public static string MachineSignature() =>
        $"{RuntimeInformation.RuntimeIdentifier}; {RuntimeInformation.FrameworkDescription}; Vector<float> = {Vector<float>.Count}; "
        + $"Vector256 {(Vector256.IsHardwareAccelerated ? "on" : "off")}; Vector512 {(Vector512.IsHardwareAccelerated ? "on" : "off")}; FMA {(Fma.IsSupported || System.Runtime.Intrinsics.Arm.AdvSimd.IsSupported ? "on" : "off")}";
}
