using Attention;

namespace Attention.Tests;

/// <summary>Activations.Gelu and Activations.Relu against torch.nn.functional.gelu (exact erf form) and relu in float64.</summary>
public class PyTorchReferenceActivationTests
{
    private const string File = "activations.json";

    // |actual − expected| ≤ 1e-5 + 1e-5·|expected|: element-wise functions of O(1) values; torch's own float32 GELU is
    // within 2.4e-7. The tanh approximation of GELU is up to ~5e-4 off and fails. See tests/reference/README.md.
    private const double Atol = 1e-5, Rtol = 1e-5;

    public static TheoryData<string> Cases => ReferenceFile.CaseNames(File);

    [Theory]
    [MemberData(nameof(Cases))]
    public void Gelu_matches_exact_torch_gelu(string caseName)
    {
        var c = ReferenceFile.Load(File).Case(caseName);
        ReferenceAssert.Close(c, "gelu", c.Expected("gelu"), Activations.Gelu(c.Matrix("x")), Atol, Rtol);
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Relu_matches_torch_relu(string caseName)
    {
        var c = ReferenceFile.Load(File).Case(caseName);
        ReferenceAssert.Close(c, "relu", c.Expected("relu"), Activations.Relu(c.Matrix("x")), Atol, Rtol);
    }
}
