namespace Attention.Tests;

/// <summary>AdamW against torch.optim.AdamW (<c>Reference/adamw.json</c>), the schedule, clipping and initialisation.</summary>
public class TrainingOptimizerTests
{
    public static TheoryData<string> AdamWCases => ReferenceFile.CaseNames("adamw.json");

    [Theory]
    [MemberData(nameof(AdamWCases))]
    public void AdamW_matches_PyTorch_step_by_step(string name)
    {
        var c = ReferenceFile.Load("adamw.json").Case(name);
        var weight = c.Matrix("weight");
        var bias = c.Vector("bias");
        var optimizer = new AdamW(c.Float("beta1"), c.Float("beta2"), c.Float("epsilon"), c.Float("weight_decay"));
        var learningRates = c.Expected("learning_rates").Data;
        var steps = ReferenceStepList(c);
        Assert.Equal(6, steps.Count);
        var gradients = new Gradients();
        for (int s = 0; s < steps.Count; s++)
        {
            steps[s].GradWeight.CopyTo(gradients.For(weight.Data), 0);
            steps[s].GradBias.CopyTo(gradients.For(bias), 0);
            optimizer.Step([weight.Data, bias], gradients, (float)learningRates[s]);
            for (int i = 0; i < weight.Data.Length; i++)
                Assert.True(Math.Abs(weight.Data[i] - steps[s].Weight[i]) <= 1e-6, $"{name} step {s + 1} weight[{i}]: expected {steps[s].Weight[i]:R}, got {weight.Data[i]:R}");
            for (int i = 0; i < bias.Length; i++)
                Assert.True(Math.Abs(bias[i] - steps[s].Bias[i]) <= 1e-6, $"{name} step {s + 1} bias[{i}]: expected {steps[s].Bias[i]:R}, got {bias[i]:R}");
        }
        Assert.Equal(6, optimizer.StepCount);
    }

    private sealed record ReferenceStep(float[] GradWeight, float[] GradBias, double[] Weight, double[] Bias);

    /// <summary>Slices the stacked (steps, …) tensors of the case into one record per step.</summary>
    private static List<ReferenceStep> ReferenceStepList(ReferenceCase c)
    {
        var gradWeight = c.Expected("grad_weight");
        var gradBias = c.Expected("grad_bias");
        var weight = c.Expected("weight_after");
        var bias = c.Expected("bias_after");
        int steps = gradWeight.Shape[0], w = gradWeight.Data.Length / steps, b = gradBias.Data.Length / steps;
        return Enumerable.Range(0, steps).Select(s => new ReferenceStep(
            gradWeight.Data.Skip(s * w).Take(w).Select(v => (float)v).ToArray(), gradBias.Data.Skip(s * b).Take(b).Select(v => (float)v).ToArray(),
            weight.Data.Skip(s * w).Take(w).ToArray(), bias.Data.Skip(s * b).Take(b).ToArray())).ToList();
    }

    [Fact]
    public void AdamW_skips_weight_decay_where_Decay_is_false_and_leaves_parameters_without_gradient()
    {
        float[] decayed = [1f], kept = [1f], untouched = [1f];
        var gradients = new Gradients();
        gradients.For(decayed);
        gradients.For(kept);
        new AdamW(weightDecay: 0.5f).Step([new NamedParameter("w", decayed, 1, 1, true), new NamedParameter("b", kept, 1, 1, false), new NamedParameter("u", untouched, 1, 1, true)], gradients, 0.1f);
        Assert.Equal(1f - 0.1f * 0.5f, decayed[0], 6); // zero gradient: only the decay moves it
        Assert.Equal(1f, kept[0]);
        Assert.Equal(1f, untouched[0]);
    }

    [Fact]
    public void Warmup_cosine_schedule_by_hand()
    {
        // W = 4, N = 14, max 1, min 0.1
        Assert.Equal(0.25f, LearningRateSchedule.WarmupCosine(0, 4, 14, 1f, 0.1f), 6);
        Assert.Equal(1f, LearningRateSchedule.WarmupCosine(3, 4, 14, 1f, 0.1f), 6);
        Assert.Equal(1f, LearningRateSchedule.WarmupCosine(4, 4, 14, 1f, 0.1f), 6);
        // halfway through the decay (s − W = 4.5 of 9): cos(π/2) = 0 -> (max + min)/2; s = 8 is 4/9 of the way
        Assert.Equal(0.1 + 0.45 * (1 + Math.Cos(Math.PI * 4 / 9)), LearningRateSchedule.WarmupCosine(8, 4, 14, 1f, 0.1f), 5);
        Assert.Equal(0.1f, LearningRateSchedule.WarmupCosine(13, 4, 14, 1f, 0.1f), 6);
        Assert.Throws<ArgumentOutOfRangeException>(() => LearningRateSchedule.WarmupCosine(0, 5, 5, 1f));
    }

    [Fact]
    public void Clipping_by_global_norm_like_torch()
    {
        float[] a = [3f, 0f], b = [4f];
        var gradients = new Gradients();
        gradients.For(a)[0] = 3f;
        gradients.For(b)[0] = 4f; // global norm 5
        Assert.Equal(5f, gradients.ClipGlobalNorm(10f));
        Assert.Equal(3f, gradients.For(a)[0]); // below the limit: unchanged
        Assert.Equal(5f, gradients.ClipGlobalNorm(1f), 5);
        Assert.Equal(3f / (5f + 1e-6f), gradients.For(a)[0], 6);
        Assert.Equal(4f / (5f + 1e-6f), gradients.For(b)[0], 6);
        Assert.Equal(1f, gradients.GlobalNorm(), 5);
    }

    [Fact]
    public void PyTorch_linear_initialisation_has_the_right_bound_and_variance_and_is_seeded()
    {
        var layer = new Linear(64, 256, seed: 0);
        Initialization.PyTorchLinear(layer, seed: 7);
        float bound = 1f / 8f;
        Assert.All(layer.Weight.Data, w => Assert.InRange(w, -bound, bound));
        double variance = layer.Weight.Data.Average(w => (double)w * w);
        Assert.InRange(variance, bound * bound / 3 * 0.95, bound * bound / 3 * 1.05); // U(−a, a) has variance a²/3
        Assert.Contains(layer.Bias!, b => b != 0f);
        var again = new Linear(64, 256, seed: 0);
        Initialization.PyTorchLinear(again, seed: 7);
        Assert.Equal(layer.Weight.Data, again.Weight.Data);
    }
}
