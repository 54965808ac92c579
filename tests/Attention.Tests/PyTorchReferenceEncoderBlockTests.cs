using Attention;

namespace Attention.Tests;

/// <summary>EncoderBlock against torch.nn.TransformerEncoderLayer (dropout 0, ReLU, batch_first, norm_first False/True) in float64.</summary>
public class PyTorchReferenceEncoderBlockTests
{
    private const string File = "encoder_block.json";

    // |actual − expected| ≤ 1e-4 + 1e-4·|expected|: two sub-layers, each with a layer norm that divides by the row's
    // standard deviation and so re-amplifies the absolute error accumulated before it. torch's own float32 layer is within
    // 4.3e-7 here; 1e-4 leaves room for a different summation order while any real mistake (swapped norm placement, a
    // transposed weight, a mask off by one) moves outputs by O(0.1). See tests/reference/README.md.
    private const double Atol = 1e-4, Rtol = 1e-4;

    public static TheoryData<string> Cases => ReferenceFile.CaseNames(File);

    [Theory]
    [MemberData(nameof(Cases))]
    public void EncoderBlock_matches_torch_TransformerEncoderLayer_output_and_self_attention_weights(string caseName)
    {
        var c = ReferenceFile.Load(File).Case(caseName);
        var block = Block(c);
        var result = block.Forward(c.Matrix("x"), c.Mask("mask"));
        ReferenceAssert.Close(c, "output", c.Expected("output"), result.Output, Atol, Rtol);
        ReferenceAssert.Close(c, "self_attention_weights", c.Expected("self_attention_weights"), result.SelfAttentionWeights, Atol, Rtol);
    }

    private static EncoderBlock Block(ReferenceCase c)
    {
        var feedForward = c.Group("feed_forward");
        Assert.Equal("relu", feedForward.String("activation"));
        var norm = c.String("norm") switch
        {
            "PostNorm" => NormPlacement.PostNorm,
            "PreNorm" => NormPlacement.PreNorm,
            var other => throw new InvalidDataException($"{c}: unknown norm '{other}'."),
        };
        return new EncoderBlock(c.MultiHeadAttention(c.Int("num_heads"), "self_attention"),
            new FeedForward(feedForward.Linear("first"), feedForward.Linear("second"), Activation.Relu),
            c.LayerNorm("norm1"), c.LayerNorm("norm2"), norm);
    }

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
