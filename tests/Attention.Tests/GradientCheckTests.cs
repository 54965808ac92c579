using static Attention.Tests.GradientReference;

namespace Attention.Tests;

/// <summary>
/// Every backward against central finite differences of a double-precision reference forward
/// (<see cref="GradientReference"/>): L = Σ R ⊙ y for a fixed random R, so dL/dy = R is the upstream gradient.
/// Step and tolerance: <see cref="FiniteDifferences"/> and tests/reference/README.md.
/// </summary>
public class GradientCheckTests
{
    private static Matrix Rand(int rows, int cols, int seed) => TestData.Random(rows, cols, seed);

    /// <summary>Fills parameters with seeded values: biases and β small, γ near 1, so no parameter sits at a special value.</summary>
    private static void Randomize(IEnumerable<NamedParameter> parameters, int seed)
    {
        var random = new Random(seed);
        foreach (var p in parameters)
            for (int i = 0; i < p.Values.Length; i++)
            {
                float u = 2 * random.NextSingle() - 1;
                p.Values[i] = p.Name.EndsWith("gamma") ? 1 + 0.2f * u : p.Name.EndsWith(".weight") ? p.Values[i] + 0.05f * u : 0.1f * u;
            }
    }

    private static void Check(GradientReference reference, Func<double> loss, params (float[] Leaf, float[] Analytic, string Name)[] leaves)
    {
        foreach (var (leaf, analytic, name) in leaves)
            FiniteDifferences.AssertClose(reference.NumericalGradient(leaf, loss), analytic, name);
    }

    private static void CheckParameters(GradientReference reference, Func<double> loss, IEnumerable<NamedParameter> parameters, Gradients gradients)
    {
        foreach (var p in parameters)
        {
            Assert.True(gradients.Contains(p.Values), $"no gradient for {p.Name}");
            FiniteDifferences.AssertClose(reference.NumericalGradient(p.Values, loss), gradients.For(p.Values), p.Name);
        }
    }

    [Fact]
    public void MatMul_and_MatMulTransposed()
    {
        Matrix a = Rand(3, 4, 1), b = Rand(4, 5, 2), bt = Rand(5, 4, 3), r = Rand(3, 5, 4);
        var (dA, dB) = Backprop.MatMulBackward(a, b, r);
        var reference = new GradientReference();
        Check(reference, () => Project(MatMul(reference.Of(a), reference.Of(b)), r), (a.Data, dA.Data, "dA"), (b.Data, dB.Data, "dB"));
        var (dA2, dBt) = Backprop.MatMulTransposedBackward(a, bt, r);
        Check(reference, () => Project(MatMul(reference.Of(a), Transpose(reference.Of(bt))), r), (a.Data, dA2.Data, "dA"), (bt.Data, dBt.Data, "dB"));
    }

    [Fact]
    public void Softmax_masked_with_a_fully_masked_row_has_zero_gradient_there()
    {
        var scores = Rand(4, 5, 5) * 3f;
        var mask = Mask.FromArray(new bool[,] { { true, true, true, true, true }, { true, false, true, false, true }, { false, false, false, false, false }, { true, false, false, false, false } });
        var r = Rand(4, 5, 6);
        var dScores = Backprop.SoftmaxBackward(Ops.Softmax(scores, mask), r);
        var reference = new GradientReference();
        Check(reference, () => Project(Softmax(reference.Of(scores), mask), r), (scores.Data, dScores.Data, "dScores"));
        Assert.All(dScores.Row(2).ToArray(), g => Assert.Equal(0f, g));
        Assert.All(dScores.Row(3).ToArray(), g => Assert.Equal(0f, g)); // one allowed key: the weight is constant 1
    }

    public static TheoryData<string> AttentionCases => ["plain T≠S", "rectangular causal", "padding with fully masked row", "bias"];

