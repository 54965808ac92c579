using Attention;

namespace Attention.Tests;

/// <summary>Ops.ScaledDotProductAttention against softmax(Q·Kᵀ·scale + bias + mask)·V computed by PyTorch in float64.</summary>
public class PyTorchReferenceAttentionTests
{
    private const string File = "attention.json";

    public static TheoryData<string> FactoryMaskCases =>
        ReferenceFile.CaseNames(File, c => c.Has("mask") && c.String("mask_kind") != "custom");

    [Theory]
    [MemberData(nameof(FactoryMaskCases))]
    public void Reference_masks_are_what_the_named_Mask_factory_builds(string caseName)
    {
        var c = ReferenceFile.Load(File).Case(caseName);
        var mask = c.Mask("mask");
        string kind = c.String("mask_kind");
        Mask built = kind switch
        {
            "causal" => Mask.Causal(mask.Queries, mask.Keys),
            _ when kind.StartsWith("padding:", StringComparison.Ordinal) =>
                Mask.Padding(mask.Queries, mask.Keys, int.Parse(kind["padding:".Length..], System.Globalization.CultureInfo.InvariantCulture)),
            _ => throw new InvalidDataException($"{c}: unknown mask_kind '{kind}'."),
        };
        ReferenceAssert.SameMask(c, $"Mask for {kind}", mask.ToArray(), built.ToArray());
    }
}
