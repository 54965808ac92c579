using Attention;

namespace Attention.Tests;

/// <summary>MultiHeadAttention against torch.nn.MultiheadAttention(D, H, bias=True, batch_first=True) in float64.</summary>
public class PyTorchReferenceMultiHeadAttentionTests
{
    private const string File = "multihead_attention.json";

    public static TheoryData<string> Cases => ReferenceFile.CaseNames(File);

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
