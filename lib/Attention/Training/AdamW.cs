using System.Numerics.Tensors;

namespace Attention;

/// <summary>
/// The AdamW optimiser (Loshchilov and Hutter, 2019), exactly as <c>torch.optim.AdamW</c> updates: for each parameter
/// p with gradient g, at step t (from 1),
/// <code>
/// p ← p − lr·λ·p                         (decoupled weight decay)
/// m ← β₁·m + (1 − β₁)·g                  (running mean of g)
/// v ← β₂·v + (1 − β₂)·g²                 (running mean of g²)
/// p ← p − lr/(1 − β₁ᵗ) · m / (√v / √(1 − β₂ᵗ) + ε)
/// </code>
/// The moments m and v are kept per parameter array (reference identity).
/// </summary>
public sealed class AdamW
{
    private readonly Dictionary<float[], (float[] M, float[] V)> _moments = new(ReferenceEqualityComparer.Instance);

    /// <summary>An optimiser with PyTorch's defaults except the weight decay, which callers usually set.</summary>
    /// <param name="beta1">β₁, the decay of the running mean of g. Shape: scalar.</param>
    /// <param name="beta2">β₂, the decay of the running mean of g². Shape: scalar.</param>
    /// <param name="epsilon">ε, added to the denominator. Shape: scalar.</param>
    /// <param name="weightDecay">λ, the decoupled weight decay. Shape: scalar.</param>
    public AdamW(float beta1 = 0.9f, float beta2 = 0.999f, float epsilon = 1e-8f, float weightDecay = 0.01f)
    {
        if (!(beta1 >= 0f && beta1 < 1f)) throw new ArgumentOutOfRangeException(nameof(beta1), beta1, $"beta1 must be in [0, 1) but is {beta1}.");
        if (!(beta2 >= 0f && beta2 < 1f)) throw new ArgumentOutOfRangeException(nameof(beta2), beta2, $"beta2 must be in [0, 1) but is {beta2}.");
        if (!(epsilon >= 0f) || float.IsInfinity(epsilon)) throw new ArgumentOutOfRangeException(nameof(epsilon), epsilon, $"epsilon must be finite and ≥ 0 but is {epsilon}.");
        if (!(weightDecay >= 0f) || float.IsInfinity(weightDecay)) throw new ArgumentOutOfRangeException(nameof(weightDecay), weightDecay, $"weightDecay must be finite and ≥ 0 but is {weightDecay}.");
        Beta1 = beta1;
        Beta2 = beta2;
        Epsilon = epsilon;
        WeightDecay = weightDecay;
    }

    /// <summary>β₁.</summary>
    public float Beta1 { get; }

    /// <summary>β₂.</summary>
    public float Beta2 { get; }

    /// <summary>ε.</summary>
    public float Epsilon { get; }

    /// <summary>λ, the decoupled weight decay (applied to parameters whose <see cref="NamedParameter.Decay"/> is true).</summary>
    public float WeightDecay { get; }

    /// <summary>How many steps have been taken (t of the bias correction).</summary>
    public int StepCount { get; private set; }

    /// <summary>One update of every parameter, in place. A parameter without a gradient in <paramref name="gradients"/> is left unchanged.</summary>
    /// <param name="parameters">The model's parameters.</param>
    /// <param name="gradients">Their gradients.</param>
    /// <param name="learningRate">lr for this step, e.g. from <see cref="LearningRateSchedule.WarmupCosine"/>. Shape: scalar.</param>
    public void Step(IReadOnlyList<NamedParameter> parameters, Gradients gradients, float learningRate)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        ArgumentNullException.ThrowIfNull(gradients);
        if (!(learningRate >= 0f) || float.IsInfinity(learningRate))
            throw new ArgumentOutOfRangeException(nameof(learningRate), learningRate, $"learningRate must be finite and ≥ 0 but is {learningRate}.");
        StepCount++;
        double correction1 = 1 - Math.Pow(Beta1, StepCount), correction2 = 1 - Math.Pow(Beta2, StepCount);
        float stepSize = (float)(learningRate / correction1);
        float inverseSqrtCorrection2 = (float)(1 / Math.Sqrt(correction2));
        foreach (var parameter in parameters)
        {
            if (!gradients.Contains(parameter.Values)) continue;
            float[] p = parameter.Values, g = gradients.For(p);
            if (!_moments.TryGetValue(p, out var moments)) _moments[p] = moments = (new float[p.Length], new float[p.Length]);
            var (m, v) = moments;
            float decay = parameter.Decay ? 1f - learningRate * WeightDecay : 1f;
            for (int i = 0; i < p.Length; i++)
            {
                p[i] *= decay;
                m[i] = Beta1 * m[i] + (1 - Beta1) * g[i];
                v[i] = Beta2 * v[i] + (1 - Beta2) * g[i] * g[i];
                p[i] -= stepSize * m[i] / (MathF.Sqrt(v[i]) * inverseSqrtCorrection2 + Epsilon);
            }
        }
    }

    /// <summary>One update of plain arrays, all with weight decay (for exercises and tests).</summary>
    /// <param name="parameters">The parameter arrays.</param>
    /// <param name="gradients">Their gradients.</param>
    /// <param name="learningRate">lr for this step. Shape: scalar.</param>
    public void Step(IReadOnlyList<float[]> parameters, Gradients gradients, float learningRate)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        Step(parameters.Select((p, i) => new NamedParameter($"p{i}", p, 1, p.Length, true)).ToArray(), gradients, learningRate);
    }
}

