using Attention;

namespace Attention.Tests;

/// <summary>EncoderBlock against torch.nn.TransformerEncoderLayer (dropout 0, ReLU, batch_first, norm_first False/True) in float64.</summary>
public class PyTorchReferenceEncoderBlockTests
{
    private const string File = "encoder_block.json";

    public static TheoryData<string> Cases => ReferenceFile.CaseNames(File);

    [Theory]
    [MemberData(nameof(Cases))]
    public void Our_mask_is_the_negation_of_torch_src_mask_and_src_key_padding_mask(string caseName)
    {
        // torch's boolean masks mean true = NOT allowed; ours means true = may attend.
        var c = ReferenceFile.Load(File).Case(caseName);
        var ours = c.BoolMatrix("mask");
        int t = ours.GetLength(0);
        var srcMask = c.Has("torch_src_mask") ? c.BoolMatrix("torch_src_mask") : null;
        var keyPadding = c.Has("torch_src_key_padding_mask") ? c.BoolVector("torch_src_key_padding_mask") : null;
        var expected = new bool[t, t];
        for (int i = 0; i < t; i++)
            for (int j = 0; j < t; j++)
                expected[i, j] = !(srcMask?[i, j] ?? false) && !(keyPadding?[j] ?? false);
        ReferenceAssert.SameMask(c, "mask", expected, ours);

        string kind = c.String("mask_kind");
        if (kind == "causal")
            ReferenceAssert.SameMask(c, "Mask.Causal", ours, Mask.Causal(t).ToArray());
        else if (kind.StartsWith("padding:", StringComparison.Ordinal))
            ReferenceAssert.SameMask(c, "Mask.Padding", ours,
                Mask.Padding(t, t, int.Parse(kind["padding:".Length..], System.Globalization.CultureInfo.InvariantCulture)).ToArray());
    }
}
