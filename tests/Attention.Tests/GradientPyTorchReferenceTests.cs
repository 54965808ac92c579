namespace Attention.Tests;

/// <summary>
/// Every backward against PyTorch autograd in float64 (<c>Reference/gradients.json</c>, written by
/// tests/reference/generate_reference.py): masks, T ≠ S, fully masked rows, RoPE and ALiBi included. Our float32 gradients must
/// match to <see cref="Tolerance"/> relative to each tensor's largest entry (at least 1); see tests/reference/README.md.
/// </summary>
public class GradientPyTorchReferenceTests
{
    private const double Tolerance = 1e-4;
    private const string File = "gradients.json";

    public static TheoryData<string> Cases(string kind) => ReferenceFile.CaseNames(File, c => c.String("kind") == kind);

    private static ReferenceCase Case(string name) => ReferenceFile.Load(File).Case(name);

    private static void AssertGradient(ReferenceCase c, string group, string key, ReadOnlySpan<float> actual) =>
        AssertClose(c, key, c.Group(group).Expected(key), actual);

    private static void AssertClose(ReferenceCase c, string key, ExpectedTensor expected, ReadOnlySpan<float> actual)
    {
        Assert.Equal(expected.Data.Length, actual.Length);
        double scale = Math.Max(1, expected.Data.Max(Math.Abs));
        for (int i = 0; i < actual.Length; i++)
            Assert.True(Math.Abs(actual[i] - expected.Data[i]) <= Tolerance * scale,
                $"{c} {key}{expected.IndexString(i)}: expected {expected.Data[i]:R}, got {actual[i]:R}");
    }

    /// <summary>Copies the case's parameters (float32-exact) into the layer's arrays, matched by name.</summary>
    private static void LoadParameters(ReferenceCase c, IReadOnlyList<NamedParameter> parameters)
    {
        var group = c.Group("params");
        foreach (var p in parameters)
        {
            var values = group.Expected(p.Name);
            Assert.Equal(p.Values.Length, values.Data.Length);
            for (int i = 0; i < values.Data.Length; i++) p.Values[i] = (float)values.Data[i];
        }
    }

    private static void AssertParameterGradients(ReferenceCase c, IReadOnlyList<NamedParameter> parameters, Gradients gradients)
    {
        foreach (var p in parameters) AssertGradient(c, "param_grads", p.Name, gradients.For(p.Values));
    }

    private static Mask? OptionalMask(ReferenceCase c, string key) => c.Has(key) ? c.Mask(key) : null;

    private static int[] Ints(ReferenceCase c, string key) => c.Expected(key).Data.Select(v => (int)v).ToArray();

    [Fact]
    public void Every_kind_of_case_is_present_and_checked()
    {
        var kinds = ReferenceFile.Load(File).Cases.Select(c => c.String("kind")).ToHashSet();
        string[] expected = ["matmul", "softmax", "attention", "activation", "linear", "layer_norm", "feed_forward", "embedding", "multi_head_attention", "multi_head_attention_rope", "multi_head_attention_alibi", "encoder_block", "decoder_block", "cross_entropy"];
        Assert.Equal(expected.Order(), kinds.Order());
        Assert.Contains(ReferenceFile.Load(File).Cases, c => c.Has("mask") && c.String("kind") == "attention" && c.Name.Contains("fully_masked"));
    }

    [Fact]
    public void MatMul()
    {
        var c = Case("matmul");
        var (dA, dB) = Backprop.MatMulBackward(c.Matrix("a"), c.Matrix("b"), c.Matrix("d_output"));
        AssertGradient(c, "grads", "d_a", dA.Data);
        AssertGradient(c, "grads", "d_b", dB.Data);
    }

    [Fact]
    public void Masked_softmax_with_fully_masked_row()
    {
        var c = Case("softmax_masked");
        var weights = Ops.Softmax(c.Matrix("scores"), c.Mask("mask"));
        AssertGradient(c, "grads", "d_scores", Backprop.SoftmaxBackward(weights, c.Matrix("d_output")).Data);
    }

    [Theory]
    [MemberData(nameof(Cases), "attention")]
    public void Scaled_dot_product_attention(string name)
    {
        var c = Case(name);
        var trace = Backprop.ScaledDotProductAttentionForward(c.Matrix("queries"), c.Matrix("keys"), c.Matrix("values"), OptionalMask(c, "mask"), c.Float("scale"), c.Matrix("bias"));
        var g = Backprop.ScaledDotProductAttentionBackward(trace, c.Matrix("d_output"));
        AssertGradient(c, "grads", "d_queries", g.DQueries.Data);
        AssertGradient(c, "grads", "d_keys", g.DKeys.Data);
        AssertGradient(c, "grads", "d_values", g.DValues.Data);
        AssertGradient(c, "grads", "d_bias", g.DScores.Data);
    }