/// <summary>Learning-rate schedules.</summary>
public static class LearningRateSchedule
{
    /// <summary>
    /// Linear warm-up then cosine decay (GPT-2 and most transformers): for step s (from 0),
    /// lr = max·(s + 1)/W while s &lt; W, then min + ½(max − min)(1 + cos(π·(s − W)/(N − W))), reaching min at the last step.
    /// Warm-up keeps the first steps small while Adam's second-moment estimate v is still noisy.
    /// </summary>
    /// <param name="step">s, the step index from 0. Shape: scalar.</param>
    /// <param name="warmupSteps">W ≥ 0. Shape: scalar.</param>
    /// <param name="totalSteps">N &gt; W. Shape: scalar.</param>
    /// <param name="maxLearningRate">The peak rate, reached at the end of warm-up. Shape: scalar.</param>
    /// <param name="minLearningRate">The final rate. Shape: scalar.</param>
    public static float WarmupCosine(int step, int warmupSteps, int totalSteps, float maxLearningRate, float minLearningRate = 0f)
    {
        if (warmupSteps < 0) throw new ArgumentOutOfRangeException(nameof(warmupSteps), warmupSteps, $"warmupSteps must be ≥ 0 but is {warmupSteps}.");
        if (totalSteps <= warmupSteps) throw new ArgumentOutOfRangeException(nameof(totalSteps), totalSteps, $"totalSteps is {totalSteps} but must exceed warmupSteps = {warmupSteps}.");
        if (step < 0) throw new ArgumentOutOfRangeException(nameof(step), step, $"step must be ≥ 0 but is {step}.");
        if (step < warmupSteps) return maxLearningRate * (step + 1) / warmupSteps;
        double progress = Math.Min(1.0, (double)(step - warmupSteps) / Math.Max(1, totalSteps - warmupSteps - 1));
        return (float)(minLearningRate + 0.5 * (maxLearningRate - minLearningRate) * (1 + Math.Cos(Math.PI * progress)));
    }
}

/// <summary>Parameter initialisation as PyTorch does it.</summary>
public static class Initialization
{
    /// <summary>
    /// Re-initialises a linear layer in place as <c>torch.nn.Linear</c> does by default (kaiming_uniform with a = √5):
    /// W and b both ~ U(−1/√in, 1/√in). Seeded: the same seed gives the same layer.
    /// </summary>
    /// <param name="layer">The layer to overwrite.</param>
    /// <param name="seed">Seed of the random generator. Shape: scalar.</param>
    public static void PyTorchLinear(Linear layer, int seed)
    {
        ArgumentNullException.ThrowIfNull(layer);
        float bound = 1f / MathF.Sqrt(layer.InFeatures);
        var random = new Random(seed);
        for (int i = 0; i < layer.Weight.Data.Length; i++) layer.Weight.Data[i] = bound * (2 * random.NextSingle() - 1);
        if (layer.Bias is not null)
            for (int i = 0; i < layer.Bias.Length; i++) layer.Bias[i] = bound * (2 * random.NextSingle() - 1);
    }

    /// <summary>
    /// Re-initialises the projections of multi-head attention in place as <c>torch.nn.MultiheadAttention</c> does:
    /// W_Q, W_K, W_V Xavier-uniform over the stacked (3D, D) in-projection, U(±√(6/(D + 3D))) = U(±√(3/(2D))); W_O as
    /// <c>nn.Linear</c>; all biases 0.
    /// </summary>
    /// <param name="layer">The layer to overwrite.</param>
    /// <param name="seed">Seed of the random generator. Shape: scalar.</param>
    public static void PyTorchMultiHeadAttention(MultiHeadAttention layer, int seed)
    {
        ArgumentNullException.ThrowIfNull(layer);
        var random = new Random(seed);
        float bound = MathF.Sqrt(6f / (layer.DModel + 3 * layer.DModel));
        foreach (var projection in new[] { layer.WQ, layer.WK, layer.WV })
        {
            for (int i = 0; i < projection.Weight.Data.Length; i++) projection.Weight.Data[i] = bound * (2 * random.NextSingle() - 1);
            if (projection.Bias is not null) Array.Clear(projection.Bias);
        }
        PyTorchLinear(layer.WO, random.Next());
        if (layer.WO.Bias is not null) Array.Clear(layer.WO.Bias);
    }
}
