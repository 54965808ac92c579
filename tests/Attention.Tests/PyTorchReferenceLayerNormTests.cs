using Attention;

namespace Attention.Tests;

/// <summary>LayerNorm against torch.nn.functional.layer_norm with gamma and beta in float64.</summary>
public class PyTorchReferenceLayerNormTests
{
    private const string File = "layer_norm.json";

    // |actual − expected| ≤ 1e-5 + 1e-5·|expected|: a mean, a variance and a division per row of ≤ 8 values. torch's own
    // float32 error is ≤ 1.5e-7 except offset_rows (mean 50, 4.8e-6), which is deliberately ill-conditioned. See
    // tests/reference/README.md.
    private const double Atol = 1e-5, Rtol = 1e-5;

    public static TheoryData<string> Cases => ReferenceFile.CaseNames(File);

    [Theory]
    [MemberData(nameof(Cases))]
    public void LayerNorm_matches_torch_layer_norm(string caseName)
    {
        var c = ReferenceFile.Load(File).Case(caseName);
        var norm = new LayerNorm(c.Vector("gamma"), c.Vector("beta"), c.Float("epsilon"));
        var output = norm.Forward(c.Matrix("x"));
        ReferenceAssert.Close(c, "output", c.Expected("output"), output, Atol, Rtol);
    }
}