    [Theory]
    [MemberData(nameof(Cases), "activation")]
    public void Activations(string name)
    {
        var c = Case(name);
        var activation = c.String("activation") == "relu" ? Activation.Relu : Activation.Gelu;
        AssertGradient(c, "grads", "d_x", Backprop.ActivationBackward(c.Matrix("x"), activation, c.Matrix("d_output")).Data);
    }

    [Fact]
    public void Linear()
    {
        var c = Case("linear");
        var layer = new Linear(5, 3, seed: 0);
        var parameters = Parameters.Of(layer, "linear");
        LoadParameters(c, parameters);
        var gradients = new Gradients();
        AssertGradient(c, "grads", "d_x", Backprop.LinearBackward(layer, c.Matrix("x"), c.Matrix("d_output"), gradients).Data);
        AssertParameterGradients(c, parameters, gradients);
    }

    [Fact]
    public void LayerNorm()
    {
        var c = Case("layer_norm");
        var layer = new LayerNorm(6);
        var parameters = Parameters.Of(layer, "norm");
        LoadParameters(c, parameters);
        var gradients = new Gradients();
        AssertGradient(c, "grads", "d_x", Backprop.LayerNormBackward(layer, c.Matrix("x"), c.Matrix("d_output"), gradients).Data);
        AssertParameterGradients(c, parameters, gradients);
    }

    [Theory]
    [MemberData(nameof(Cases), "feed_forward")]
    public void FeedForward(string name)
    {
        var c = Case(name);
        var layer = new FeedForward(4, 8, seed: 0, c.String("activation") == "relu" ? Activation.Relu : Activation.Gelu);
        var parameters = Parameters.Of(layer, "ffn");
        LoadParameters(c, parameters);
        var gradients = new Gradients();
        var trace = Backprop.FeedForwardForward(layer, c.Matrix("x"));
        AssertGradient(c, "grads", "d_x", Backprop.FeedForwardBackward(layer, trace, c.Matrix("d_output"), gradients).Data);
        AssertParameterGradients(c, parameters, gradients);
    }

    [Fact]
    public void Embedding_and_learned_positions()
    {
        var c = Case("embedding_positions");
        var embedding = new Embedding(6, 4, seed: 0);
        var positions = new LearnedPositionalEncoding(8, 4, seed: 0);
        NamedParameter[] parameters = [new("table", embedding.Table.Data, 6, 4, true), new("positions", positions.Table.Data, 8, 4, true)];
        LoadParameters(c, parameters);
        var gradients = new Gradients();
        var dx = Backprop.LearnedPositionalEncodingBackward(positions, c.Matrix("d_output"), gradients);
        Backprop.EmbeddingBackward(embedding, Ints(c, "ids"), dx, gradients);
        AssertParameterGradients(c, parameters, gradients);
    }

    [Theory]
    [MemberData(nameof(Cases), "multi_head_attention")]
    public void Multi_head_attention(string name)
    {
        AssertMultiHeadAttention(Case(name), dModel: 8, bias: null, rotary: null, checkOutput: false);
    }

    /// <summary>
    /// Multi-head attention with RoPE (<see cref="RotaryPositions"/>): queries and keys of each head rotated after the
    /// projections. torch rotates the interleaved pairs (2i, 2i+1) in the RoFormer paper's complex form; the case
    /// records how far the output would move under the split-halves pairing, so a convention mismatch cannot pass.
    /// </summary>
    [Theory]
    [MemberData(nameof(Cases), "multi_head_attention_rope")]
    public void Multi_head_attention_with_rope(string name)
    {
        var c = Case(name);
        var r = c.Group("rotary");
        Assert.Equal("interleaved", r.String("pairs"));
        Assert.True(c.Expected("output_max_difference_if_split_halves").Data[0] > 100 * Tolerance, "the case must tell the pairings apart");
        AssertMultiHeadAttention(c, c.Int("d_model"), bias: null, new RotaryPositions(r.Int("query_start"), r.Int("key_start"), r.Float("base")));
    }

