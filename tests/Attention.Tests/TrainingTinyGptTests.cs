using System.Diagnostics;
using Xunit.Abstractions;

namespace Attention.Tests;

/// <summary>The tiny GPT: learning a task, determinism, the KV cache, saving and loading, the synthetic tasks.</summary>
public class TrainingTinyGptTests(ITestOutputHelper output)
{
    private static TinyGptConfig Small(PositionScheme positions = PositionScheme.Learned, int seed = 1) =>
        new(VocabSize: 7, ContextLength: 16, DModel: 16, NumHeads: 2, NumLayers: 2, DFF: 32, Positions: positions, Seed: seed);

    [Fact]
    public void Training_on_the_copy_task_drives_the_loss_below_0_1_and_the_model_copies()
    {
        const int length = 4, numSymbols = 6;
        var train = SyntheticTasks.Copy(2000, length, numSymbols, seed: 1);
        var model = new TinyGpt(new TinyGptConfig(SyntheticTasks.VocabSize(numSymbols), 2 * length, DModel: 32, NumHeads: 2, NumLayers: 2, DFF: 64, Seed: 3));
        var untrained = SyntheticTasks.Copy(50, length, numSymbols, seed: 2).Average(model.Loss);
        var watch = Stopwatch.StartNew();
        var losses = model.Train(train, new TrainingOptions(Steps: 150, BatchSize: 8, LearningRate: 1e-2f, WarmupSteps: 15, MinLearningRate: 1e-3f));
        watch.Stop();
        var test = SyntheticTasks.Copy(50, length, numSymbols, seed: 2);
        float testLoss = test.Average(model.Loss);
        output.WriteLine($"untrained {untrained:F3}, first {losses[0]:F3}, last-10 mean {losses[^10..].Average():F3}, held-out {testLoss:F4}, {watch.Elapsed.TotalSeconds:F1} s");
        Assert.True(untrained > 1.5f, $"an untrained model should be near chance (ln 7 ≈ 1.95), got {untrained}");
        Assert.True(testLoss < 0.1f, $"held-out copy loss {testLoss} should be below 0.1 after training");
        int correct = 0;
        foreach (var example in test)
        {
            var generated = model.Generate(example.Inputs[..(length + 1)], length, temperature: 0f).Tokens;
            if (generated[(length + 1)..].SequenceEqual(example.Inputs[..length])) correct++;
        }
        Assert.True(correct >= 45, $"greedy generation should copy at least 45 of 50 held-out sequences, copied {correct}");
    }

    [Fact]
    public void Same_seed_gives_bit_identical_weights_and_loss_curve_and_another_seed_does_not()
    {
        var data = SyntheticTasks.Reverse(64, 3, 6, seed: 5);
        var options = new TrainingOptions(Steps: 12, BatchSize: 4, WarmupSteps: 3);
        var first = new TinyGpt(Small());
        var second = new TinyGpt(Small());
        var third = new TinyGpt(Small(seed: 2));
        float[] a = first.Train(data, options), b = second.Train(data, options), c = third.Train(data, options);
        Assert.Equal(a.Select(BitConverter.SingleToInt32Bits), b.Select(BitConverter.SingleToInt32Bits));
        for (int i = 0; i < first.Parameters.Count; i++)
            Assert.Equal(first.Parameters[i].Values.Select(BitConverter.SingleToInt32Bits), second.Parameters[i].Values.Select(BitConverter.SingleToInt32Bits));
        Assert.NotEqual(a, c);
        var otherOrder = new TinyGpt(Small()).Train(data, options with { Seed = 9 });
        Assert.NotEqual(a, otherOrder);
    }

    [Fact]
    public void Progress_is_reported_after_every_step()
    {
        var reports = new List<TrainingProgress>();
        var losses = new TinyGpt(Small()).Train(SyntheticTasks.Copy(16, 3, 6, seed: 1), new TrainingOptions(Steps: 5, BatchSize: 2, WarmupSteps: 2), reports.Add);
        Assert.Equal([1, 2, 3, 4, 5], reports.Select(r => r.Step));
        Assert.All(reports, r => Assert.Equal(5, r.TotalSteps));
        Assert.Equal(losses, reports.Select(r => r.Loss));
        Assert.Equal(LearningRateSchedule.WarmupCosine(0, 2, 5, 3e-3f, 3e-4f), reports[0].LearningRate);
        Assert.All(reports, r => Assert.True(r.GradientNorm > 0));
    }