    [Theory]
    [MemberData(nameof(AttentionCases))]
    public void Scaled_dot_product_attention(string name)
    {
        int seqLenQ = 3, seqLenK = 5, dK = 4, dV = 6;
        Matrix q = Rand(seqLenQ, dK, 10), k = Rand(seqLenK, dK, 11), v = Rand(seqLenK, dV, 12), r = Rand(seqLenQ, dV, 13);
        Mask? mask = name switch
        {
            "rectangular causal" => Mask.Causal(seqLenQ, seqLenK),
            "padding with fully masked row" => Mask.FromArray(new bool[,] { { true, true, true, false, false }, { false, false, false, false, false }, { true, false, true, false, true } }),
            _ => null,
        };
        Matrix? bias = name == "bias" ? Alibi.Bias(seqLenQ, seqLenK, 0.5f) : null;
        var trace = Backprop.ScaledDotProductAttentionForward(q, k, v, mask, 0.7f, bias);
        var g = Backprop.ScaledDotProductAttentionBackward(trace, r);
        var reference = new GradientReference();
        double Loss() => Project(GradientReference.Attention(reference.Of(q), reference.Of(k), reference.Of(v), mask, 0.7, bias is null ? null : reference.Of(bias)), r);
        Check(reference, Loss, (q.Data, g.DQueries.Data, "dQ"), (k.Data, g.DKeys.Data, "dK"), (v.Data, g.DValues.Data, "dV"));
        if (bias is not null) Check(reference, Loss, (bias.Data, g.DScores.Data, "dBias"));
        if (name.StartsWith("padding"))
        {
            Assert.All(g.DQueries.Row(1).ToArray(), x => Assert.Equal(0f, x));
            Assert.All(g.DScores.Row(1).ToArray(), x => Assert.Equal(0f, x));
        }
        TestData.AssertClose(Ops.ScaledDotProductAttention(q, k, v, mask, 0.7f, bias).Output, trace.Output, 1e-6f, "training forward vs Ops");
    }

    [Theory]
    [InlineData(Activation.Relu)]
    [InlineData(Activation.Gelu)]
    public void Activations(Activation activation)
    {
        Matrix x = Rand(4, 7, 20) * 3f, r = Rand(4, 7, 21);
        var dx = Backprop.ActivationBackward(x, activation, r);
        var reference = new GradientReference();
        Check(reference, () => Project(Activate(reference.Of(x), activation), r), (x.Data, dx.Data, "dx"));
    }

    [Fact]
    public void Linear_layer()
    {
        var layer = new Linear(5, 3, seed: 30);
        Randomize(Parameters.Of(layer, "linear"), 31);
        Matrix x = Rand(4, 5, 32), r = Rand(4, 3, 33);
        var gradients = new Gradients();
        var dx = Backprop.LinearBackward(layer, x, r, gradients);
        var reference = new GradientReference();
        double Loss() => Project(reference.Linear(layer, reference.Of(x)), r);
        Check(reference, Loss, (x.Data, dx.Data, "dx"));
        CheckParameters(reference, Loss, Parameters.Of(layer, "linear"), gradients);
    }

    [Fact]
    public void LayerNorm_layer()
    {
        var layer = new LayerNorm(6);
        Randomize(Parameters.Of(layer, "norm"), 40);
        Matrix x = Rand(3, 6, 41) * 2f + Rand(3, 6, 42), r = Rand(3, 6, 43);
        var gradients = new Gradients();
        var dx = Backprop.LayerNormBackward(layer, x, r, gradients);
        var reference = new GradientReference();
        double Loss() => Project(reference.LayerNorm(layer, reference.Of(x)), r);
        Check(reference, Loss, (x.Data, dx.Data, "dx"));
        CheckParameters(reference, Loss, Parameters.Of(layer, "norm"), gradients);
    }

    [Theory]
    [InlineData(Activation.Relu)]
    [InlineData(Activation.Gelu)]
    public void FeedForward_network(Activation activation)
    {
        var layer = new FeedForward(4, 8, seed: 50, activation);
        Randomize(Parameters.Of(layer, "ffn"), 51);
        Matrix x = Rand(3, 4, 52), r = Rand(3, 4, 53);
        var gradients = new Gradients();
        var trace = Backprop.FeedForwardForward(layer, x);
        var dx = Backprop.FeedForwardBackward(layer, trace, r, gradients);
        var reference = new GradientReference();
        double Loss() => Project(reference.FeedForward(layer, reference.Of(x)), r);
        Check(reference, Loss, (x.Data, dx.Data, "dx"));
        CheckParameters(reference, Loss, Parameters.Of(layer, "ffn"), gradients);
        TestData.AssertClose(layer.Forward(x), trace.Output, 1e-6f, "training forward vs FeedForward.Forward");
    }

