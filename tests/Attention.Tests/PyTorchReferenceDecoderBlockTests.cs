using Attention;

namespace Attention.Tests;

/// <summary>DecoderBlock against torch.nn.TransformerDecoderLayer (dropout 0, ReLU, batch_first, norm_first False/True) in float64.</summary>
public class PyTorchReferenceDecoderBlockTests
{
    private const string File = "decoder_block.json";

    // |actual − expected| ≤ 1e-4 + 1e-4·|expected|: three sub-layers, each with a layer norm that divides by the row's
    // standard deviation and so re-amplifies the absolute error accumulated before it. torch's own float32 layer is within
    // 6.6e-7 here; 1e-4 leaves room for a different summation order while any real mistake (swapped norm placement, a
    // transposed weight, queries and memory swapped in cross-attention) moves outputs by O(0.1). See tests/reference/README.md.
    private const double Atol = 1e-4, Rtol = 1e-4;

    public static TheoryData<string> Cases => ReferenceFile.CaseNames(File);

    [Theory]
    [MemberData(nameof(Cases))]
    public void DecoderBlock_matches_torch_TransformerDecoderLayer_output_and_attention_weights(string caseName)
    {
        var c = ReferenceFile.Load(File).Case(caseName);
        var block = Block(c);
        var result = block.Forward(c.Matrix("x"), c.Matrix("memory"), c.Mask("self_mask"), c.Mask("memory_mask"));
        ReferenceAssert.Close(c, "output", c.Expected("output"), result.Output, Atol, Rtol);
        ReferenceAssert.Close(c, "self_attention_weights", c.Expected("self_attention_weights"), result.SelfAttentionWeights, Atol, Rtol);
        ReferenceAssert.Close(c, "cross_attention_weights", c.Expected("cross_attention_weights"), result.CrossAttentionWeights, Atol, Rtol);
    }

    private static DecoderBlock Block(ReferenceCase c)
    {
        var feedForward = c.Group("feed_forward");
        Assert.Equal("relu", feedForward.String("activation"));
        var norm = c.String("norm") switch
        {
            "PostNorm" => NormPlacement.PostNorm,
            "PreNorm" => NormPlacement.PreNorm,
            var other => throw new InvalidDataException($"{c}: unknown norm '{other}'."),
        };
        int numHeads = c.Int("num_heads");
        return new DecoderBlock(c.MultiHeadAttention(numHeads, "self_attention"), c.MultiHeadAttention(numHeads, "cross_attention"),
            new FeedForward(feedForward.Linear("first"), feedForward.Linear("second"), Activation.Relu),
            c.LayerNorm("norm1"), c.LayerNorm("norm2"), c.LayerNorm("norm3"), norm);
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Our_masks_are_the_negation_of_torch_tgt_mask_and_memory_key_padding_mask(string caseName)
    {
        // torch's boolean masks mean true = NOT allowed; ours means true = may attend.
        var c = ReferenceFile.Load(File).Case(caseName);
        var selfMask = c.BoolMatrix("self_mask");
        var memoryMask = c.BoolMatrix("memory_mask");
        var tgtMask = c.BoolMatrix("torch_tgt_mask");
        var keyPadding = c.Has("torch_memory_key_padding_mask") ? c.BoolVector("torch_memory_key_padding_mask") : null;
        int t = selfMask.GetLength(0), s = memoryMask.GetLength(1);

        var expectedSelf = new bool[t, t];
        for (int i = 0; i < t; i++)
            for (int j = 0; j < t; j++)
                expectedSelf[i, j] = !tgtMask[i, j];
        ReferenceAssert.SameMask(c, "self_mask", expectedSelf, selfMask);
        ReferenceAssert.SameMask(c, "Mask.Causal", selfMask, Mask.Causal(t).ToArray());

        var expectedMemory = new bool[t, s];
        for (int i = 0; i < t; i++)
            for (int j = 0; j < s; j++)
                expectedMemory[i, j] = !(keyPadding?[j] ?? false);
        ReferenceAssert.SameMask(c, "memory_mask", expectedMemory, memoryMask);
        int validKeys = keyPadding?.Count(p => !p) ?? s;
        ReferenceAssert.SameMask(c, "Mask.Padding", memoryMask, Mask.Padding(t, s, validKeys).ToArray());
    }
}
