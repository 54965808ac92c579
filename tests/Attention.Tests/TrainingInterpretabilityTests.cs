namespace Attention.Tests;

/// <summary>Chapter 13's tools for reading a trained model: scores, rollout, accuracy per position, head ablation; and the induction tasks.</summary>
public class TrainingInterpretabilityTests
{
    [Fact]
    public void Induction_score_averages_the_weight_on_the_token_after_the_previous_occurrence()
    {
        // ids 5 7 9 5 7: t = 3 (5, seen at 0) scores w[3, 1]; t = 4 (7, seen at 1) scores w[4, 2].
        var weights = Matrix.Zeros(5, 5);
        weights[3, 1] = 0.8f; weights[3, 3] = 0.2f;
        weights[4, 2] = 0.4f; weights[4, 0] = 0.6f;
        Assert.Equal(0.6f, Interpretability.InductionScore(weights, [5, 7, 9, 5, 7]), 6);
        Assert.True(float.IsNaN(Interpretability.InductionScore(Matrix.Identity(3), [1, 2, 3])), "no repeated token: nothing to score");
        var error = Assert.Throws<ArgumentException>(() => Interpretability.InductionScore(Matrix.Identity(3), [1, 2]));
        Assert.Equal("weights", error.ParamName);
    }

    [Fact]
    public void Induction_score_uses_the_latest_earlier_occurrence()
    {
        // ids 4 4 4: t = 1 scores w[1, 1] (after position 0), t = 2 scores w[2, 2] (after position 1).
        var weights = Matrix.FromRows([1, 0, 0], [0.5f, 0.5f, 0], [0.1f, 0.2f, 0.7f]);
        Assert.Equal((0.5f + 0.7f) / 2, Interpretability.InductionScore(weights, [4, 4, 4]), 6);
    }

    [Fact]
    public void Previous_token_score_is_the_mean_of_the_subdiagonal()
    {
        var weights = Matrix.FromRows([1, 0, 0], [0.25f, 0.75f, 0], [0.1f, 0.6f, 0.3f]);
        Assert.Equal((0.25f + 0.6f) / 2, Interpretability.PreviousTokenScore(weights), 6);
        Assert.True(float.IsNaN(Interpretability.PreviousTokenScore(Matrix.Identity(1))));
        Assert.Throws<ArgumentException>(() => Interpretability.PreviousTokenScore(Matrix.Zeros(2, 3)));
    }

    [Fact]
    public void Rollout_of_one_layer_is_half_the_head_average_plus_half_the_identity()
    {
        var first = Matrix.FromRows([1, 0], [0.2f, 0.8f]);
        var second = Matrix.FromRows([1, 0], [0.6f, 0.4f]);
        var rollout = Interpretability.AttentionRollout([new Tensor3([first, second])]);
        // head mean row 1 = (0.4, 0.6); ½·that + ½·(0, 1) = (0.2, 0.8)
        Assert.Equal(1f, rollout[0, 0], 6);
        Assert.Equal(0.2f, rollout[1, 0], 6);
        Assert.Equal(0.8f, rollout[1, 1], 6);
    }

    [Fact]
    public void Rollout_of_two_layers_matches_a_double_precision_reference_and_rows_sum_to_one()
    {
        const int seqLen = 6, numHeads = 3;
        var layers = new[] { RandomCausalWeights(seqLen, numHeads, seed: 1), RandomCausalWeights(seqLen, numHeads, seed: 2) };
        layers[1][2].Row(4).Clear(); // a fully masked row in one head: its mean row no longer sums to 1, re-normalisation fixes it
        var rollout = Interpretability.AttentionRollout(layers);
        var expected = new double[seqLen, seqLen];
        for (int t = 0; t < seqLen; t++) expected[t, t] = 1;
        foreach (var layer in layers)
        {
            var mixed = new double[seqLen, seqLen];
            for (int t = 0; t < seqLen; t++)
            {
                double sum = 0;
                for (int s = 0; s < seqLen; s++)
                {
                    double mean = 0;
                    for (int h = 0; h < numHeads; h++) mean += layer[h, t, s];
                    mixed[t, s] = 0.5 * mean / numHeads + (t == s ? 0.5 : 0);
                    sum += mixed[t, s];
                }
                for (int s = 0; s < seqLen; s++) mixed[t, s] /= sum;
            }
            var product = new double[seqLen, seqLen];
            for (int t = 0; t < seqLen; t++)
                for (int s = 0; s < seqLen; s++)
                    for (int k = 0; k < seqLen; k++) product[t, s] += mixed[t, k] * expected[k, s];
            expected = product;
        }
        for (int t = 0; t < seqLen; t++)
        {
            for (int s = 0; s < seqLen; s++) Assert.Equal(expected[t, s], rollout[t, s], 5);
            Assert.Equal(1f, rollout.Row(t).ToArray().Sum(), 5);
        }
    }