    [Fact]
    public void Embedding_and_learned_positions_with_a_repeated_token()
    {
        var embedding = new Embedding(6, 4, seed: 60);
        var positions = new LearnedPositionalEncoding(8, 4, seed: 61);
        int[] ids = [3, 1, 3, 5];
        var r = Rand(4, 4, 62);
        var gradients = new Gradients();
        var dx = Backprop.LearnedPositionalEncodingBackward(positions, r, gradients);
        Backprop.EmbeddingBackward(embedding, ids, dx, gradients);
        var reference = new GradientReference();
        double Loss()
        {
            double[] table = reference.Of(embedding.Table.Data), pos = reference.Of(positions.Table.Data);
            double sum = 0;
            for (int t = 0; t < ids.Length; t++)
                for (int c = 0; c < 4; c++) sum += (table[ids[t] * 4 + c] + pos[t * 4 + c]) * r[t, c];
            return sum;
        }
        Check(reference, Loss, (embedding.Table.Data, gradients.For(embedding.Table.Data), "dTable"), (positions.Table.Data, gradients.For(positions.Table.Data), "dPositions"));
        Assert.All(gradients.For(embedding.Table).Row(0).ToArray(), g => Assert.Equal(0f, g)); // token 0 not in the sequence
    }

    [Fact]
    public void Rope_backward_rotates_the_gradient_back()
    {
        Matrix x = Rand(5, 6, 70), r = Rand(5, 6, 71);
        var dx = Backprop.RopeBackward(r, startPosition: 3);
        var reference = new GradientReference();
        Check(reference, () => Project(Rope(reference.Of(x), 3, 10000), r), (x.Data, dx.Data, "dx"));
        TestData.AssertClose(Attention.Rope.Apply(x, 3), new Matrix(5, 6, Rope(reference.Of(x), 3, 10000).Data.Select(v => (float)v).ToArray()), 1e-6f);
    }

    public static TheoryData<string> MultiHeadCases => ["self causal", "cross T≠S with fully masked row", "self causal RoPE", "self causal ALiBi"];

    [Theory]
    [MemberData(nameof(MultiHeadCases))]
    public void Multi_head_attention(string name)
    {
        var layer = new MultiHeadAttention(8, 2, seed: 80);
        Randomize(Parameters.Of(layer, "mha"), 81);
        bool cross = name.StartsWith("cross");
        int seqLenQ = 4, seqLenK = cross ? 6 : 4;
        Matrix queries = Rand(seqLenQ, 8, 82), source = cross ? Rand(seqLenK, 8, 83) : queries, r = Rand(seqLenQ, 8, 84);
        Mask mask = cross
            ? Mask.FromArray(new bool[,] { { true, true, false, true, false, false }, { false, false, false, false, false, false }, { true, true, true, true, true, true }, { false, true, false, false, false, true } })
            : Mask.Causal(seqLenQ);
        Tensor3? bias = name.EndsWith("ALiBi") ? Alibi.Bias(seqLenQ, seqLenK, 2) : null;
        RotaryPositions? rotary = name.EndsWith("RoPE") ? new RotaryPositions(0, 0) : null;
        var gradients = new Gradients();
        var trace = Backprop.MultiHeadAttentionForward(layer, queries, source, source, mask, bias, rotary);
        var g = Backprop.MultiHeadAttentionBackward(layer, trace, r, gradients);
        var reference = new GradientReference();
        double Loss() => Project(reference.MultiHeadAttention(layer, reference.Of(queries), reference.Of(source), reference.Of(source), mask, bias, rotary), r);
        if (cross) Check(reference, Loss, (queries.Data, g.DQueries.Data, "dQueries"), (source.Data, (g.DKeys + g.DValues).Data, "dSource"));
        else Check(reference, Loss, (queries.Data, g.DSelf.Data, "dx"));
        CheckParameters(reference, Loss, Parameters.Of(layer, "mha"), gradients);
        if (rotary is null)
            TestData.AssertClose(layer.Forward(queries, source, source, mask, bias).Output, trace.Output, 1e-5f, "training forward vs MultiHeadAttention.Forward");
    }

