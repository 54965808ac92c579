using Attention;

namespace Attention.Tests;

/// <summary>Ops.ScaledDotProductAttention against softmax(Q·Kᵀ·scale + bias + mask)·V computed by PyTorch in float64.</summary>
public class PyTorchReferenceAttentionTests
{
    private const string File = "attention.json";

    // |actual − expected| ≤ 1e-5 + 1e-5·|expected|: QKᵀ over Dk ≤ 8, one softmax, one weighted sum over S ≤ 7 keys, all
    // O(1) (scores reach ~300 in large_scores_need_max_subtraction, where the rtol term covers them). torch's own
    // float32 error is ≤ 2.3e-6 on those scores and ≤ 3.9e-7 elsewhere. See tests/reference/README.md.
    private const double Atol = 1e-5, Rtol = 1e-5;

    public static TheoryData<string> Cases => ReferenceFile.CaseNames(File, c => !c.Has("torch_weights"));

    public static TheoryData<string> FactoryMaskCases =>
        ReferenceFile.CaseNames(File, c => c.Has("mask") && c.String("mask_kind") != "custom");

    [Theory]
    [MemberData(nameof(Cases))]
    public void ScaledDotProductAttention_matches_torch_scores_weights_and_output(string caseName)
    {
        var c = ReferenceFile.Load(File).Case(caseName);
        var result = Ops.ScaledDotProductAttention(c.Matrix("queries"), c.Matrix("keys"), c.Matrix("values"),
            c.Has("mask") ? c.Mask("mask") : null, c.OptionalFloat("scale"), c.Has("bias") ? c.Matrix("bias") : null);
        ReferenceAssert.Close(c, "scores", c.Expected("scores"), result.Scores, Atol, Rtol);
        ReferenceAssert.Close(c, "weights", c.Expected("weights"), result.Weights, Atol, Rtol);
        ReferenceAssert.Close(c, "output", c.Expected("output"), result.Output, Atol, Rtol);
    }

    [Fact]
    public void ScaledDotProductAttention_gives_zero_weights_and_output_for_fully_masked_queries_where_torch_1_13_gives_NaN()
    {
        var c = ReferenceFile.Load(File).Case("fully_masked_rows");
        var mask = c.Mask("mask");
        var result = Ops.ScaledDotProductAttention(c.Matrix("queries"), c.Matrix("keys"), c.Matrix("values"), mask);

        // Queries 1 and 3 may attend to nothing; the recorded torch 1.13 weights and output are NaN there and only there.
        var torchWeights = c.Expected("torch_weights");
        var torchOutput = c.Expected("torch_output");
        for (int t = 0; t < mask.Queries; t++)
        {
            bool fullyMasked = !mask.Row(t).Contains(true);
            int s = mask.Keys, dV = torchOutput.Shape[1];
            Assert.True(torchWeights.Data.Skip(t * s).Take(s).All(double.IsNaN) == fullyMasked, $"{c}: torch_weights row {t}");
            Assert.True(torchOutput.Data.Skip(t * dV).Take(dV).All(double.IsNaN) == fullyMasked, $"{c}: torch_output row {t}");
        }

        // Our convention: zeros there; the other rows agree with torch.
        ReferenceAssert.Close(c, "scores", c.Expected("scores"), result.Scores, Atol, Rtol);
        ReferenceAssert.Close(c, "weights", c.Expected("weights"), result.Weights, Atol, Rtol);
        ReferenceAssert.Close(c, "output", c.Expected("output"), result.Output, Atol, Rtol);
    }

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