    [Fact]
    public void Rollout_rejects_no_layers_and_mismatched_layers()
    {
        Assert.Equal("weights", Assert.Throws<ArgumentException>(() => Interpretability.AttentionRollout([])).ParamName);
        Assert.Equal("weights", Assert.Throws<ArgumentException>(() => Interpretability.AttentionRollout([RandomCausalWeights(3, 1, 1), RandomCausalWeights(4, 1, 2)])).ParamName);
    }

    [Fact]
    public void Accuracy_by_position_counts_only_scored_positions_and_gives_NaN_where_none_is()
    {
        int[][] predicted = [[1, 2, 3], [1, 5, 3, 4]];
        int[][] targets = [[-1, 2, 0], [-1, 2, 3, -1]];
        var accuracy = Interpretability.AccuracyByPosition(predicted, targets);
        Assert.Equal(4, accuracy.Length);
        Assert.True(float.IsNaN(accuracy[0]) && float.IsNaN(accuracy[3]));
        Assert.Equal(0.5f, accuracy[1]);
        Assert.Equal(0.5f, accuracy[2]);
        Assert.Throws<ArgumentException>(() => Interpretability.AccuracyByPosition([[1, 2]], [[1]]));
    }

    [Fact]
    public void Without_head_zeroes_exactly_that_heads_rows_of_WO_and_leaves_the_model_unchanged()
    {
        var model = new TinyGpt(new TinyGptConfig(VocabSize: 7, ContextLength: 8, DModel: 8, NumHeads: 2, NumLayers: 2, DFF: 16, Seed: 3));
        var ablated = Interpretability.WithoutHead(model, layer: 1, head: 1);
        var before = model.Blocks[1].SelfAttention.WO.Weight;
        var after = ablated.Blocks[1].SelfAttention.WO.Weight;
        for (int r = 0; r < 8; r++)
            for (int c = 0; c < 8; c++)
                Assert.Equal(r >= 4 ? 0f : before[r, c], after[r, c]);
        Assert.Contains(before.Data, v => v != 0);
        Assert.Equal(model.Blocks[0].SelfAttention.WO.Weight.Data, ablated.Blocks[0].SelfAttention.WO.Weight.Data);
        int[] ids = [1, 2, 3, 4];
        Assert.NotEqual(model.Forward(ids).Logits.Data, ablated.Forward(ids).Logits.Data);
        Assert.Throws<ArgumentOutOfRangeException>(() => Interpretability.WithoutHead(model, 2, 0));
        Assert.Throws<ArgumentOutOfRangeException>(() => Interpretability.WithoutHead(model, 0, 2));
    }

    [Fact]
    public void Fixed_length_induction_always_has_its_answer_L_minus_1_back_which_one_layer_can_learn_by_position()
    {
        foreach (var example in SyntheticTasks.Induction(20, 6, 10, seed: 1))
            for (int t = 0; t < example.Inputs.Length; t++)
                if (example.Targets[t] >= 0) Assert.Equal(example.Inputs[t - 6 + 1], example.Targets[t]);
    }

    [Fact]
    public void Induction_with_prefix_repeats_a_half_of_random_length_after_a_random_prefix()
    {
        var examples = SyntheticTasks.InductionWithPrefix(300, 3, 6, 4, 12, seed: 7);
        var halves = new HashSet<int>();
        var prefixes = new HashSet<int>();
        foreach (var example in examples)
        {
            int scored = example.Targets.Count(t => t >= 0);
            int length = scored + 1, prefix = example.Inputs.Length - (2 * length - 1);
            halves.Add(length);
            prefixes.Add(prefix);
            int[] sequence = [.. example.Inputs, example.Targets[^1]];
            Assert.Equal(sequence[prefix..(prefix + length)], sequence[(prefix + length)..]);
            Assert.Equal(prefix + length, sequence[..(prefix + length)].Distinct().Count());
            for (int t = 0; t < example.Inputs.Length; t++) Assert.Equal(t >= prefix + length ? sequence[t + 1] : -1, example.Targets[t]);
        }
        Assert.Equal([3, 4, 5, 6], halves.Order());
        Assert.Equal([0, 1, 2, 3, 4], prefixes.Order());
        Assert.Equal(examples.Select(e => e.Inputs), SyntheticTasks.InductionWithPrefix(300, 3, 6, 4, 12, seed: 7).Select(e => e.Inputs));
        Assert.Throws<ArgumentOutOfRangeException>(() => SyntheticTasks.InductionWithPrefix(1, 1, 4, 0, 12, 1));
        Assert.Throws<ArgumentOutOfRangeException>(() => SyntheticTasks.InductionWithPrefix(1, 5, 4, 0, 12, 1));
        Assert.Throws<ArgumentOutOfRangeException>(() => SyntheticTasks.InductionWithPrefix(1, 2, 4, -1, 12, 1));
    }

    private static Tensor3 RandomCausalWeights(int seqLen, int numHeads, int seed)
    {
        var random = new Random(seed);
        return new Tensor3(Enumerable.Range(0, numHeads).Select(_ => Ops.Softmax(Matrix.RandomNormal(seqLen, seqLen, random.Next()), Mask.Causal(seqLen))).ToArray());
    }
}