    public static TheoryData<PositionScheme> Schemes => [PositionScheme.Sinusoidal, PositionScheme.Learned, PositionScheme.Rope, PositionScheme.Alibi];

    /// <summary>The whole model's gradient against central differences of its double-precision twin.</summary>
    [Theory]
    [MemberData(nameof(Schemes))]
    public void Model_gradient_matches_finite_differences(PositionScheme positions) =>
        CheckModelGradient(new TinyGptConfig(VocabSize: 5, ContextLength: 6, DModel: 8, NumHeads: 2, NumLayers: 2, DFF: 12, Positions: positions, Seed: 4));

    [Fact]
    public void Model_gradient_without_residual_connections_matches_finite_differences() =>
        CheckModelGradient(new TinyGptConfig(VocabSize: 5, ContextLength: 6, DModel: 8, NumHeads: 2, NumLayers: 2, DFF: 12, Norm: NormPlacement.PostNorm, Seed: 4, Residual: false));

    private static void CheckModelGradient(TinyGptConfig config)
    {
        var positions = config.Positions;
        var model = new TinyGpt(config);
        var example = new TrainingExample([1, 4, 0, 3, 3, 2], [4, 0, -1, 3, 2, 1]);
        var gradients = new Gradients();
        model.ComputeGradients([example], gradients);
        var reference = new GradientReference();
        double Loss()
        {
            int seqLen = example.Inputs.Length, d = model.Config.DModel;
            var table = reference.Of(model.TokenEmbedding.Table.Data);
            var x = new double[seqLen * d];
            for (int t = 0; t < seqLen; t++)
                for (int c = 0; c < d; c++) x[t * d + c] = table[example.Inputs[t] * d + c];
            var h = new DMatrix(seqLen, d, x);
            if (model.LearnedPositions is not null)
                h = GradientReference.Add(h, new DMatrix(seqLen, d, reference.Of(model.LearnedPositions.Table.Data)[..(seqLen * d)]));
            if (positions == PositionScheme.Sinusoidal)
                h = GradientReference.Add(h, new DMatrix(seqLen, d, PositionalEncoding.Sinusoidal(seqLen, d).Data.Select(v => (double)v).ToArray()));
            var bias = positions == PositionScheme.Alibi ? Alibi.Bias(seqLen, seqLen, 2) : null;
            var rotary = positions == PositionScheme.Rope ? new RotaryPositions() : null;
            foreach (var block in model.Blocks) h = reference.EncoderBlock(block, h, Mask.Causal(seqLen), bias, rotary, config.Residual);
            return GradientReference.CrossEntropy(reference.Linear(model.Head, reference.LayerNorm(model.FinalNorm, h)), example.Targets);
        }
        Assert.Equal(Loss(), model.Loss(example), 1e-5);
        foreach (var p in model.Parameters)
            FiniteDifferences.AssertClose(reference.NumericalGradient(p.Values, Loss), gradients.For(p.Values), p.Name);
    }

    [Theory]
    [MemberData(nameof(Schemes))]
    public void Generation_with_the_KV_cache_gives_the_same_tokens_as_recomputing_with_less_work(PositionScheme positions)
    {
        var model = new TinyGpt(Small(positions));
        int[] prompt = [1, 5, 2, 2];
        var cached = model.Generate(prompt, 12, temperature: 0f);
        var recomputed = model.Generate(prompt, 12, temperature: 0f, useCache: false);
        Assert.Equal(recomputed.Tokens, cached.Tokens);
        // Greedy decoding by the training forward: argmax of the last row, one full pass per token.
        var tokens = prompt.ToList();
        for (int i = 0; i < 12; i++)
        {
            var logits = model.Forward(tokens).Logits;
            tokens.Add(System.Numerics.Tensors.TensorPrimitives.IndexOfMax(logits.Row(logits.Rows - 1)));
        }
        Assert.Equal(tokens, cached.Tokens);
        output.WriteLine($"{positions}: cached {cached.Flops:N0} FLOPs, recomputed {recomputed.Flops:N0} FLOPs ({(double)recomputed.Flops / cached.Flops:F1}x)");
        Assert.True(cached.Flops * 3 < recomputed.Flops, $"the cache should save most of the work: {cached.Flops} vs {recomputed.Flops} FLOPs");
        // Sampling with temperature and top-k is seeded and, with the cache or without, identical.
        Assert.Equal(model.Generate(prompt, 8, 0.8f, topK: 3, seed: 4).Tokens, model.Generate(prompt, 8, 0.8f, topK: 3, seed: 4, useCache: false).Tokens);
    }

