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