    /// <summary>
    /// Multi-head attention with ALiBi: the bias is our <see cref="Alibi.Bias(int, int, int)"/>, first checked against
    /// the paper's slopes and −slope·(i − j) that torch used, on the entries the mask allows (the others never matter).
    /// </summary>
    [Theory]
    [MemberData(nameof(Cases), "multi_head_attention_alibi")]
    public void Multi_head_attention_with_alibi(string name)
    {
        var c = Case(name);
        int heads = c.Int("num_heads");
        int t = c.Matrix("queries").Rows, s = c.Has("source") ? c.Matrix("source").Rows : t;
        var expectedSlopes = c.Expected("slopes").Data;
        Assert.Equal(expectedSlopes, Alibi.Slopes(heads).Select(v => (double)v));
        var bias = Alibi.Bias(t, s, heads);
        var expectedBias = c.Expected("alibi_bias");
        var allowed = c.BoolMatrix("mask");
        for (int h = 0; h < heads; h++)
            for (int i = 0; i < t; i++)
                for (int j = 0; j < s; j++)
                    if (allowed[i, j])
                        Assert.Equal(expectedBias.Data[(h * t + i) * s + j], bias[h][i, j]);
        Assert.True(c.Expected("output_max_difference_without_alibi").Data[0] > 100 * Tolerance, "the bias must matter");
        AssertMultiHeadAttention(c, c.Int("d_model"), bias, rotary: null);
    }

    /// <summary>Forward (its output too) and backward of a case's layer with the given bias or RoPE; every gradient against torch.</summary>
    private static void AssertMultiHeadAttention(ReferenceCase c, int dModel, Tensor3? bias, RotaryPositions? rotary, bool checkOutput = true)
    {
        var layer = new MultiHeadAttention(dModel, c.Int("num_heads"), seed: 0);
        var parameters = Parameters.Of(layer, "mha");
        LoadParameters(c, parameters);
        var queries = c.Matrix("queries");
        var source = c.Has("source") ? c.Matrix("source") : queries;
        var gradients = new Gradients();
        var trace = Backprop.MultiHeadAttentionForward(layer, queries, source, source, c.Mask("mask"), bias, rotary);
        if (checkOutput)
            AssertClose(c, "output", c.Expected("output"), trace.Output.Data);
        var g = Backprop.MultiHeadAttentionBackward(layer, trace, c.Matrix("d_output"), gradients);
        if (c.Has("source"))
        {
            AssertGradient(c, "grads", "d_queries", g.DQueries.Data);
            AssertGradient(c, "grads", "d_source", (g.DKeys + g.DValues).Data);
        }
        else AssertGradient(c, "grads", "d_queries", g.DSelf.Data);
        AssertParameterGradients(c, parameters, gradients);
    }

    private static Activation ActivationOf(ReferenceCase c) => c.String("activation") == "relu" ? Activation.Relu : Activation.Gelu;

    private static NormPlacement NormOf(ReferenceCase c) => c.String("norm") == "PreNorm" ? NormPlacement.PreNorm : NormPlacement.PostNorm;

    [Theory]
    [MemberData(nameof(Cases), "encoder_block")]
    public void Encoder_block(string name)
    {
        var c = Case(name);
        var block = new EncoderBlock(8, c.Int("num_heads"), c.Int("d_ff"), seed: 0, ActivationOf(c), NormOf(c));
        var parameters = Parameters.Of(block, "block");
        LoadParameters(c, parameters);
        var gradients = new Gradients();
        var trace = Backprop.EncoderBlockForward(block, c.Matrix("x"), c.Mask("mask"));
        AssertGradient(c, "grads", "d_x", Backprop.EncoderBlockBackward(block, trace, c.Matrix("d_output"), gradients).Data);
        AssertParameterGradients(c, parameters, gradients);
    }

    [Theory]
    [MemberData(nameof(Cases), "decoder_block")]
    public void Decoder_block(string name)
    {
        var c = Case(name);
        var block = new DecoderBlock(8, c.Int("num_heads"), c.Int("d_ff"), seed: 0, ActivationOf(c), NormOf(c));
        var parameters = Parameters.Of(block, "block");
        LoadParameters(c, parameters);
        var gradients = new Gradients();
        var trace = Backprop.DecoderBlockForward(block, c.Matrix("x"), c.Matrix("memory"), c.Mask("self_mask"), c.Mask("memory_mask"));
        var g = Backprop.DecoderBlockBackward(block, trace, c.Matrix("d_output"), gradients);
        AssertGradient(c, "grads", "d_x", g.DInput.Data);
        AssertGradient(c, "grads", "d_memory", g.DMemory.Data);
        AssertParameterGradients(c, parameters, gradients);
    }

    [Fact]
    public void Cross_entropy_with_ignored_row()
    {
        var c = Case("cross_entropy");
        var trace = Backprop.CrossEntropyForward(c.Matrix("logits"), Ints(c, "targets"));
        Assert.Equal(c.Expected("loss").Data[0], trace.Loss, 1e-5);
        AssertGradient(c, "grads", "d_logits", Backprop.CrossEntropyBackward(trace).Data);
    }
}