    [Fact]
    public void Without_residuals_the_cache_still_matches_and_the_forward_changes()
    {
        var plain = new TinyGpt(Small() with { Residual = false });
        int[] prompt = [4, 1, 1];
        Assert.Equal(plain.Generate(prompt, 6, temperature: 0f, useCache: false).Tokens, plain.Generate(prompt, 6, temperature: 0f).Tokens);
        Assert.NotEqual(new TinyGpt(Small()).Forward(prompt).Logits.Data, plain.Forward(prompt).Logits.Data);
    }

    [Fact]
    public void Per_block_gradient_norms_add_up_to_the_global_norm()
    {
        var model = new TinyGpt(Small());
        var gradients = new Gradients();
        model.ComputeGradients(SyntheticTasks.Copy(4, 3, 6, seed: 1), gradients);
        float[] perBlock = [.. Enumerable.Range(0, model.Blocks.Length).Select(l => gradients.Norm(model.BlockParameters(l)))];
        Assert.All(perBlock, n => Assert.True(n > 0));
        var rest = model.Parameters.Where(p => !p.Name.StartsWith("blocks.", StringComparison.Ordinal));
        double total = perBlock.Sum(n => (double)n * n) + Math.Pow(gradients.Norm(rest), 2);
        Assert.Equal(gradients.GlobalNorm(), Math.Sqrt(total), 4);
        Assert.Equal(gradients.GlobalNorm(), gradients.Norm(model.Parameters), 5);
    }

    [Fact]
    public void The_counted_work_is_the_sum_of_the_products()
    {
        var model = new TinyGpt(Small());
        // One prompt token, no new token: per layer 3 projections + W_O (4·2·D·D), scores and mixing per head
        // (2·2·1·Dk·1), feed-forward (2·2·D·F); then the head (2·D·V).
        long expected = 2 * (4 * 2L * 16 * 16 + 2 * (2 * 2L * 8 * 1) + 2 * 2L * 16 * 32) + 2L * 16 * 7;
        Assert.Equal(expected, model.Generate([3], 0).Flops);
    }

    [Fact]
    public void Top_k_of_one_is_greedy_and_sampling_stays_in_the_top_k()
    {
        var model = new TinyGpt(Small());
        int[] prompt = [0, 1, 2];
        Assert.Equal(model.Generate(prompt, 6, temperature: 0f).Tokens, model.Generate(prompt, 6, temperature: 1.5f, topK: 1, seed: 7).Tokens);
        var logits = model.Forward(prompt).Logits;
        var top2 = Enumerable.Range(0, 7).OrderByDescending(i => logits[2, i]).Take(2).ToHashSet();
        for (int seed = 0; seed < 20; seed++)
            Assert.Contains(model.Generate(prompt, 1, temperature: 5f, topK: 2, seed: seed).Tokens[^1], top2);
    }

    [Theory]
    [MemberData(nameof(Schemes))]
    public void Save_and_load_round_trip_exactly(PositionScheme positions)
    {
        var model = new TinyGpt(Small(positions));
        model.Train(SyntheticTasks.Copy(8, 3, 6, seed: 1), new TrainingOptions(Steps: 2, BatchSize: 2, WarmupSteps: 1));
        using var stream = new MemoryStream();
        model.Save(stream);
        stream.Position = 0;
        var loaded = TinyGpt.Load(stream);
        Assert.Equal(model.Config, loaded.Config);
        for (int i = 0; i < model.Parameters.Count; i++)
        {
            Assert.Equal(model.Parameters[i].Name, loaded.Parameters[i].Name);
            Assert.Equal(model.Parameters[i].Values, loaded.Parameters[i].Values);
        }
        Assert.Equal(model.Forward([1, 2, 3]).Logits.Data, loaded.Forward([1, 2, 3]).Logits.Data);
    }

