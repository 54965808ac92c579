using Attention;

namespace Attention.Tests;

/// <summary>MultiHeadAttention against torch.nn.MultiheadAttention(D, H, bias=True, batch_first=True) in float64.</summary>
public class PyTorchReferenceMultiHeadAttentionTests
{
    private const string File = "multihead_attention.json";

    // |actual − expected| ≤ 1e-5 + 1e-5·|expected|: four D ≤ 12 projections around one attention, all O(1); torch's own
    // float32 module is within 3.1e-7. See tests/reference/README.md.
    private const double Atol = 1e-5, Rtol = 1e-5;

    public static TheoryData<string> Cases => ReferenceFile.CaseNames(File);

    [Theory]
    [MemberData(nameof(Cases))]
    public void MultiHeadAttention_matches_torch_output_per_head_weights_and_head_outputs(string caseName)
    {
        var c = ReferenceFile.Load(File).Case(caseName);
        var mha = c.MultiHeadAttention(c.Int("num_heads"));
        var queries = c.Matrix("queries");
        var memory = c.Bool("self_attention") ? queries : c.Matrix("memory");
        var result = mha.Forward(queries, memory, memory, c.Mask("mask"));
        ReferenceAssert.Close(c, "output", c.Expected("output"), result.Output, Atol, Rtol);
        ReferenceAssert.Close(c, "weights", c.Expected("weights"), result.Weights, Atol, Rtol);
        ReferenceAssert.Close(c, "head_outputs", c.Expected("head_outputs"), result.HeadOutputs, Atol, Rtol);
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Our_mask_is_the_negation_of_torch_attn_mask_and_key_padding_mask(string caseName)
    {
        // torch's boolean masks mean true = NOT allowed; ours means true = may attend.
        var c = ReferenceFile.Load(File).Case(caseName);
        var ours = c.BoolMatrix("mask");
        int t = ours.GetLength(0), s = ours.GetLength(1);
        var expected = new bool[t, s];
        var attnMask = c.Has("torch_attn_mask") ? c.BoolMatrix("torch_attn_mask") : null;
        var keyPadding = c.Has("torch_key_padding_mask") ? c.BoolVector("torch_key_padding_mask") : null;
        for (int i = 0; i < t; i++)
            for (int j = 0; j < s; j++)
                expected[i, j] = !(attnMask?[i, j] ?? false) && !(keyPadding?[j] ?? false);
        ReferenceAssert.SameMask(c, "mask", expected, ours);
    }
}

/// <summary>
/// <see cref="MultiHeadAttention.FromPyTorch"/> against the same torch outputs: the JSON stores W_Q, W_K, W_V, W_O in our
/// (in, out) layout, so the test rebuilds torch's packed <c>in_proj_weight</c> (3D, D) = [W_Qᵀ; W_Kᵀ; W_Vᵀ] and
/// <c>out_proj.weight</c> = W_Oᵀ independently, and FromPyTorch must undo that packing exactly.
/// </summary>
public class PyTorchReferenceFromPyTorchTests
{
    private const string File = "multihead_attention.json";
    private const double Atol = 1e-5, Rtol = 1e-5;

    public static TheoryData<string> Cases => ReferenceFile.CaseNames(File);

    private static Matrix TorchLayout(ReferenceCase c, string key) => c.Group(key).Matrix("weight").Transpose(); // (in, out) -> (out, in)

    [Theory]
    [MemberData(nameof(Cases))]
    public void FromPyTorch_with_torch_in_proj_weight_reproduces_the_torch_output(string caseName)
    {
        var c = ReferenceFile.Load(File).Case(caseName);
        int d = c.Int("d_model");
        var inProjWeight = new Matrix(3 * d, d);
        var inProjBias = new float[3 * d];
        string[] blocks = ["w_q", "w_k", "w_v"];
        for (int b = 0; b < 3; b++)
        {
            TorchLayout(c, blocks[b]).Data.CopyTo(inProjWeight.Data, b * d * d);
            c.Group(blocks[b]).Vector("bias").CopyTo(inProjBias, b * d);
        }

        var mha = MultiHeadAttention.FromPyTorch(inProjWeight, inProjBias, TorchLayout(c, "w_o"), c.Group("w_o").Vector("bias"), c.Int("num_heads"));

        var queries = c.Matrix("queries");
        var memory = c.Bool("self_attention") ? queries : c.Matrix("memory");
        var result = mha.Forward(queries, memory, memory, c.Mask("mask"));
        ReferenceAssert.Close(c, "output", c.Expected("output"), result.Output, Atol, Rtol);
        ReferenceAssert.Close(c, "weights", c.Expected("weights"), result.Weights, Atol, Rtol);
        Assert.Equal(c.Group("w_k").Matrix("weight").Data, mha.WK.Weight.Data); // the key block, transposed back exactly
    }

    [Fact]
    public void FromPyTorch_names_the_parameter_and_the_shapes_when_they_do_not_fit()
    {
        var ex = Assert.Throws<ArgumentException>(() => MultiHeadAttention.FromPyTorch(new Matrix(8, 4), null, new Matrix(4, 4), null, 2));
        Assert.Equal("inProjWeight", ex.ParamName);
        TestData.AssertMessageContains(ex, "(8, 4)", "(12, 4)");
        Assert.Equal("inProjBias", Assert.Throws<ArgumentException>(() => MultiHeadAttention.FromPyTorch(new Matrix(12, 4), new float[8], new Matrix(4, 4), null, 2)).ParamName);
        Assert.Equal("outProjWeight", Assert.Throws<ArgumentException>(() => MultiHeadAttention.FromPyTorch(new Matrix(12, 4), null, new Matrix(4, 3), null, 2)).ParamName);
        Assert.Equal("outProjBias", Assert.Throws<ArgumentException>(() => MultiHeadAttention.FromPyTorch(new Matrix(12, 4), null, new Matrix(4, 4), new float[3], 2)).ParamName);
        Assert.Equal("numHeads", Assert.Throws<ArgumentException>(() => MultiHeadAttention.FromPyTorch(new Matrix(12, 4), null, new Matrix(4, 4), null, 3)).ParamName);
        Assert.Null(MultiHeadAttention.FromPyTorch(new Matrix(12, 4), null, new Matrix(4, 4), null, 2).WQ.Bias);
    }
}