    [Theory]
    [InlineData(NormPlacement.PostNorm, Activation.Relu)]
    [InlineData(NormPlacement.PreNorm, Activation.Gelu)]
    public void Encoder_block(NormPlacement norm, Activation activation)
    {
        var block = new EncoderBlock(8, 2, 12, seed: 90, activation, norm);
        Randomize(Parameters.Of(block, "block"), 91);
        Matrix x = Rand(4, 8, 92), r = Rand(4, 8, 93);
        var mask = Mask.Causal(4);
        var gradients = new Gradients();
        var trace = Backprop.EncoderBlockForward(block, x, mask);
        var dx = Backprop.EncoderBlockBackward(block, trace, r, gradients);
        var reference = new GradientReference();
        double Loss() => Project(reference.EncoderBlock(block, reference.Of(x), mask), r);
        Check(reference, Loss, (x.Data, dx.Data, "dx"));
        CheckParameters(reference, Loss, Parameters.Of(block, "block"), gradients);
        TestData.AssertClose(block.Forward(x, mask).Output, trace.Output, 1e-5f, "training forward vs EncoderBlock.Forward");
    }

    [Theory]
    [InlineData(NormPlacement.PostNorm)]
    [InlineData(NormPlacement.PreNorm)]
    public void Decoder_block_with_T_not_S_and_a_fully_masked_memory_row(NormPlacement norm)
    {
        var block = new DecoderBlock(8, 2, 12, seed: 100, Activation.Gelu, norm);
        Randomize(Parameters.Of(block, "block"), 101);
        Matrix x = Rand(3, 8, 102), memory = Rand(5, 8, 103), r = Rand(3, 8, 104);
        var selfMask = Mask.Causal(3);
        var memoryMask = Mask.FromArray(new bool[,] { { true, true, true, false, false }, { false, false, false, false, false }, { true, false, true, false, true } });
        var gradients = new Gradients();
        var trace = Backprop.DecoderBlockForward(block, x, memory, selfMask, memoryMask);
        var g = Backprop.DecoderBlockBackward(block, trace, r, gradients);
        var reference = new GradientReference();
        double Loss() => Project(reference.DecoderBlock(block, reference.Of(x), reference.Of(memory), selfMask, memoryMask), r);
        Check(reference, Loss, (x.Data, g.DInput.Data, "dx"), (memory.Data, g.DMemory.Data, "dMemory"));
        CheckParameters(reference, Loss, Parameters.Of(block, "block"), gradients);
        TestData.AssertClose(block.Forward(x, memory, selfMask, memoryMask).Output, trace.Output, 1e-5f, "training forward vs DecoderBlock.Forward");
    }

    [Fact]
    public void Cross_entropy_with_an_ignored_row()
    {
        var logits = Rand(4, 6, 110) * 4f;
        int[] targets = [2, -1, 5, 0];
        var trace = Backprop.CrossEntropyForward(logits, targets);
        var dLogits = Backprop.CrossEntropyBackward(trace);
        var reference = new GradientReference();
        Assert.Equal(CrossEntropy(reference.Of(logits), targets), trace.Loss, 1e-6);
        Check(reference, () => CrossEntropy(reference.Of(logits), targets), (logits.Data, dLogits.Data, "dLogits"));
        Assert.All(dLogits.Row(1).ToArray(), g => Assert.Equal(0f, g));
        Assert.Equal(3, trace.Count);
    }

    [Fact]
    public void The_check_rejects_a_gradient_that_is_slightly_wrong()
    {
        Matrix a = Rand(3, 4, 1), b = Rand(4, 5, 2), r = Rand(3, 5, 4);
        var (dA, _) = Backprop.MatMulBackward(a, b, r);
        var reference = new GradientReference();
        var numerical = reference.NumericalGradient(a.Data, () => Project(MatMul(reference.Of(a), reference.Of(b)), r));
        Assert.Null(FiniteDifferences.Compare(numerical, dA.Data, "dA"));
        dA.Data[5] += 1e-2f;
        Assert.NotNull(FiniteDifferences.Compare(numerical, dA.Data, "dA"));
        // Softmax backward without the "− dy·y" term (the Jacobian's −y·yᵀ) must fail too.
        var scores = Rand(2, 5, 3);
        var y = Ops.Softmax(scores);
        var wrong = new Matrix(2, 5, y.Data.Zip(r.Data, (p, d) => p * d).ToArray());
        var softmaxNumerical = reference.NumericalGradient(scores.Data, () => Project(Softmax(reference.Of(scores), null), new Matrix(2, 5, r.Data[..10])));
        Assert.NotNull(FiniteDifferences.Compare(softmaxNumerical, wrong.Data, "dScores"));
    }
}