    private static byte[] Saved(TinyGpt model)
    {
        using var stream = new MemoryStream();
        model.Save(stream);
        return stream.ToArray();
    }

    private static InvalidDataException LoadFails(byte[] bytes) => Assert.Throws<InvalidDataException>(() => TinyGpt.Load(new MemoryStream(bytes)));

    [Fact]
    public void Loading_a_corrupt_truncated_foreign_or_newer_file_fails_clearly()
    {
        byte[] good = Saved(new TinyGpt(Small()));
        Assert.Equal("TGPT"u8.ToArray(), good[..4]);

        byte[] flipped = (byte[])good.Clone();
        flipped[good.Length / 2] ^= 0x10;
        TestData.AssertMessageContains(LoadFails(flipped), "corrupt", "checksum");

        TestData.AssertMessageContains(LoadFails(good[..(good.Length - 100)]), "corrupt or truncated");
        TestData.AssertMessageContains(LoadFails("PK\u0003\u0004 not a model"u8.ToArray()), "not a saved TinyGpt", "TGPT");
        TestData.AssertMessageContains(LoadFails([]), "not a saved TinyGpt");

        byte[] newer = (byte[])good.Clone();
        BitConverter.GetBytes(2).CopyTo(newer, 4);
        TestData.AssertMessageContains(LoadFails(newer), "version 2", "reads version 1");
    }

    [Fact]
    public void A_file_whose_config_asks_for_more_weights_than_it_holds_is_refused_before_anything_is_allocated()
    {
        byte[] huge = Saved(new TinyGpt(Small()));
        BitConverter.GetBytes(40_000).CopyTo(huge, 16); // config field 2: DModel
        BitConverter.GetBytes(1_000).CopyTo(huge, 24);  // config field 4: NumLayers
        BitConverter.GetBytes(40_000).CopyTo(huge, 20); // config field 3: NumHeads (keeps DModel divisible)
        ulong hash = 14695981039346656037UL;             // FNV-1a 64 of everything before the checksum, as documented
        foreach (byte b in huge.AsSpan(0, huge.Length - 8)) hash = (hash ^ b) * 1099511628211UL;
        BitConverter.GetBytes(hash).CopyTo(huge, huge.Length - 8);

        TestData.AssertMessageContains(LoadFails(huge), "needs at least", "bytes");
    }

    [Fact]
    public void A_config_with_a_matrix_larger_than_an_array_names_the_field()
    {
        var e = Assert.Throws<ArgumentOutOfRangeException>(() => new TinyGpt(new TinyGptConfig(VocabSize: 100_000_000, ContextLength: 8, DModel: 64)));
        Assert.Equal("VocabSize", e.ParamName);
        TestData.AssertMessageContains(e, "(100000000, 64)");
    }

    [Fact]
    public void Loading_weights_of_another_shape_names_the_difference()
    {
        string path = Path.Combine(Path.GetTempPath(), $"tinygpt-{Guid.NewGuid():N}.tgpt");
        try
        {
            new TinyGpt(Small() with { DModel = 8, DFF = 16 }).Save(path);
            var model = new TinyGpt(Small());
            var e = Assert.Throws<InvalidDataException>(() => model.LoadWeights(path));
            TestData.AssertMessageContains(e, path, "DModel is 8 in the file but 16 in this model", "DFF is 16 in the file but 32");
            var same = new TinyGpt(Small(seed: 9));
            new TinyGpt(Small(seed: 1)).Save(path);
            same.LoadWeights(path);
            Assert.Equal(new TinyGpt(Small(seed: 1)).Parameters[0].Values, same.Parameters[0].Values);
        }
        finally { File.Delete(path); }
    }

