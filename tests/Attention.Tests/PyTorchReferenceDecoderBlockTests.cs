using Attention;

namespace Attention.Tests;

/// <summary>DecoderBlock against torch.nn.TransformerDecoderLayer (dropout 0, ReLU, batch_first, norm_first False/True) in float64.</summary>
public class PyTorchReferenceDecoderBlockTests
{
    private const string File = "decoder_block.json";

    public static TheoryData<string> Cases => ReferenceFile.CaseNames(File);

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