    [Fact]
    public void Synthetic_tasks_have_the_documented_layout()
    {
        var copy = SyntheticTasks.Copy(1, 3, 5, seed: 1)[0];
        int sep = SyntheticTasks.Separator(5);
        Assert.Equal(6, copy.Inputs.Length);
        Assert.Equal(sep, copy.Inputs[3]);
        Assert.Equal([-1, -1, -1, copy.Inputs[0], copy.Inputs[1], copy.Inputs[2]], copy.Targets);

        var reverse = SyntheticTasks.Reverse(1, 3, 5, seed: 1)[0];
        Assert.Equal([-1, -1, -1, reverse.Inputs[2], reverse.Inputs[1], reverse.Inputs[0]], reverse.Targets);

        var sort = SyntheticTasks.Sort(1, 4, 5, seed: 3)[0];
        Assert.Equal(sort.Inputs[..4].Order(), sort.Targets[4..]);

        var induction = SyntheticTasks.Induction(1, 4, 6, seed: 1)[0];
        Assert.Equal(7, induction.Inputs.Length);
        Assert.Equal(4, induction.Inputs[..4].Distinct().Count());
        Assert.Equal(induction.Inputs[..3], induction.Inputs[4..]);
        Assert.Equal([-1, -1, -1, -1, induction.Inputs[1], induction.Inputs[2], induction.Inputs[3]], induction.Targets);
        Assert.Equal(SyntheticTasks.Copy(5, 3, 5, seed: 7).Select(e => e.Inputs), SyntheticTasks.Copy(5, 3, 5, seed: 7).Select(e => e.Inputs));
    }

    [Fact]
    public void Bad_input_is_rejected_at_the_boundary()
    {
        var model = new TinyGpt(Small());
        TestData.AssertMessageContains(Assert.Throws<ArgumentOutOfRangeException>(() => model.Forward([1, 7])), "ids[1] is 7", "VocabSize is 7");
        TestData.AssertMessageContains(Assert.Throws<ArgumentException>(() => model.Forward(new int[17])), "17 tokens", "ContextLength = 16");
        Assert.Throws<ArgumentOutOfRangeException>(() => model.Generate([1], 2, temperature: -1f));
        Assert.Throws<ArgumentOutOfRangeException>(() => model.Generate([1], 2, topK: 8));
        Assert.Throws<ArgumentException>(() => model.Generate([1, 2], 16));
        Assert.Throws<ArgumentException>(() => model.Train([new TrainingExample([1, 2], [2])], new TrainingOptions()));
        TestData.AssertMessageContains(Assert.Throws<ArgumentException>(() => new TinyGpt(Small() with { DModel = 15 })), "DModel = 15", "NumHeads = 2");
        Assert.Throws<ArgumentException>(() => new TinyGpt(Small(PositionScheme.Rope) with { DModel = 6 })); // dK = 3 is odd
    }

    /// <summary>A negative MinLearningRate used to train 14 of 20 steps and then fail inside AdamW (naming
    /// "learningRate"), leaving a half-trained model; a NaN ClipNorm silently turned clipping off.</summary>
    [Theory]
    [InlineData("LearningRate")]
    [InlineData("MinLearningRate")]
    [InlineData("WeightDecay")]
    [InlineData("ClipNorm")]
    [InlineData("WarmupSteps")]
    public void Bad_training_options_are_rejected_before_the_first_step(string field)
    {
        var options = new TrainingOptions(Steps: 20, BatchSize: 2, WarmupSteps: 2);
        options = field switch
        {
            "LearningRate" => options with { LearningRate = float.NaN },
            "MinLearningRate" => options with { MinLearningRate = -1e-3f },
            "WeightDecay" => options with { WeightDecay = float.PositiveInfinity },
            "ClipNorm" => options with { ClipNorm = float.NaN },
            _ => options with { WarmupSteps = -1 },
        };
        var model = new TinyGpt(Small());
        float[][] before = [.. model.Parameters.Select(p => (float[])p.Values.Clone())];
        int steps = 0;

        var e = Assert.Throws<ArgumentOutOfRangeException>(() => model.Train(SyntheticTasks.Copy(16, 3, 6, seed: 1), options, _ => steps++));

        Assert.Equal("options", e.ParamName);
        TestData.AssertMessageContains(e, $"options.{field}");
        Assert.Equal(0, steps);
        Assert.All(model.Parameters.Zip(before), pair => Assert.Equal(pair.Second, pair.First.Values));
    }
}
